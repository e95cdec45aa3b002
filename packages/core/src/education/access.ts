/**
 * Who may see and change a module. Authors edit their own modules; holders of `module:read_all`
 * (admins, owners) see and edit every module of their organisation. Learners only ever see published
 * versions; anything else answers 404, as does another organisation's module (unless it is public).
 */
import { can, type Permission } from '../identity/roles.ts';
import type { StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { readPartition } from '../shared/partition-items.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentKey, moduleHeadKey, modulePartition, publicModuleKey, sectionPrefix } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord, SectionRecord } from './records.ts';

const idPattern = /^[a-z]{2,5}_[0-9A-Z]{26}$/;
export const isIdOf = (value: unknown, prefix: string): value is string =>
  typeof value === 'string' && value.startsWith(`${prefix}_`) && idPattern.test(value);

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw AppError.forbidden(permission);
}

export function canEdit(actor: Actor, module: ModuleRecord): boolean {
  if (module.organizationId !== actor.orgId || !can(actor.role, 'module:update')) return false;
  return module.createdBy === actor.userId || can(actor.role, 'module:read_all');
}

/** Learners may open it: it has a published version and is not archived (enrolled learners keep archived ones). */
export const isLive = (module: ModuleRecord): boolean =>
  module.publishedVersion !== null && module.status !== 'archived';

export async function loadHead(
  deps: EducationDeps,
  orgId: string,
  moduleId: unknown,
): Promise<StoredItem<ModuleRecord> | undefined> {
  if (!isIdOf(moduleId, 'mod')) return undefined;
  return deps.store.get<ModuleRecord>(moduleHeadKey(orgId, moduleId));
}

/**
 * The module for a change that needs `permission`: 403 without the permission, 404 when the caller
 * cannot see it at all, 403 when they can see it (as a learner) but may not edit it.
 */
export async function requireEditable(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  permission: Permission = 'module:update',
): Promise<StoredItem<ModuleRecord>> {
  requirePermission(actor, permission);
  const head = await loadHead(deps, actor.orgId, moduleId);
  if (!head) throw AppError.notFound('module', String(moduleId));
  if (!canEdit(actor, head.data)) {
    if (isLive(head.data)) throw AppError.forbidden(permission, 'Only the author or an admin may change this module');
    throw AppError.notFound('module', String(moduleId));
  }
  return head;
}

/** Head and sections (in `sectionOrder`) of the working copy, in one query. */
export async function loadWorkingCopy(
  deps: EducationDeps,
  orgId: string,
  moduleId: string,
): Promise<{ head: StoredItem<ModuleRecord>; sections: StoredItem<SectionRecord>[] } | undefined> {
  const [head, sectionItems] = await Promise.all([
    deps.store.get<ModuleRecord>(moduleHeadKey(orgId, moduleId)),
    queryAll<SectionRecord>(deps, modulePartition(orgId, moduleId), sectionPrefix),
  ]);
  if (!head) return undefined;
  const byId = new Map(sectionItems.map((item) => [item.data.id, item]));
  const sections = head.data.sectionOrder.flatMap((id) => {
    const section = byId.get(id);
    return section ? [section] : [];
  });
  return { head, sections };
}

export interface LearnerAccess {
  head: StoredItem<ModuleRecord>;
  enrollment: StoredItem<EnrollmentRecord> | undefined;
  /** The caller may edit it (authors and admins see the working copy). */
  editor: boolean;
}

/**
 * A module as a learner reaches it: in their organisation, or public in another one. Unpublished
 * modules (and archived ones they are not enrolled in) do not exist for them.
 */
export async function locateModule(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<LearnerAccess> {
  requirePermission(actor, 'module:read');
  if (!isIdOf(moduleId, 'mod')) throw AppError.notFound('module', String(moduleId));
  // The common case, a module of the caller's organisation: head and enrolment in one round trip.
  const own = await deps.store.getMany<ModuleRecord | EnrollmentRecord>([
    moduleHeadKey(actor.orgId, moduleId),
    enrollmentKey(actor.orgId, moduleId, actor.userId),
  ]);
  let head = own.find((item) => item.sk === 'HEAD') as StoredItem<ModuleRecord> | undefined;
  let enrollment = own.find((item) => item.sk !== 'HEAD') as StoredItem<EnrollmentRecord> | undefined;
  if (!head) {
    const pointer = await deps.store.get<{ organizationId: string }>(publicModuleKey(moduleId));
    const foreign = pointer ? await loadHead(deps, pointer.data.organizationId, moduleId) : undefined;
    if (foreign) {
      head = foreign;
      enrollment = await deps.store.get<EnrollmentRecord>(
        enrollmentKey(foreign.data.organizationId, moduleId, actor.userId),
      );
    }
  }
  if (!head) throw AppError.notFound('module', String(moduleId));
  const editor = canEdit(actor, head.data);
  const visible = editor || isLive(head.data) || (head.data.publishedVersion !== null && enrollment !== undefined);
  if (!visible) throw AppError.notFound('module', String(moduleId));
  return { head, enrollment, editor };
}

/** Every item of a partition under a sort key prefix, all pages. */
export const queryAll = <T extends Record<string, unknown>>(deps: EducationDeps, pk: string, prefix: string) =>
  readPartition<T>(deps.store, { pk, prefix });
