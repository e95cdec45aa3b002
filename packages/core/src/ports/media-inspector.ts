/**
 * MediaInspector: what the upload pipeline asks of a file's bytes. `sniff` names the real type from
 * the magic bytes (never from the name or the declared type); `metadata` reads duration, dimensions,
 * page count and text; `thumbnail` makes a small preview. The adapter (packages/adapters/src/media)
 * uses file-type, music-metadata, sharp and unpdf; core only decides what to accept.
 */
import type { AssetMetadata } from '../uploads/upload-owner.ts';

export type MediaKind = 'image' | 'video' | 'audio' | 'pdf' | 'text';

export interface SniffedType {
  mime: string;
  ext: string;
}

/** How many leading bytes `sniff` needs (file-type's sample size). */
export const sniffBytes = 4100;

export interface MediaSource {
  contentType: string;
  sizeBytes: number;
  /** The whole file (images, PDFs and texts are small enough to buffer). */
  read(): Promise<Uint8Array>;
  /** Bytes `start` to `end` inclusive (seeking inside large files). */
  readRange(start: number, end: number): Promise<Uint8Array>;
  /** The file as a stream (audio and video). */
  stream(): Promise<ReadableStream<Uint8Array>>;
}

export interface Thumbnail {
  bytes: Uint8Array;
  contentType: string;
  width: number;
  height: number;
}

export interface MediaInspector {
  /** The type the leading bytes reveal; undefined when they match no binary format (plain text, or unknown). */
  sniff(head: Uint8Array): Promise<SniffedType | undefined>;
  /** Throws AppError `unprocessable` when the file cannot be parsed as `kind`. */
  metadata(kind: MediaKind, source: MediaSource): Promise<AssetMetadata>;
  /** A preview image, or undefined when this kind gets none. */
  thumbnail(kind: MediaKind, source: MediaSource): Promise<Thumbnail | undefined>;
}
