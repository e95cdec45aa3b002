import type { Actor } from '../shared/actor.ts';
import { canEdit, isLive, requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleListPartition } from './keys.ts';
import type { Difficulty, ModuleRecord, ModuleStatus } from './records.ts';
import { type ModuleView, toModuleView } from './views.ts';

export interface ListModulesInput {
  status?: ModuleStatus;
  difficulty?: Difficulty;
  tag?: string;
  cursor?: string;
  limit?: number;
}

/** Store pages read per request at most: filters may skip many modules, and a request must stay bounded. */
const maxPagesPerRequest = 20;

/**
 * The authoring list, newest first (module:create): admins see every module of the organisation,
 * instructors their own and the published ones. Filters apply after the index read, so a page may
 * hold fewer than `limit` items while `nextCursor` is not null.
 */
export async function listModules(
  deps: EducationDeps,
  actor: Actor,
  input: ListModulesInput,
): Promise<{ items: ModuleView[]; nextCursor: string | null }> {
  requirePermission(actor, 'module:create');
  const limit = input.limit ?? 20;
  const tag = input.tag?.toLowerCase();
  const items: ModuleView[] = [];
  let cursor = input.cursor;
  for (let pages = 0; pages < maxPagesPerRequest && items.length < limit; pages++) {
    const page = await deps.store.query<ModuleRecord>({
      index: 'gsi1',
      pk: moduleListPartition(actor.orgId),
      reverse: true,
      limit: limit - items.length,
      ...(cursor ? { cursor } : {}),
    });
    for (const head of page.items) {
      const m = head.data;
      if (!canEdit(actor, m) && !isLive(m)) continue;
      if (input.status && m.status !== input.status) continue;
      if (input.difficulty && m.difficulty !== input.difficulty) continue;
      if (tag && !m.tags.includes(tag)) continue;
      items.push(toModuleView(head, deps.assetUrl));
    }
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? null };
}
