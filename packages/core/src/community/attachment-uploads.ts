/**
 * The `AttachmentUploads` community needs, made from the uploads facade (core/src/uploads) and a way to
 * sign download links. One place for the wiring the API (apps/api/src/deps.ts) and tests both use.
 */

import { isAppError } from '../shared/errors.ts';
import type { Uploads } from '../uploads/index.ts';
import type { AttachmentUploads } from './attachments.ts';

export function attachmentUploadsFrom(
  uploads: Uploads,
  signDownload: AttachmentUploads['signDownload'],
): AttachmentUploads {
  return {
    statusOf: async (actor, uploadId) => {
      try {
        const view = await uploads.get(actor, uploadId);
        return { status: view.status, reason: view.reason, message: view.message, ownerKind: view.ownerKind };
      } catch (error) {
        if (isAppError(error) && error.code === 'not_found') return null;
        throw error;
      }
    },
    discard: (organizationId, uploadId) => uploads.discard(organizationId, uploadId),
    claimOperation: (organizationId, uploadId) => uploads.claimOperation(organizationId, uploadId),
    ownedBy: (organizationId, ownerKind, ownerId, limit) => uploads.ownedBy(organizationId, ownerKind, ownerId, limit),
    signDownload,
  };
}
