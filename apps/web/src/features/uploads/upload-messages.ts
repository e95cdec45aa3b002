/** Upload failures in plain words; the upload-specific refusals get sentences of their own. */
import { ApiError } from '../../api/api-error.ts';
import { plainMessage } from '../../api/error-messages.ts';

const mib = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= mib) return `${(bytes / mib).toFixed(bytes >= 100 * mib ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function uploadErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error && error.message ? error.message : plainMessage(error);
  }
  const reason = error.details?.reason;
  const limit = error.details?.limitBytes;
  switch (error.code) {
    case 'unsupported_media_type':
      if (reason === 'extension_mismatch')
        return 'The file name’s extension does not match its type. Rename the file or pick another.';
      if (reason === 'purpose_mismatch') return 'This kind of file cannot be used here.';
      return 'This type of file is not accepted. Use an image (PNG, JPEG, WebP, GIF), a video (MP4, WebM, MOV), audio, a PDF or a Markdown/text file.';
    case 'payload_too_large':
      if (reason === 'storage_quota') return 'Your organisation’s storage is full. Remove files or upgrade the plan.';
      return typeof limit === 'number'
        ? `The file is too large: at most ${formatBytes(limit)}.`
        : 'The file is too large.';
    case 'forbidden':
      if (reason === 'expired') return 'The upload link expired before the file was sent. Try again.';
      if (reason === 'bad_signature' || reason === 'content_type_mismatch') return 'The upload was refused. Try again.';
      return plainMessage(error);
    default:
      return plainMessage(error);
  }
}
