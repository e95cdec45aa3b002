/**
 * Prerequisites: every one must be a module the author can see (in the organisation, or public), and
 * following prerequisites from any of them must never lead back to the module itself. A cycle is
 * refused with 422 `unprocessable` naming it (`details.cycle`: module ids, first = last).
 */
import type { StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { canEdit, isIdOf, isLive, loadHead } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { publicModuleKey } from './keys.ts';
import type { ModuleRecord } from './records.ts';

/** A module by id as the actor may reference it, or undefined. */
async function visibleModule(deps: EducationDeps, actor: Actor, id: string): Promise<ModuleRecord | undefined> {
  if (!isIdOf(id, 'mod')) return undefined;
  const own = await loadHead(deps, actor.orgId, id);
  if (own) return canEdit(actor, own.data) || isLive(own.data) ? own.data : undefined;
  const pointer = await deps.store.get<{ organizationId: string }>(publicModuleKey(id));
  if (!pointer) return undefined;
  const foreign = await loadHead(deps, pointer.data.organizationId, id);
  return foreign && foreign.data.visibility === 'public' && isLive(foreign.data) ? foreign.data : undefined;
}

export async function checkPrerequisites(
  deps: EducationDeps,
  actor: Actor,
  moduleId: string,
  prerequisites: readonly string[],
): Promise<void> {
  if (prerequisites.includes(moduleId)) {
    throw new AppError('unprocessable', 'A module cannot be its own prerequisite', {
      details: { field: 'prerequisites', cycle: [moduleId, moduleId] },
    });
  }
  const found = await Promise.all(prerequisites.map((id) => visibleModule(deps, actor, id)));
  const unknown = prerequisites.filter((_, i) => found[i] === undefined);
  if (unknown.length > 0) {
    throw new AppError('unprocessable', `Unknown prerequisite modules: ${unknown.join(', ')}`, {
      details: { field: 'prerequisites', unknown },
    });
  }
  // Depth-first over the stored prerequisite graph, starting from the new edges of `moduleId`.
  const heads = new Map<string, ModuleRecord | null>();
  for (const record of found) heads.set((record as ModuleRecord).id, record as ModuleRecord);
  const headOf = async (id: string, orgId: string): Promise<ModuleRecord | null> => {
    if (!heads.has(id)) {
      const head: StoredItem<ModuleRecord> | undefined = await loadHead(deps, orgId, id);
      heads.set(id, head?.data ?? null);
    }
    return heads.get(id) ?? null;
  };
  const done = new Set<string>();
  const walk = async (id: string, orgId: string, path: string[]): Promise<string[] | null> => {
    if (id === moduleId) return [...path, id];
    if (done.has(id) || path.includes(id)) return null;
    const head = await headOf(id, orgId);
    if (head) {
      for (const next of head.prerequisites) {
        const cycle = await walk(next, head.organizationId, [...path, id]);
        if (cycle) return cycle;
      }
    }
    done.add(id);
    return null;
  };
  for (const record of found as ModuleRecord[]) {
    const cycle = await walk(record.id, record.organizationId, [moduleId]);
    if (cycle) {
      throw new AppError('unprocessable', `Prerequisites would form a cycle: ${cycle.join(' → ')}`, {
        details: { field: 'prerequisites', cycle },
      });
    }
  }
}
