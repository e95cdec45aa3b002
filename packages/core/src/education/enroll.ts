/**
 * Enrolling: a learner joins the latest published version of a live module once every prerequisite
 * is completed (else 409 listing the missing ones), and keeps that version until they move.
 */
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { isIdOf, isLive, loadHead, locateModule, requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentKey, learnerPartition, moduleHeadKey, publicModuleKey } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord } from './records.ts';
import { requireVersion } from './versions.ts';
import { type ProgressView, progressOf, toProgressView } from './views.ts';

/** The prerequisite as this learner reaches it (own organisation, or a public module elsewhere). */
async function prerequisiteHead(deps: EducationDeps, actor: Actor, id: string): Promise<ModuleRecord | undefined> {
  if (!isIdOf(id, 'mod')) return undefined;
  const own = await loadHead(deps, actor.orgId, id);
  if (own) return own.data;
  const pointer = await deps.store.get<{ organizationId: string }>(publicModuleKey(id));
  return pointer ? (await loadHead(deps, pointer.data.organizationId, id))?.data : undefined;
}

export async function enroll(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<ProgressView> {
  requirePermission(actor, 'module:enroll');
  const { head, enrollment } = await locateModule(deps, actor, moduleId);
  const m = head.data;
  if (enrollment) throw AppError.conflict('You are already enrolled in this module', { reason: 'already_enrolled' });
  if (!isLive(m)) throw AppError.notFound('module', m.id);
  const { header, sections } = await requireVersion(deps, m, m.publishedVersion as string);
  const missing: { id: string; title: string }[] = [];
  for (const id of header.module.prerequisites) {
    const prerequisite = await prerequisiteHead(deps, actor, id);
    const done = prerequisite
      ? await deps.store.get<EnrollmentRecord>(enrollmentKey(prerequisite.organizationId, id, actor.userId))
      : undefined;
    if (!done?.data.completedAt) missing.push({ id, title: prerequisite?.title ?? id });
  }
  if (missing.length > 0) {
    throw AppError.conflict(`Complete the prerequisites first: ${missing.map((p) => p.title).join(', ')}`, {
      reason: 'prerequisites_incomplete',
      missingPrerequisites: missing,
    });
  }
  const now = isoAt(deps.clock.nowMs());
  const record: EnrollmentRecord = {
    moduleId: m.id,
    moduleOrgId: m.organizationId,
    userId: actor.userId,
    learnerOrgId: actor.orgId,
    version: header.version,
    enrolledAt: now,
    updatedAt: now,
    completedSectionIds: [],
    quizzes: {},
    percentComplete: 0,
    nextSectionId: null,
    completedAt: null,
  };
  const progress = progressOf(record, sections);
  record.percentComplete = progress.percentComplete;
  record.nextSectionId = progress.nextSectionId;
  if (progress.complete) record.completedAt = now;
  await deps.store.transact([
    {
      kind: 'put',
      item: {
        ...enrollmentKey(m.organizationId, m.id, actor.userId),
        gsi1pk: learnerPartition(actor.orgId, actor.userId),
        gsi1sk: `${now}#${m.id}`,
        data: record,
      },
      condition: [{ kind: 'notExists' }],
    },
    // The module must still exist (a concurrent delete sweeps the partition).
    { kind: 'conditionCheck', key: moduleHeadKey(m.organizationId, m.id), condition: [{ kind: 'exists' }] },
  ]);
  return toProgressView(record, sections, m.publishedVersion);
}
