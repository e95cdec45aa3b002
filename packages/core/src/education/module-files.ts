/**
 * A module's uploaded files (thumbnail, section files, documents, with their thumbnails) live in the
 * uploads module, which counts them against the organisation's storage quota. Files nothing shows any
 * more must give that storage back, or a deleted draft (or a replaced thumbnail) would hold quota forever.
 *
 * One durable job, `education.discard-module-files`, does both cases, idempotently (a redelivered or
 * retried job finishes the work):
 * - the module is gone (`deleteModule` sends the job once its head is deleted): every upload made for
 *   it, in any state, is discarded through the uploads owner index, page by page;
 * - the module exists and `uploadIds` names files it stopped showing (a thumbnail or section file
 *   replaced, a section deleted): each is discarded unless the working copy or any published version
 *   still shows it (learners on an older version keep their files). Nothing else of a live module's is
 *   touched.
 */
import type { ItemData, ItemStore } from '../ports/item-store.ts';
import { AppError } from '../shared/errors.ts';
import { moduleKeyPrefix } from './asset-download.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey, modulePartition, sectionPrefix, versionPrefix } from './keys.ts';
import type { AssetRef, ModuleRecord, SectionRecord, VersionRecord } from './records.ts';

export const discardModuleFilesJob = 'education.discard-module-files';
export const moduleOwnerKind = 'module';

/** The uploads side education needs; wired to the uploads facade in apps/api/src/deps.ts. */
export interface ModuleUploads {
  /** Ids of the uploads made for one owner, any state; discarded ones leave the list. */
  ownedBy(organizationId: string, ownerKind: string, ownerId: string, limit?: number): Promise<string[]>;
  /** Whose an upload is, or null when there is no such upload. */
  ownerOf(organizationId: string, uploadId: string): Promise<{ ownerKind: string; ownerId: string } | null>;
  /** Removes an upload and its objects and gives its storage back (idempotent). */
  discard(organizationId: string, uploadId: string): Promise<boolean>;
}

export interface DiscardModuleFilesPayload {
  organizationId: string;
  moduleId: string;
  /** Files the live module stopped showing; absent when the module was deleted. */
  uploadIds?: string[];
}

const uploadIdPattern = /^upl_[0-9A-Za-z]{1,40}$/;

/**
 * The upload of this module an object key or asset link points at: keys lie under the module's prefix
 * and end `<folder>/<uploadId>.<ext>`; asset links carry the key in `?key=`. Anything else (an external
 * URL, another module's file an author linked to) is no file of this module's.
 */
export function uploadIdOf(link: string | null | undefined, modulePrefix: string): string | undefined {
  if (!link) return undefined;
  const key = link.includes('?') ? new URL(link, 'http://link.invalid').searchParams.get('key') : link;
  if (!key?.startsWith(modulePrefix) || key.includes('..')) return undefined;
  const file = key.split('/').pop()?.split('.')[0];
  return file && uploadIdPattern.test(file) ? file : undefined;
}

/**
 * Sends the job for files a live module stopped showing (no-op without any), or, without `uploadIds`,
 * for a deleted module. Deduplicated per module and file set, so a retried request queues it once.
 */
export async function scheduleDiscardOfModuleFiles(
  deps: Pick<EducationDeps, 'jobs'>,
  payload: DiscardModuleFilesPayload,
): Promise<void> {
  if (!deps.jobs) return;
  const ids = payload.uploadIds?.filter((id) => uploadIdPattern.test(id));
  if (ids && ids.length === 0) return;
  const what = ids ? [...ids].sort().join(',') : 'deleted';
  await deps.jobs.send(
    { type: discardModuleFilesJob, payload: { ...payload, ...(ids ? { uploadIds: ids } : {}) } },
    { dedupeKey: `module-files:${payload.moduleId}:${what}`.slice(0, 128) },
  );
}

function checkPayload(payload: unknown): DiscardModuleFilesPayload {
  const p = payload as Partial<DiscardModuleFilesPayload> | null;
  const idsFine =
    p?.uploadIds === undefined || (Array.isArray(p.uploadIds) && p.uploadIds.every((id) => typeof id === 'string'));
  if (typeof p?.organizationId !== 'string' || typeof p.moduleId !== 'string' || !idsFine) {
    throw AppError.invalidInput(`${discardModuleFilesJob} needs organizationId, moduleId and optional uploadIds`);
  }
  return p as DiscardModuleFilesPayload;
}

async function allWithPrefix<T extends ItemData>(store: ItemStore, pk: string, prefix: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<T>({ pk, sk: { beginsWith: prefix }, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items.map((item) => item.data));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Uploads the working copy or any published version shows (sections, thumbnail, content link, documents). */
async function shownUploadIds(store: ItemStore, head: ModuleRecord): Promise<Set<string>> {
  const pk = modulePartition(head.organizationId, head.id);
  const prefix = moduleKeyPrefix(head.organizationId, head.id);
  const shown = new Set<string>();
  const add = (id: string | undefined) => {
    if (id) shown.add(id);
  };
  const addModule = (m: Pick<ModuleRecord, 'thumbnailUrl' | 'contentUrl'>, documents: readonly AssetRef[] = []) => {
    add(uploadIdOf(m.thumbnailUrl, prefix));
    add(uploadIdOf(m.contentUrl, prefix));
    for (const doc of documents) add(doc.uploadId);
  };
  addModule(head, head.documents);
  // `SEC#` and `VSEC#…` (each version's sections) both hold sections with their assets.
  for (const prefix of [sectionPrefix, 'VSEC#']) {
    for (const section of await allWithPrefix<SectionRecord>(store, pk, prefix)) add(section.asset?.uploadId);
  }
  for (const version of await allWithPrefix<VersionRecord>(store, pk, versionPrefix)) {
    addModule(version.module, version.documents ?? []);
  }
  return shown;
}

async function discardAllOf(uploads: ModuleUploads, organizationId: string, moduleId: string): Promise<number> {
  let discarded = 0;
  const tried = new Set<string>();
  for (;;) {
    const ids = await uploads.ownedBy(organizationId, moduleOwnerKind, moduleId, 100);
    const fresh = ids.filter((id) => !tried.has(id));
    if (fresh.length === 0) {
      // Whatever is still listed kept changing state while it was discarded: let the queue retry.
      if (ids.length > 0) {
        throw new AppError('unavailable', `${ids.length} files of module ${moduleId} could not be removed yet`);
      }
      return discarded;
    }
    for (const uploadId of fresh) {
      tried.add(uploadId);
      if (await uploads.discard(organizationId, uploadId)) discarded += 1;
    }
  }
}

/** The job handler; returns how many uploads were discarded. */
export async function discardModuleFiles(deps: EducationDeps, payload: unknown): Promise<number> {
  const { organizationId, moduleId, uploadIds } = checkPayload(payload);
  const uploads = deps.uploads;
  if (!uploads) return 0;
  const head = await deps.store.get<ModuleRecord>(moduleHeadKey(organizationId, moduleId));
  if (!head) return discardAllOf(uploads, organizationId, moduleId);
  if (!uploadIds || uploadIds.length === 0) return 0;
  const shown = await shownUploadIds(deps.store, head.data);
  let discarded = 0;
  for (const uploadId of uploadIds) {
    if (shown.has(uploadId)) continue;
    // Only this module's own files, whatever the payload names.
    const owner = await uploads.ownerOf(organizationId, uploadId);
    if (owner?.ownerKind !== moduleOwnerKind || owner.ownerId !== moduleId) continue;
    if (await uploads.discard(organizationId, uploadId)) discarded += 1;
  }
  return discarded;
}
