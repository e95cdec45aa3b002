/**
 * The review workflow: draft → review (submit) → published (approve) or back to draft (reject, with
 * comments the author sees) → archived. Approval needs `module:publish` and someone other than the
 * author, except in a one-person organisation; it snapshots an immutable version (versions.ts).
 */
import type { Permission } from '../identity/roles.ts';
import type { StoredItem, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { loadHead, loadWorkingCopy, requireEditable, requirePermission } from './access.ts';
import { checkEditVersion } from './edit-version.ts';
import type { EducationDeps } from './education-deps.ts';
import { catalogPartition, moduleHeadKey, publicModuleKey, reviewKey, versionKey, versionSectionKey } from './keys.ts';
import type { ModuleRecord, ReviewNote, SectionRecord, VersionRecord } from './records.ts';
import { videosMissing } from './section-content.ts';
import { loadVersion, nextVersion } from './versions.ts';
import { type ModuleView, toModuleView } from './views.ts';

export interface ReviewInput {
  version?: number;
  comments?: string;
}

function note(deps: EducationDeps, actor: Actor, decision: ReviewNote['decision'], comments?: string): ReviewNote {
  return { decision, comments: comments?.trim() || null, by: actor.userId, at: isoAt(deps.clock.nowMs()) };
}

/** Head update + review history entry, pinned to the version read. */
async function transition(
  deps: EducationDeps,
  head: StoredItem<ModuleRecord>,
  review: ReviewNote,
  set: Partial<ModuleRecord>,
  extra: TransactOperation[] = [],
  index?: { gsi2pk?: string | null; gsi2sk?: string | null },
): Promise<StoredItem<ModuleRecord>> {
  const m = head.data;
  await deps.store.transact([
    {
      kind: 'update',
      key: moduleHeadKey(m.organizationId, m.id),
      changes: {
        set: { ...set, lastReview: review, updatedAt: review.at },
        condition: [{ kind: 'versionEquals', version: head.version }],
        ...(index ? { index } : {}),
      },
    },
    {
      kind: 'put',
      item: { ...reviewKey(m.organizationId, m.id, review.at, review.by), data: { ...review, moduleId: m.id } },
    },
    ...extra,
  ]);
  const after = await deps.store.get<ModuleRecord>(moduleHeadKey(m.organizationId, m.id));
  if (!after) throw AppError.notFound('module', m.id);
  return after;
}

function requireStatus(module: ModuleRecord, allowed: ModuleRecord['status'][], action: string): void {
  if (!allowed.includes(module.status)) {
    throw AppError.conflict(`A module in ${module.status} cannot be ${action}`, { status: module.status });
  }
}

export async function submit(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: ReviewInput,
): Promise<ModuleView> {
  const head = await requireEditable(deps, actor, moduleId, 'module:submit');
  checkEditVersion(head, input.version, false);
  requireStatus(head.data, ['draft'], 'submitted');
  const copy = await loadWorkingCopy(deps, actor.orgId, head.data.id);
  if (!copy?.sections.some((section) => section.data.status === 'published')) {
    throw new AppError('unprocessable', 'Add at least one section that is not a draft before submitting', {
      details: { reason: 'no_sections' },
    });
  }
  const missing = videosMissing(copy.sections.map((s) => s.data).filter((s) => s.status === 'published'));
  if (missing.length > 0) {
    throw new AppError('unprocessable', 'Upload a video to every video section before submitting', {
      details: { reason: 'video_missing', sectionIds: missing },
    });
  }
  const after = await transition(deps, head, note(deps, actor, 'submitted', input.comments), { status: 'review' });
  return toModuleView(after, deps.assetUrl);
}

/** The module to review: in the caller's organisation and in review (module:publish). */
async function forReview(deps: EducationDeps, actor: Actor, moduleId: unknown, input: ReviewInput) {
  requirePermission(actor, 'module:publish');
  const head = await loadHead(deps, actor.orgId, moduleId);
  if (!head) throw AppError.notFound('module', String(moduleId));
  checkEditVersion(head, input.version, false);
  return head;
}

export async function approve(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: ReviewInput,
): Promise<ModuleView> {
  const head = await forReview(deps, actor, moduleId, input);
  requireStatus(head.data, ['review'], 'approved');
  if (head.data.createdBy === actor.userId && (await deps.memberCount(actor)) > 1) {
    throw AppError.forbidden('module:publish', 'Someone other than the author must approve this module');
  }
  const m = head.data;
  const copy = await loadWorkingCopy(deps, m.organizationId, m.id);
  if (!copy) throw AppError.notFound('module', m.id);
  const sections: SectionRecord[] = copy.sections.map((s) => s.data).filter((s) => s.status === 'published');
  const previous = m.publishedVersion ? await loadVersion(deps, m.organizationId, m.id, m.publishedVersion) : undefined;
  const { version, changes } = nextVersion(previous, sections);
  const review = note(deps, actor, 'approved', input.comments);
  const header: VersionRecord = {
    moduleId: m.id,
    organizationId: m.organizationId,
    version,
    module: {
      title: m.title,
      description: m.description,
      contentType: m.contentType,
      difficulty: m.difficulty,
      estimatedDuration: m.estimatedDuration,
      estimatedDurationMinutes: m.estimatedDuration ?? m.sectionsDuration,
      prerequisites: m.prerequisites,
      learningObjectives: m.learningObjectives,
      contentUrl: m.contentUrl,
      thumbnailUrl: m.thumbnailUrl,
      tags: m.tags,
      visibility: m.visibility,
      createdBy: m.createdBy,
    },
    sectionOrder: sections.map((s) => s.id),
    publishedAt: review.at,
    approvedBy: actor.userId,
    changes,
    documents: m.documents,
  };
  // Section snapshots first (a retry after a crash rewrites the same ones); the header and the head's
  // new publishedVersion then appear together, so learners never see a half-written version.
  for (const section of sections) {
    await deps.store.put({ ...versionSectionKey(m.organizationId, m.id, version, section.id), data: section });
  }
  const firstPublishedAt = m.firstPublishedAt ?? review.at;
  const pointer: TransactOperation =
    m.visibility === 'public'
      ? {
          kind: 'put',
          item: {
            ...publicModuleKey(m.id),
            data: { organizationId: m.organizationId, moduleId: m.id, since: firstPublishedAt },
          },
        }
      : { kind: 'delete', key: publicModuleKey(m.id) };
  const after = await transition(
    deps,
    head,
    review,
    { status: 'published', publishedVersion: version, firstPublishedAt },
    [
      {
        kind: 'put',
        item: { ...versionKey(m.organizationId, m.id, version), data: header },
        condition: [{ kind: 'notExists' }],
      },
      pointer,
    ],
    { gsi2pk: catalogPartition(m.organizationId), gsi2sk: `${firstPublishedAt}#${m.id}` },
  );
  await deps.notify({
    organizationId: m.organizationId,
    userId: m.createdBy,
    kind: 'education.module_approved',
    title: `“${m.title}” was approved and published as version ${version}`,
    ...(review.comments ? { body: review.comments } : {}),
    link: `/education/modules/${m.id}/edit`,
    dedupeKey: `education.approved:${m.id}:${version}`,
  });
  return toModuleView(after, deps.assetUrl);
}

export async function reject(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: ReviewInput,
): Promise<ModuleView> {
  const head = await forReview(deps, actor, moduleId, input);
  requireStatus(head.data, ['review'], 'rejected');
  if (!input.comments?.trim()) {
    throw AppError.invalidInput('Say what the author should change (comments)', { field: 'comments' });
  }
  const review = note(deps, actor, 'rejected', input.comments);
  const after = await transition(deps, head, review, { status: 'draft' });
  await deps.notify({
    organizationId: head.data.organizationId,
    userId: head.data.createdBy,
    kind: 'education.module_rejected',
    title: `“${head.data.title}” needs changes before it can be published`,
    body: review.comments ?? undefined,
    link: `/education/modules/${head.data.id}/edit`,
    dedupeKey: `education.rejected:${head.data.id}:${review.at}`,
  });
  return toModuleView(after, deps.assetUrl);
}

/** Takes a module out of the catalog; enrolled learners keep their version (module:archive). */
export async function archive(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: ReviewInput,
  permission: Permission = 'module:archive',
): Promise<ModuleView> {
  const head = await requireEditable(deps, actor, moduleId, permission);
  checkEditVersion(head, input.version, false);
  requireStatus(head.data, ['draft', 'review', 'published'], 'archived');
  const after = await transition(
    deps,
    head,
    note(deps, actor, 'archived', input.comments),
    { status: 'archived' },
    [{ kind: 'delete', key: publicModuleKey(head.data.id) }],
    { gsi2pk: null, gsi2sk: null },
  );
  return toModuleView(after, deps.assetUrl);
}
