/**
 * Step 3: the browser says it has uploaded. The object must be there (else 409, nothing changes);
 * the upload moves to `processing` and a processing job is queued, deduplicated per upload so a
 * double click or a retried request queues one job. Completing an upload that already finished
 * answers its current state.
 */

import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { uploadKey } from './keys.ts';
import type { UploadRecord, UploadView } from './upload-record.ts';
import { loadVisibleUpload, toUploadView } from './upload-views.ts';
import { type UploadsDeps, uploadJobTypes } from './uploads-deps.ts';

export async function completeUpload(deps: UploadsDeps, actor: Actor, uploadId: string): Promise<UploadView> {
  let record = await loadVisibleUpload(deps, actor, uploadId);
  if (record.status === 'pending') {
    if (!(await deps.blobs.head(record.tempKey))) {
      throw AppError.conflict('Upload the file to the upload URL before completing it', {
        reason: 'not_uploaded',
        uploadId,
      });
    }
    try {
      const updated = await deps.store.update<UploadRecord>(uploadKey(actor.orgId, uploadId), {
        set: { status: 'processing', updatedAt: isoAt(deps.clock.nowMs()) },
        condition: [{ kind: 'compare', field: 'status', op: '=', value: 'pending' }],
      });
      record = updated.data;
    } catch (error) {
      // Another request completed it first; fall through to queue (deduplicated) and report.
      if (!(error instanceof ConditionFailedError)) throw error;
      record = await loadVisibleUpload(deps, actor, uploadId);
    }
  }
  if (record.status === 'processing') {
    await deps.queue.send(
      { type: uploadJobTypes.process, payload: { organizationId: actor.orgId, uploadId } },
      { dedupeKey: `upload:${uploadId}` },
    );
  }
  return toUploadView(deps.blobs, record, deps.settings.downloadUrlSeconds);
}
