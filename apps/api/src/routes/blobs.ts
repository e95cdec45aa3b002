/**
 * The local blob store's signed URLs (BLOBS=local only; with S3 the browser talks to S3). No session:
 * the signature is the credential. Uploads stream to disk and are checked by the adapter (signature,
 * expiry and Content-Type → 403, size → 413) before they become visible; app.ts exempts this path
 * from the JSON body limit because the signed size is the limit here. Downloads are served as
 * attachments-safe responses: nosniff, a sandboxing CSP, and the signed file name.
 */
import type { LocalBlobStore } from '@diatonic/adapters/local-blobs';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { audited, errorResponses } from '../http/route-kit.ts';
import { blobUploadPath } from './blob-paths.ts';

const uploadRoute = createRoute({
  method: 'put',
  path: blobUploadPath,
  tags: ['uploads'],
  summary:
    'Upload a file to a signed URL (local blob store): send the bytes with the signed Content-Type; 403 when the link was altered, has expired or the type differs, 413 when the body is larger than signed',
  // Anonymous (the signature is the credential): the trail keeps no entry without an actor; the signed-in
  // steps around it (`upload.request`, `upload.complete`) are audited.
  ...audited({ action: 'upload.object_put' }),
  responses: { 204: { description: 'Stored' }, ...errorResponses(403, 413) },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/api/blobs/download',
  tags: ['uploads'],
  summary:
    'Download a file through a signed URL (local blob store); one `Range: bytes=…` is honoured (206, so video players can seek; 416 past the end); 403 when the link was altered or has expired',
  responses: {
    200: { description: 'The file' },
    206: { description: 'The requested byte range of the file' },
    416: { description: 'The range starts past the end of the file' },
    ...errorResponses(403, 404),
  },
});

function contentLengthOf(header: string | undefined): number | undefined {
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
function disposition(fileName: string | undefined): string {
  if (!fileName) return 'inline';
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Uploaded content never runs as a page of this origin: everything but PDFs is sandboxed with nothing
 * allowed to load. Browsers refuse to show PDFs in a sandbox, and their viewer runs no page script of
 * ours, so PDFs only get the framing rule.
 */
function contentPolicy(contentType: string): string {
  const framing = "frame-ancestors 'self'";
  if (contentType === 'application/pdf') return framing;
  return `default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox; ${framing}`;
}

export function blobRoutes({ localBlobs }: { localBlobs: LocalBlobStore }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(uploadRoute, async (c) => {
      await localBlobs.acceptUpload({
        query: new URL(c.req.url).searchParams,
        contentType: c.req.header('content-type'),
        contentLength: contentLengthOf(c.req.header('content-length')),
        body: c.req.raw.body,
      });
      return c.body(null, 204);
    })
    .openapi(downloadRoute, async (c) => {
      const download = await localBlobs.openDownload(new URL(c.req.url).searchParams, c.req.header('range'));
      const { range, sizeBytes } = download;
      if (range.kind === 'unsatisfiable') {
        return new Response(null, {
          status: 416,
          headers: { 'content-range': `bytes */${sizeBytes}`, 'accept-ranges': 'bytes' },
        }) as never;
      }
      const partial = range.kind === 'partial' ? range.range : undefined;
      return new Response(download.stream, {
        status: partial ? 206 : 200,
        headers: {
          'content-type': download.contentType,
          'content-length': String(partial ? partial.end - partial.start + 1 : sizeBytes),
          ...(partial ? { 'content-range': `bytes ${partial.start}-${partial.end}/${sizeBytes}` } : {}),
          'accept-ranges': 'bytes',
          'content-disposition': disposition(download.fileName),
          'content-security-policy': contentPolicy(download.contentType),
          // The web app may embed files (the module player shows PDFs in a frame); other sites may not.
          'x-frame-options': 'SAMEORIGIN',
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=300',
        },
      }) as never;
    });
}
