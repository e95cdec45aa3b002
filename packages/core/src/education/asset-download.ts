/**
 * Opening an uploaded asset: object URLs are signed and short-lived, so views link to
 * `/api/education/modules/<id>/asset?key=<key>`, which checks that the caller can see the module (as for
 * reading it) and that the object is one of the module's (under its key prefix), then hands back a
 * freshly signed download URL for the route to redirect to.
 */
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { locateModule } from './access.ts';
import type { EducationDeps } from './education-deps.ts';

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

export async function assetDownload(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  key: string,
): Promise<string> {
  const { head } = await locateModule(deps, actor, moduleId);
  if (!key.startsWith(moduleKeyPrefix(head.data.organizationId, head.data.id)) || key.includes('..')) {
    throw AppError.notFound('asset');
  }
  if (!deps.signDownload) throw new AppError('unavailable', 'Asset downloads are not configured on this server');
  return deps.signDownload(key);
}
