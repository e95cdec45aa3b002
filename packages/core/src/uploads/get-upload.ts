import type { Actor } from '../shared/actor.ts';
import type { UploadView } from './upload-record.ts';
import { loadVisibleUpload, toUploadView } from './upload-views.ts';
import type { UploadsDeps } from './uploads-deps.ts';

/** Status of an upload: pending → processing → ready | rejected (with the reason). */
export async function getUpload(deps: UploadsDeps, actor: Actor, uploadId: string): Promise<UploadView> {
  const record = await loadVisibleUpload(deps, actor, uploadId);
  return toUploadView(deps.blobs, record, deps.settings.downloadUrlSeconds);
}
