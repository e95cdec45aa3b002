/**
 * A post's files: images as their thumbnail linking to the full file, PDFs as a link with the page
 * count. Links are short-lived signed URLs from the API (refetched with the post).
 */
import type { PostAttachment } from '@diatonic/api-schemas';
import { formatBytes } from '../uploads/upload-messages.ts';

export function PostAttachments({ files }: { files: PostAttachment[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="post-attachments" aria-label="Attachments">
      {files.map((file) => (
        <li key={file.uploadId}>
          {file.url === null ? (
            <span>{file.fileName}</span>
          ) : file.contentType.startsWith('image/') ? (
            <a href={file.url} target="_blank" rel="noreferrer">
              <img
                src={file.thumbnailUrl ?? file.url}
                alt={file.fileName}
                className="attachment-image"
                {...(file.width && file.height ? { width: Math.min(file.width, 320) } : {})}
              />
            </a>
          ) : (
            <a href={file.url} target="_blank" rel="noreferrer">
              {file.fileName}
            </a>
          )}{' '}
          <span className="muted">
            ({formatBytes(file.sizeBytes)}
            {file.pageCount ? `, ${file.pageCount} page${file.pageCount === 1 ? '' : 's'}` : ''}
            {file.width && file.height ? `, ${file.width}×${file.height}` : ''})
          </span>
        </li>
      ))}
    </ul>
  );
}
