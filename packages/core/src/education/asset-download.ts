/**
 * Opening an uploaded asset: object URLs are signed and short-lived, so views link to
 * `/api/education/modules/<id>/asset?key=<key>`, which checks that the caller can see the module (as for
 * reading it) and that the object is one of the module's (under its key prefix), then hands back a
 * freshly signed download URL for the route to redirect to.
 */
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { type LearnerAccess, locateModule } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { derivedOf } from './version-cache.ts';
import { loadVersion, type PublishedVersion } from './versions.ts';

export const moduleKeyPrefix = (organizationId: string, moduleId: string) =>
  `orgs/${organizationId}/modules/${moduleId}/`;

const moduleKeyPattern = /^orgs\/[^/]+\/modules\/(mod_[0-9A-Z]{26})\//;

/** The link a view gives for an object key: through the asset route when the key is a module's. */
export function assetLink(key: string): string {
  const moduleId = moduleKeyPattern.exec(key)?.[1];
  return moduleId
    ? `/api/education/modules/${moduleId}/asset?key=${encodeURIComponent(key)}`
    : `/api/files/${encodeURI(key)}`;
}

/** Object keys a published version shows: section files and their thumbnails, the thumbnail, documents. */
function versionKeys({ header, sections }: PublishedVersion): Set<string> {
  const keys = new Set<string>();
  for (const section of sections) {
    if (section.asset) keys.add(section.asset.key);
    if (section.asset?.thumbnailKey) keys.add(section.asset.thumbnailKey);
  }
  for (const doc of header.documents ?? []) keys.add(doc.key);
  const thumbnail = header.module.thumbnailUrl;
  const thumbnailKey = thumbnail ? new URL(thumbnail, 'http://module.invalid').searchParams.get('key') : null;
  if (thumbnailKey) keys.add(thumbnailKey);
  return keys;
}

/**
 * Learners open only what a published version they may see shows (theirs and the latest): a file of
 * the working copy (a new section's video, a document uploaded since) stays the editors' until approved.
 */
async function learnerMayOpen(deps: EducationDeps, access: LearnerAccess, key: string): Promise<boolean> {
  const m = access.head.data;
  const shown = new Set([access.enrollment?.data.version, m.publishedVersion]);
  for (const version of shown) {
    if (!version) continue;
    const published = await loadVersion(deps, m.organizationId, m.id, version);
    if (!published) continue;
    if (derivedOf(published.cached, 'assetKeys', () => versionKeys(published)).has(key)) return true;
    // Versions from before documents were snapshotted show the head's documents (get-module.ts).
    if (!published.header.documents && m.documents.some((doc) => doc.key === key)) return true;
  }
  return false;
}

export async function assetDownload(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  key: string,
): Promise<string> {
  const access = await locateModule(deps, actor, moduleId);
  const { head } = access;
  if (!key.startsWith(moduleKeyPrefix(head.data.organizationId, head.data.id)) || key.includes('..')) {
    throw AppError.notFound('asset');
  }
  if (!access.editor && !(await learnerMayOpen(deps, access, key))) throw AppError.notFound('asset');
  if (!deps.signDownload) throw new AppError('unavailable', 'Asset downloads are not configured on this server');
  return deps.signDownload(key);
}
