/**
 * Where a key lives on disk. S3 lets `a` and `a/b` exist side by side, a file system does not, so every
 * object file name ends in `@` (a character keys may not contain): `a` → `objects/a@`,
 * `a/b` → `objects/a/b@`, and directories never clash with files. The content type and write time sit
 * beside the object in `<name>@meta.json`. Keys are checked (`checkBlobKey`) before they get here, so
 * no segment is empty, `.` or `..` and the path cannot leave `objects/`.
 */
import { join, sep } from 'node:path';

export const objectSuffix = '@';
export const metaSuffix = '@meta.json';

export interface BlobPaths {
  root: string;
  objects: string;
  tmp: string;
  objectFile(key: string): string;
  metaFile(key: string): string;
  /** The key of an object file path, or undefined for anything else (meta files, strays). */
  keyOf(file: string): string | undefined;
}

export function blobPaths(root: string): BlobPaths {
  const objects = join(root, 'objects');
  const toPath = (key: string) => join(objects, ...key.split('/'));
  return {
    root,
    objects,
    tmp: join(root, 'tmp'),
    objectFile: (key) => `${toPath(key)}${objectSuffix}`,
    metaFile: (key) => `${toPath(key)}${metaSuffix}`,
    keyOf(file) {
      if (!file.startsWith(objects + sep) || !file.endsWith(objectSuffix)) return undefined;
      return file
        .slice(objects.length + 1, -objectSuffix.length)
        .split(sep)
        .join('/');
    },
  };
}
