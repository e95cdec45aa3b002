/**
 * The upload pipeline over HTTP (issue 4 item 4), under `/api/education`: ask for an upload URL for a
 * module, complete the upload, follow its processing. The uploads facade is generic; the module route
 * names the `module` owner kind, which education registers (`uploads.registerOwner`) in deps.ts.
 * Until it does, every module is unknown here and the route answers 404.
 *
 * Community post attachments (`POST /api/community/attachments`) use the same pipeline with the owner
 * kind `post-attachment` (community registers it): the owner is the caller themself, since the post
 * does not exist yet; complete and status are the routes below. A ready upload's id then goes into a
 * post's `attachments`.
 */
import {
  AttachmentUploadRequest,
  UploadIdParams,
  UploadOwnerIdParams,
  UploadRequestBody,
  UploadTicket,
  UploadView,
} from '@diatonic/api-schemas';
import { type Actor, AppError, attachmentOwnerKind, type Uploads } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

export const moduleOwnerKind = 'module';

const requestModuleUploadRoute = createRoute({
  method: 'post',
  path: '/api/education/modules/{id}/upload',
  tags: ['uploads'],
  summary:
    'Ask for a signed URL to upload a file to a module (section asset, thumbnail or document): type and size are checked against the limits and the storage quota; PUT the bytes to `uploadUrl` with `headers`, then complete',
  ...signedIn({ action: 'upload.request', target: (params) => ({ type: 'module', id: params.id ?? '' }) }),
  request: { params: UploadOwnerIdParams, body: jsonBody(UploadRequestBody) },
  responses: {
    201: jsonResponse('Where and how to upload the file', UploadTicket),
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});

const requestAttachmentUploadRoute = createRoute({
  method: 'post',
  path: '/api/community/attachments',
  tags: ['uploads', 'community'],
  summary:
    "Ask for a signed URL to upload a post attachment (post:create; PNG, JPEG, WebP or GIF up to 10 MiB, PDF up to 20 MiB): PUT the bytes, complete, wait for `ready`, then list the upload id in a post's `attachments` (how many a post may carry depends on your trust level)",
  ...signedIn({ action: 'upload.request', target: () => ({ type: 'attachment', id: 'new' }) }),
  request: { body: jsonBody(AttachmentUploadRequest) },
  responses: {
    201: jsonResponse('Where and how to upload the file', UploadTicket),
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

const completeUploadRoute = createRoute({
  method: 'post',
  path: '/api/education/uploads/{uploadId}/complete',
  tags: ['uploads'],
  summary:
    'Say the file was uploaded: queues its processing (type sniffing, metadata, thumbnails); 409 when nothing was uploaded yet',
  ...signedIn({ action: 'upload.complete', target: (params) => ({ type: 'upload', id: params.uploadId ?? '' }) }),
  request: { params: UploadIdParams },
  responses: { 200: jsonResponse('The upload, now processing', UploadView), ...errorResponses(401, 404, 409) },
});

const getUploadRoute = createRoute({
  method: 'get',
  path: '/api/education/uploads/{uploadId}',
  tags: ['uploads'],
  summary:
    'An upload and its processing status: pending, processing, ready (with the asset) or rejected (with the reason)',
  ...signedIn(),
  request: { params: UploadIdParams },
  responses: { 200: jsonResponse('The upload', UploadView), ...errorResponses(401, 404) },
});

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.notFound('upload');
  return actor;
}

export function uploadRoutes({ uploads }: { uploads: Uploads }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(requestModuleUploadRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { sectionId, ...body } = c.req.valid('json');
      const ticket = await uploads.requestUpload(actorOf(c), {
        ownerKind: moduleOwnerKind,
        ownerId: id,
        ...body,
        ...(sectionId ? { context: { sectionId } } : {}),
      });
      return c.json({ ...ticket, expiresAt: new Date(ticket.expiresAt).toISOString() }, 201);
    })
    .openapi(requestAttachmentUploadRoute, async (c) => {
      const actor = actorOf(c);
      const ticket = await uploads.requestUpload(actor, {
        ownerKind: attachmentOwnerKind,
        ownerId: actor.userId,
        ...c.req.valid('json'),
        purpose: 'attachment',
      });
      return c.json({ ...ticket, expiresAt: new Date(ticket.expiresAt).toISOString() }, 201);
    })
    .openapi(completeUploadRoute, async (c) =>
      c.json(await uploads.complete(actorOf(c), c.req.valid('param').uploadId), 200),
    )
    .openapi(getUploadRoute, async (c) => c.json(await uploads.get(actorOf(c), c.req.valid('param').uploadId), 200));
}
