/**
 * A MediaInspector for domain unit tests: it recognises a handful of magic numbers (PNG, JPEG, PDF,
 * Windows and ELF executables, ZIP), reads PNG dimensions from the IHDR chunk, and "thumbnails" an
 * image into a few marker bytes. A file whose bytes contain `CORRUPT` is unreadable. The real adapter
 * (packages/adapters/src/media) is exercised by its own tests and the API's upload tests.
 */
import type { MediaInspector, SniffedType } from '../ports/media-inspector.ts';
import { AppError } from '../shared/errors.ts';

const signatures: [number[], SniffedType][] = [
  [[0x89, 0x50, 0x4e, 0x47], { mime: 'image/png', ext: 'png' }],
  [[0xff, 0xd8, 0xff], { mime: 'image/jpeg', ext: 'jpg' }],
  [[0x25, 0x50, 0x44, 0x46], { mime: 'application/pdf', ext: 'pdf' }],
  [[0x4d, 0x5a], { mime: 'application/x-msdownload', ext: 'exe' }],
  [[0x7f, 0x45, 0x4c, 0x46], { mime: 'application/x-elf', ext: 'elf' }],
  [[0x50, 0x4b, 0x03, 0x04], { mime: 'application/zip', ext: 'zip' }],
];

/** A PNG header with the given dimensions (signature + IHDR), enough for the fake. */
export function fakePng(width: number, height: number, padTo = 64): Uint8Array {
  const out = new Uint8Array(Math.max(padTo, 33));
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return out;
}

const corrupt = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes).includes('CORRUPT');

export function createFakeMediaInspector(): MediaInspector {
  return {
    async sniff(head) {
      return signatures.find(([magic]) => magic.every((b, i) => head[i] === b))?.[1];
    },
    async metadata(kind, source) {
      const bytes = await source.read();
      if (corrupt(bytes)) throw new AppError('unprocessable', 'corrupt', { details: { reason: 'unreadable' } });
      if (kind === 'image' && bytes.length >= 24) {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return { width: view.getUint32(16), height: view.getUint32(20) };
      }
      if (kind === 'pdf') return { pageCount: 1, text: 'fake pdf text' };
      return {};
    },
    async thumbnail(kind) {
      return kind === 'image'
        ? { bytes: new TextEncoder().encode('thumbnail'), contentType: 'image/webp', width: 32, height: 32 }
        : undefined;
    },
  };
}
