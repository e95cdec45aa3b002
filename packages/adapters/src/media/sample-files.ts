/**
 * Test-only sample files built in code (no binary fixtures in the repository): a PNG of any size
 * (sharp), a PDF with text on N pages, a WAV of a given length, a minimal MP4 whose header states its
 * duration, and the start of a Windows executable, an ELF binary and a ZIP archive.
 */
import sharp from 'sharp';

const ascii = (text: string) => Buffer.from(text, 'latin1');

export async function samplePng(width = 640, height = 480): Promise<Uint8Array> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}

/** A valid PDF with one line of text per page, with a correct cross-reference table. */
export function samplePdf(pages: string[] = ['Hello from page one', 'And page two']): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((line, i) => {
    const stream = `BT /F1 18 Tf 72 720 Td (${line.replace(/[()\\]/g, '')}) Tj ET`;
    objects[pageIds[i]!] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> ' +
      `/Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length;
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(ascii(body));
}

/** 8 kHz mono 8-bit PCM of silence. */
export function sampleWav(seconds = 2): Uint8Array {
  const rate = 8000;
  const samples = rate * seconds;
  const out = Buffer.alloc(44 + samples, 128);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate, 28);
  out.writeUInt16LE(1, 32);
  out.writeUInt16LE(8, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples, 40);
  return new Uint8Array(out);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** An MP4 with only `ftyp` and a movie header stating `seconds`: enough for sniffing and duration. */
export function sampleMp4(seconds = 5, options: { mediaBytesBefore?: number } = {}): Uint8Array {
  const ftyp = box('ftyp', ascii('isom'), Buffer.from([0, 0, 2, 0]), ascii('isomiso2mp41'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(seconds * 1000, 16); // duration
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  for (const [i, v] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries())
    mvhd.writeUInt32BE(v, 36 + i * 4);
  mvhd.writeUInt32BE(2, 96); // next track id
  // Media data before the movie header, as files written without "fast start" have it.
  const mdat = options.mediaBytesBefore ? [box('mdat', Buffer.alloc(options.mediaBytesBefore, 7))] : [];
  return new Uint8Array(Buffer.concat([ftyp, ...mdat, box('moov', box('mvhd', mvhd))]));
}

/** The first bytes of a Windows PE executable (what file-type needs to call it one). */
export function sampleExe(): Uint8Array {
  const out = Buffer.alloc(512);
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(0x80, 0x3c);
  out.write('PE\0\0', 0x80, 'latin1');
  return new Uint8Array(out);
}

export function sampleElf(): Uint8Array {
  const out = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(out);
  return new Uint8Array(out);
}

/** An empty ZIP archive (end-of-central-directory record only) preceded by one local file header. */
export function sampleZip(): Uint8Array {
  const local = Buffer.alloc(30 + 5 + 2);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt16LE(5, 26);
  local.write('a.txt', 30, 'latin1');
  local.write('hi', 35, 'latin1');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return new Uint8Array(Buffer.concat([local, end]));
}
