/** My enrolments in the active organisation, newest first, with percent complete and the next section. */
import type { Actor } from '../shared/actor.ts';
import { requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { learnerPartition, moduleHeadKey } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord } from './records.ts';

export interface LearningItem {
  moduleId: string;
  title: string;
  thumbnailUrl: string | null;
  version: string;
  latestVersion: string | null;
  percentComplete: number;
  nextSectionId: string | null;
  status: 'in_progress' | 'completed';
  enrolledAt: string;
  completedAt: string | null;
}

export async function myLearning(
  deps: EducationDeps,
  actor: Actor,
  input: { cursor?: string; limit?: number },
): Promise<{ items: LearningItem[]; nextCursor: string | null }> {
  requirePermission(actor, 'module:read');
  const page = await deps.store.query<EnrollmentRecord>({
    index: 'gsi1',
    pk: learnerPartition(actor.orgId, actor.userId),
    reverse: true,
    limit: input.limit ?? 50,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  const enrollments = page.items.map((item) => item.data);
  const heads =
    enrollments.length === 0
      ? []
      : await deps.store.getMany<ModuleRecord>(enrollments.map((e) => moduleHeadKey(e.moduleOrgId, e.moduleId)));
  const headOf = new Map(heads.map((h) => [h.data.id, h.data]));
  const items = enrollments.flatMap((e): LearningItem[] => {
    const m = headOf.get(e.moduleId);
    if (!m) return [];
    return [
      {
        moduleId: e.moduleId,
        title: m.title,
        thumbnailUrl: m.thumbnailUrl,
        version: e.version,
        latestVersion: m.publishedVersion,
        percentComplete: e.percentComplete,
        nextSectionId: e.nextSectionId,
        status: e.completedAt ? 'completed' : 'in_progress',
        enrolledAt: e.enrolledAt,
        completedAt: e.completedAt,
      },
    ];
  });
  return { items, nextCursor: page.nextCursor };
}
