/**
 * The MediaInspector adapter. file-type sniffs magic bytes; sharp reads image dimensions and makes
 * WebP thumbnails (at most 320×320, never enlarged); music-metadata reads audio and video durations
 * from a stream; unpdf (pdf.js) counts PDF pages and extracts their text.
 *
 * PDF thumbnails are not made: rendering a page needs a canvas implementation (@napi-rs/canvas or
 * node-canvas, native modules this project does not ship), so PDFs get page count and text only.
 */
import {
  AppError,
  countWords,
  type MediaInspector,
  type MediaKind,
  type MediaSource,
  type Thumbnail,
} from '@diatonic/core';
import { mp4DurationSeconds } from './mp4-duration.ts';

/** Imports a module on first use and keeps the promise (a failed import is tried again next time). */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

// Every library is loaded on first use. sharp's native binary is platform-specific, and a process
// that never touches an image (the API and scheduler Lambdas, which bundle this module) must not fail
// to start where that binary is absent. unpdf (pdf.js, 1.6 MB), music-metadata and file-type are
// only needed while an upload is processed; loaded lazily, the Lambda bundles keep them in separate
// chunks that a cold start does not parse (apps/infra bundles with code splitting).
const loadSharp = onFirstUse(() => import('sharp').then((m) => m.default));
const loadUnpdf = onFirstUse(() => import('unpdf'));
const loadMusicMetadata = onFirstUse(() => import('music-metadata'));
const loadFileType = onFirstUse(() => import('file-type'));
// The canvas pdf.js draws a PDF's first page on (a native module). Where its binary is missing (the
// Lambda bundles do not ship it) a PDF simply has no thumbnail: the issue asks for one "where possible".
const loadCanvas = onFirstUse(() => import('@napi-rs/canvas'));

// pdf.js 5 (inside unpdf) calls Promise.try, which Node has from 22.10 on; Node 20 gets this stand-in.
if (typeof (Promise as { try?: unknown }).try !== 'function') {
  Object.defineProperty(Promise, 'try', {
    configurable: true,
    writable: true,
    value: <T>(fn: (...args: unknown[]) => T | PromiseLike<T>, ...args: unknown[]) =>
      new Promise<T>((resolve) => resolve(fn(...args))),
  });
}

// pdf.js also transfers buffers with ArrayBuffer#transferToFixedLength (Node 21+). Without it, drawing a
// page fails inside pdf.js, which swallows the error and draws a blank page. A copy does what it needs.
if (typeof (ArrayBuffer.prototype as { transferToFixedLength?: unknown }).transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength) {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}

const isoMedia = new Set(['video/mp4', 'video/quicktime', 'audio/mp4', 'audio/x-m4a']);

export const thumbnailMaxSide = 320;
/** Extracted PDF text kept with the asset (characters). */
export const maxExtractedTextChars = 20_000;
/** Images with more pixels than this are refused (decompression bombs). */
const maxInputPixels = 100_000_000;

function unreadable(kind: MediaKind, cause: unknown): AppError {
  return new AppError('unprocessable', `The file could not be read as ${kind === 'pdf' ? 'a PDF' : `${kind}`}`, {
    details: { reason: 'unreadable', kind },
    cause,
  });
}

async function imageMetadata(source: MediaSource) {
  const sharp = await loadSharp();
  const info = await sharp(await source.read(), { limitInputPixels: maxInputPixels }).metadata();
  if (!info.width || !info.height) throw new Error('no dimensions');
  // EXIF orientations 5–8 swap width and height on display.
  const rotated = (info.orientation ?? 1) >= 5;
  return { width: rotated ? info.height : info.width, height: rotated ? info.width : info.height };
}

async function durationMetadata(source: MediaSource) {
  const { parseWebStream } = await loadMusicMetadata();
  const parsed = await parseWebStream(
    await source.stream(),
    { mimeType: source.contentType, size: source.sizeBytes },
    { duration: true, skipCovers: true },
  );
  // music-metadata times MP4 audio tracks only; a silent video's length is in its movie header.
  const seconds =
    parsed.format.duration ??
    (isoMedia.has(source.contentType) ? await mp4DurationSeconds(source.readRange, source.sizeBytes) : undefined);
  return seconds !== undefined && Number.isFinite(seconds)
    ? { durationSeconds: Math.round(seconds * 1000) / 1000 }
    : {};
}

async function pdfMetadata(source: MediaSource) {
  const { extractText, getDocumentProxy } = await loadUnpdf();
  const pdf = await getDocumentProxy(new Uint8Array(await source.read()));
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    const clean = text.replace(/\s+/g, ' ').trim();
    return {
      pageCount: totalPages,
      ...(clean ? { text: clean.slice(0, maxExtractedTextChars), wordCount: countWords(clean) } : {}),
    };
  } finally {
    await pdf.destroy();
  }
}

/** The first page drawn as a PNG (wide enough for a sharp thumbnail), or undefined without a canvas. */
async function pdfFirstPage(source: MediaSource): Promise<Uint8Array | undefined> {
  const canvas = await loadCanvas().catch(() => undefined);
  if (!canvas) return undefined;
  const { renderPageAsImage } = await loadUnpdf();
  const png = await renderPageAsImage(new Uint8Array(await source.read()), 1, {
    canvasImport: async () => canvas,
    width: thumbnailMaxSide * 2,
  });
  return new Uint8Array(png);
}

export function createMediaInspector(): MediaInspector {
  return {
    async sniff(head) {
      const { fileTypeFromBuffer } = await loadFileType();
      const found = await fileTypeFromBuffer(head);
      return found ? { mime: found.mime, ext: found.ext } : undefined;
    },
    async metadata(kind, source) {
      try {
        switch (kind) {
          case 'image':
            return await imageMetadata(source);
          case 'audio':
          case 'video':
            return await durationMetadata(source);
          case 'pdf':
            return await pdfMetadata(source);
          case 'text':
            return {};
        }
      } catch (error) {
        throw unreadable(kind, error);
      }
    },
    async thumbnail(kind, source): Promise<Thumbnail | undefined> {
      if (kind !== 'image' && kind !== 'pdf') return undefined;
      try {
        const picture = kind === 'pdf' ? await pdfFirstPage(source) : await source.read();
        if (!picture) return undefined;
        const sharp = await loadSharp();
        const { data, info } = await sharp(picture, { limitInputPixels: maxInputPixels })
          .rotate()
          .resize(thumbnailMaxSide, thumbnailMaxSide, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
        return { bytes: new Uint8Array(data), contentType: 'image/webp', width: info.width, height: info.height };
      } catch (error) {
        throw unreadable(kind, error);
      }
    },
  };
}
