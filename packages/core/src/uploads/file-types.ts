/**
 * What may be uploaded, and how big. One table per accepted content type: its kind, the size limit of
 * that kind, the file-name extensions that may carry it, and the types the magic bytes may reveal
 * (file-type's names). Anything not listed is refused with 415 at request time.
 *
 * | kind  | content types                                                  | limit   |
 * | ----- | -------------------------------------------------------------- | ------- |
 * | image | image/png, image/jpeg, image/webp, image/gif                  | 10 MiB  |
 * | video | video/mp4, video/webm, video/quicktime                         | 500 MiB |
 * | audio | audio/mpeg, audio/mp4, audio/wav, audio/ogg, audio/webm        | 100 MiB |
 * | pdf   | application/pdf                                                | 50 MiB  |
 * | text  | text/markdown, text/plain (UTF-8, no NUL bytes)                | 2 MiB   |
 *
 * SVG is deliberately absent: it is a document that can carry scripts, not an image.
 */
import type { MediaKind } from '../ports/media-inspector.ts';
import type { UploadPurpose } from './upload-owner.ts';

const mib = 1024 * 1024;

export const maxBytesByKind: Readonly<Record<MediaKind, number>> = {
  image: 10 * mib,
  video: 500 * mib,
  audio: 100 * mib,
  pdf: 50 * mib,
  text: 2 * mib,
};

export interface AcceptedType {
  kind: MediaKind;
  /** Extensions a file name of this type may end with; the first names the stored object. */
  extensions: readonly string[];
  /** What sniffing the magic bytes may answer; empty for text, which has no magic bytes. */
  sniffedAs: readonly string[];
}

export const acceptedTypes: Readonly<Record<string, AcceptedType>> = {
  'image/png': { kind: 'image', extensions: ['png'], sniffedAs: ['image/png', 'image/apng'] },
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'], sniffedAs: ['image/jpeg'] },
  'image/webp': { kind: 'image', extensions: ['webp'], sniffedAs: ['image/webp'] },
  'image/gif': { kind: 'image', extensions: ['gif'], sniffedAs: ['image/gif'] },
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'], sniffedAs: ['video/mp4', 'video/x-m4v'] },
  'video/webm': { kind: 'video', extensions: ['webm'], sniffedAs: ['video/webm'] },
  'video/quicktime': { kind: 'video', extensions: ['mov'], sniffedAs: ['video/quicktime'] },
  'audio/mpeg': { kind: 'audio', extensions: ['mp3'], sniffedAs: ['audio/mpeg'] },
  'audio/mp4': { kind: 'audio', extensions: ['m4a', 'mp4'], sniffedAs: ['audio/mp4', 'audio/x-m4a', 'video/mp4'] },
  'audio/wav': { kind: 'audio', extensions: ['wav'], sniffedAs: ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'] },
  'audio/ogg': { kind: 'audio', extensions: ['ogg', 'oga', 'opus'], sniffedAs: ['audio/ogg', 'audio/opus'] },
  'audio/webm': { kind: 'audio', extensions: ['weba', 'webm'], sniffedAs: ['audio/webm', 'video/webm'] },
  'application/pdf': { kind: 'pdf', extensions: ['pdf'], sniffedAs: ['application/pdf'] },
  'text/markdown': { kind: 'text', extensions: ['md', 'markdown'], sniffedAs: [] },
  'text/plain': { kind: 'text', extensions: ['txt'], sniffedAs: [] },
};

/** Which kinds each purpose takes. */
export const kindsByPurpose: Readonly<Record<UploadPurpose, readonly MediaKind[]>> = {
  'section-asset': ['image', 'video', 'audio', 'pdf', 'text'],
  thumbnail: ['image'],
  document: ['pdf', 'text'],
  attachment: ['image', 'video', 'audio', 'pdf', 'text'],
  avatar: ['image'],
};

/** The folder under the owner's key prefix. */
export const folderByKind: Readonly<Record<MediaKind, string>> = {
  image: 'images',
  video: 'videos',
  audio: 'audio',
  pdf: 'documents',
  text: 'documents',
};

/** Types never accepted, whatever was declared; named so the rejection says why. */
export const executableTypes: ReadonlySet<string> = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/x-executable',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/wasm',
  'application/java-vm',
  'application/x-sh',
  'application/x-msi',
  'application/vnd.android.package-archive',
]);

export const archiveTypes: ReadonlySet<string> = new Set([
  'application/zip',
  'application/x-tar',
  'application/gzip',
  'application/x-gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/zstd',
  'application/x-lzip',
  'application/x-cpio',
  'application/x-iso9660-image',
  'application/x-apple-diskimage',
  'application/java-archive',
]);

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}
