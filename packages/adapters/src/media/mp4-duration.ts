/**
 * Duration of an MP4/QuickTime file from its movie header (`moov/mvhd`). music-metadata reports the
 * duration of audio tracks only, so a silent video would have none. The `moov` box may sit at the end
 * of the file (after the media data), so the top-level boxes are walked with range reads.
 */
type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

const maxMoovBytes = 32 * 1024 * 1024;

function view(bytes: Uint8Array) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function typeAt(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** Size of the box header at `offset` in `bytes` and its total size (0 = to the end). */
function boxAt(bytes: Uint8Array, offset: number): { type: string; size: number; header: number } | undefined {
  if (offset + 8 > bytes.length) return undefined;
  const dv = view(bytes);
  const size32 = dv.getUint32(offset);
  const type = typeAt(bytes, offset + 4);
  if (size32 === 1) {
    if (offset + 16 > bytes.length) return undefined;
    return { type, size: Number(dv.getBigUint64(offset + 8)), header: 16 };
  }
  return { type, size: size32, header: 8 };
}

function mvhdSeconds(moov: Uint8Array): number | undefined {
  let offset = 8;
  while (offset + 8 <= moov.length) {
    const child = boxAt(moov, offset);
    if (!child || child.size < 8) return undefined;
    if (child.type === 'mvhd') {
      const dv = view(moov);
      const body = offset + child.header;
      const version = moov[body];
      const timescale = version === 1 ? dv.getUint32(body + 20) : dv.getUint32(body + 12);
      const duration = version === 1 ? Number(dv.getBigUint64(body + 24)) : dv.getUint32(body + 16);
      return timescale > 0 ? duration / timescale : undefined;
    }
    offset += child.size;
  }
  return undefined;
}

export async function mp4DurationSeconds(readRange: ReadRange, sizeBytes: number): Promise<number | undefined> {
  let offset = 0;
  for (let boxes = 0; offset + 8 <= sizeBytes && boxes < 1000; boxes++) {
    const header = await readRange(offset, Math.min(offset + 15, sizeBytes - 1));
    const box = boxAt(header, 0);
    if (!box) return undefined;
    const size = box.size === 0 ? sizeBytes - offset : box.size;
    if (size < box.header) return undefined;
    if (box.type === 'moov') {
      if (size > maxMoovBytes) return undefined;
      return mvhdSeconds(await readRange(offset, offset + size - 1));
    }
    offset += size;
  }
  return undefined;
}
