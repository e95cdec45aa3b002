/**
 * Education's side of the generic uploads module (../uploads/upload-owner.ts), kind `module`:
 * only a module's editors may upload to it, objects live under `orgs/<orgId>/modules/<moduleId>/`, and a processed
 * asset lands where its purpose says: `thumbnail` → thumbnailUrl; `section-asset` → the section named
 * by `sectionId` (from the asset's `context`, given when the upload was requested); `document` (or a
 * section asset without a live section) → the module's documents. Attaching twice changes nothing.
 */
import type { Actor } from '../shared/actor.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import type { ProcessedAsset, UploadOwner } from '../uploads/upload-owner.ts';
import { loadWorkingCopy, requireEditable } from './access.ts';
import { moduleKeyPrefix } from './asset-download.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey, sectionKey } from './keys.ts';
import { moduleOwnerKind, scheduleDiscardOfModuleFiles, uploadIdOf } from './module-files.ts';
import type { AssetRef, ModuleRecord } from './records.ts';
import { estimateMinutes } from './section-content.ts';

/** A processed asset; `context.sectionId` (given when the upload was requested) names its section. */
export type ModuleAsset = ProcessedAsset;

function assetRef(asset: ProcessedAsset): AssetRef {
  const { durationSeconds, width, height, pageCount, wordCount } = asset.metadata;
  return {
    uploadId: asset.uploadId,
    key: asset.key,
    contentType: asset.contentType,
    fileName: asset.fileName,
    sizeBytes: asset.sizeBytes,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(pageCount !== undefined ? { pageCount } : {}),
    ...(wordCount !== undefined ? { wordCount } : {}),
    ...(asset.thumbnailKey !== undefined ? { thumbnailKey: asset.thumbnailKey } : {}),
  };
}

async function attachOnce(deps: EducationDeps, asset: ModuleAsset): Promise<void> {
  const copy = await loadWorkingCopy(deps, asset.organizationId, asset.ownerId);
  if (!copy) return; // the module was deleted meanwhile: nothing to attach to
  const { head, sections } = copy;
  const headKey = moduleHeadKey(asset.organizationId, asset.ownerId);
  const pinned = [{ kind: 'versionEquals' as const, version: head.version }];
  const now = new Date(deps.clock.nowMs()).toISOString();
  const ref = assetRef(asset);
  // A file this one replaces is discarded once nothing shows it any more (module-files.ts).
  const replaced = (uploadId: string | undefined) =>
    scheduleDiscardOfModuleFiles(deps, {
      organizationId: asset.organizationId,
      moduleId: asset.ownerId,
      uploadIds: uploadId && uploadId !== asset.uploadId ? [uploadId] : [],
    });
  if (asset.purpose === 'thumbnail') {
    const url = deps.assetUrl(asset.thumbnailKey ?? asset.key);
    if (head.data.thumbnailUrl === url) return;
    await deps.store.update<ModuleRecord>(headKey, { set: { thumbnailUrl: url, updatedAt: now }, condition: pinned });
    await replaced(uploadIdOf(head.data.thumbnailUrl, moduleKeyPrefix(asset.organizationId, asset.ownerId)));
    return;
  }
  const sectionId = asset.context?.sectionId;
  const section = sectionId ? sections.find((s) => s.data.id === sectionId) : undefined;
  if (asset.purpose === 'section-asset' && section) {
    if (section.data.asset?.uploadId === asset.uploadId) return;
    // A video section's content names the video it plays (section-content.ts, withAttachedVideo).
    const contentData =
      section.data.contentType === 'video' && ref.contentType.startsWith('video/')
        ? { ...section.data.contentData, uploadId: ref.uploadId }
        : section.data.contentData;
    const updated = { ...section.data, contentData, asset: ref, updatedAt: now };
    const all = sections.map((s) => (s.data.id === updated.id ? updated : s.data));
    await deps.store.transact([
      {
        kind: 'put',
        item: { ...sectionKey(asset.organizationId, asset.ownerId, updated.id), data: updated },
        condition: [{ kind: 'versionEquals', version: section.version }],
      },
      {
        kind: 'update',
        key: headKey,
        changes: { set: { sectionsDuration: estimateMinutes(all), updatedAt: now }, condition: pinned },
      },
    ]);
    await replaced(section.data.asset?.uploadId);
    return;
  }
  if (head.data.documents.some((doc) => doc.uploadId === asset.uploadId)) return;
  await deps.store.update<ModuleRecord>(headKey, {
    set: { documents: [...head.data.documents, ref], updatedAt: now },
    condition: pinned,
  });
}

export function createModuleUploadOwner(deps: EducationDeps): UploadOwner {
  return {
    kind: moduleOwnerKind,
    async authorize(actor: Actor, ownerId: string) {
      await requireEditable(deps, actor, ownerId, 'upload:create');
    },
    keyPrefix: moduleKeyPrefix,
    linkFor: (ownerId) => `/education/modules/${ownerId}/edit`,
    async attach(asset) {
      // An author editing at the same moment moves the head's version; read again and retry.
      for (let tries = 1; ; tries++) {
        try {
          return await attachOnce(deps, asset as ModuleAsset);
        } catch (error) {
          if (!(error instanceof ConditionFailedError) || tries >= 5) throw error;
        }
      }
    },
  };
}
