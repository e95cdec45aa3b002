/**
 * The files of a deleted module. A module's uploads (thumbnail, section files, documents, with their
 * thumbnails) live in the uploads module, which counts them against the organisation's storage quota;
 * deleting the module must give that storage back and remove the objects, or a deleted draft would
 * hold its quota forever.
 *
 * Durable: `deleteModule` sends one `education.discard-module-files` job once the module's head is
 * gone, and this handler discards every upload made for the module (any state) through the uploads
 * owner index, page by page. Idempotent, so a redelivered or retried job finishes the work. It never
 * touches the files of a module that exists (a job for a live module does nothing).
 */
import type { JobQueue } from '../ports/job-queue.ts';
import { AppError } from '../shared/errors.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey } from './keys.ts';

export const discardModuleFilesJob = 'education.discard-module-files';
export const moduleOwnerKind = 'module';

/** The uploads side education needs; wired to the uploads facade in apps/api/src/deps.ts. */
export interface ModuleUploads {
  /** Ids of the uploads made for one owner, any state; discarded ones leave the list. */
  ownedBy(organizationId: string, ownerKind: string, ownerId: string, limit?: number): Promise<string[]>;
  /** Removes an upload and its objects and gives its storage back (idempotent). */
  discard(organizationId: string, uploadId: string): Promise<boolean>;
}

export interface DiscardModuleFilesPayload {
  organizationId: string;
  moduleId: string;
}

/** Sends the job (deduplicated per module, so a retried delete queues it once). */
export async function scheduleDiscardOfModuleFiles(jobs: JobQueue, payload: DiscardModuleFilesPayload): Promise<void> {
  await jobs.send({ type: discardModuleFilesJob, payload }, { dedupeKey: `module-files:${payload.moduleId}` });
}

function checkPayload(payload: unknown): DiscardModuleFilesPayload {
  const p = payload as Partial<DiscardModuleFilesPayload> | null;
  if (typeof p?.organizationId !== 'string' || typeof p.moduleId !== 'string') {
    throw AppError.invalidInput(`${discardModuleFilesJob} needs organizationId and moduleId`);
  }
  return { organizationId: p.organizationId, moduleId: p.moduleId };
}

/** The job handler; returns how many uploads were discarded. */
export async function discardModuleFiles(deps: EducationDeps, payload: unknown): Promise<number> {
  const { organizationId, moduleId } = checkPayload(payload);
  const uploads = deps.uploads;
  if (!uploads) return 0;
  if (await deps.store.get(moduleHeadKey(organizationId, moduleId))) return 0;
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
