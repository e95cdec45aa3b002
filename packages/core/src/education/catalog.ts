/**
 * The learners' catalog: published modules of my organisation, plus public modules of other
 * organisations on the first page, each with my enrolment state. Titles and descriptions come from
 * the published version, never from an unpublished working copy.
 */
import type { ItemKey, StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { catalogPartition, enrollmentKey, moduleHeadKey, publicCatalogPartition } from './keys.ts';
import type { Difficulty, EnrollmentRecord, ModuleRecord, VersionRecord } from './records.ts';
import { loadVersionHeaders } from './versions.ts';

export interface CatalogItem {
  id: string;
  organizationId: string;
  title: string;
  description: string;
  contentType: string;
  difficulty: string;
  estimatedDuration: number;
  prerequisites: string[];
  learningObjectives: string[];
  thumbnailUrl: string | null;
  tags: string[];
  visibility: string;
  version: string;
  publishedAt: string;
  sectionCount: number;
  enrollment: { status: 'in_progress' | 'completed'; percentComplete: number; version: string } | null;
}

export interface CatalogInput {
  difficulty?: Difficulty;
  tag?: string;
  cursor?: string;
  limit?: number;
}

async function getAll<T extends Record<string, unknown>>(deps: EducationDeps, keys: ItemKey[]) {
  const out: StoredItem<T>[] = [];
  for (let i = 0; i < keys.length; i += 100) out.push(...(await deps.store.getMany<T>(keys.slice(i, i + 100))));
  return out;
}

export async function catalog(
  deps: EducationDeps,
  actor: Actor,
  input: CatalogInput,
): Promise<{ items: CatalogItem[]; nextCursor: string | null }> {
  requirePermission(actor, 'module:read');
  const page = await deps.store.query<ModuleRecord>({
    index: 'gsi2',
    pk: catalogPartition(actor.orgId),
    reverse: true,
    limit: input.limit ?? 50,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  const heads = page.items.map((item) => item.data);
  if (!input.cursor) {
    const pointers = await deps.store.query<{ organizationId: string; moduleId: string }>({
      pk: publicCatalogPartition,
      limit: 100,
    });
    const foreign = pointers.items.map((p) => p.data).filter((p) => p.organizationId !== actor.orgId);
    const foreignHeads = await getAll<ModuleRecord>(
      deps,
      foreign.map((p) => moduleHeadKey(p.organizationId, p.moduleId)),
    );
    heads.push(
      ...foreignHeads.map((item) => item.data).filter((m) => m.publishedVersion !== null && m.status !== 'archived'),
    );
  }
  const live = heads.filter((m) => m.publishedVersion !== null);
  // Published versions are immutable and cached (version-cache.ts): usually only enrolments are read.
  const [versionOf, enrollments] = await Promise.all([
    loadVersionHeaders(
      deps,
      live.map((m) => [m.organizationId, m.id, m.publishedVersion as string] as const),
    ),
    getAll<EnrollmentRecord>(
      deps,
      live.map((m) => enrollmentKey(m.organizationId, m.id, actor.userId)),
    ),
  ]);
  const enrollmentOf = new Map(enrollments.map((e) => [e.data.moduleId, e.data]));
  const tag = input.tag?.toLowerCase();
  const items = live.flatMap((m): CatalogItem[] => {
    const v = versionOf.get(m.id);
    if (!v) return [];
    if (input.difficulty && v.module.difficulty !== input.difficulty) return [];
    if (tag && !v.module.tags.includes(tag)) return [];
    return [toCatalogItem(m, v, enrollmentOf.get(m.id))];
  });
  return { items, nextCursor: page.nextCursor };
}

/** One catalog entry (pure: the benchmark's baseline builds it the same way). */
export function toCatalogItem(m: ModuleRecord, v: VersionRecord, e: EnrollmentRecord | undefined): CatalogItem {
  return {
    id: m.id,
    organizationId: m.organizationId,
    title: v.module.title,
    description: v.module.description,
    contentType: v.module.contentType,
    difficulty: v.module.difficulty,
    estimatedDuration: v.module.estimatedDurationMinutes,
    prerequisites: v.module.prerequisites,
    learningObjectives: v.module.learningObjectives,
    thumbnailUrl: v.module.thumbnailUrl,
    tags: v.module.tags,
    visibility: v.module.visibility,
    version: v.version,
    publishedAt: v.publishedAt,
    sectionCount: v.sectionOrder.length,
    enrollment: e
      ? { status: e.completedAt ? 'completed' : 'in_progress', percentComplete: e.percentComplete, version: e.version }
      : null,
  };
}
