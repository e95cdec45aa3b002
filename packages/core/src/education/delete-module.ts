import type { TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { requireEditable } from './access.ts';
import { checkEditVersion } from './edit-version.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentPrefix, moduleHeadKey, modulePartition, publicModuleKey } from './keys.ts';
import { scheduleDiscardOfModuleFiles } from './module-files.ts';
import { archive } from './review.ts';
import type { ModuleView } from './views.ts';

export type DeleteModuleResult =
  | { outcome: 'deleted'; moduleId: string; message: string }
  | { outcome: 'archived'; moduleId: string; message: string; module: ModuleView };

/**
 * Deletes a module and everything in its partition (module:delete, author or admin). A module learners
 * are enrolled in is archived instead, so their progress and certificates of completion stay. Its
 * uploaded files (and the storage they hold) go through a queued job once the head is gone
 * (module-files.ts).
 */
export async function deleteModule(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: { version?: number },
): Promise<DeleteModuleResult> {
  const head = await requireEditable(deps, actor, moduleId, 'module:delete');
  checkEditVersion(head, input.version, false);
  const pk = modulePartition(actor.orgId, head.data.id);
  const enrolled = await deps.store.query({ pk, sk: { beginsWith: enrollmentPrefix }, limit: 1 });
  if (enrolled.items.length > 0) {
    const module = await archive(deps, actor, head.data.id, { version: head.version }, 'module:delete');
    return {
      outcome: 'archived',
      moduleId: head.data.id,
      message: 'Learners are enrolled in this module, so it was archived instead of deleted',
      module,
    };
  }
  // The head goes first, pinned to the version read: a concurrent edit or enrolment makes this fail whole.
  await deps.store.transact([
    {
      kind: 'delete',
      key: moduleHeadKey(actor.orgId, head.data.id),
      condition: [{ kind: 'versionEquals', version: head.version }],
    },
    { kind: 'delete', key: publicModuleKey(head.data.id) },
  ]);
  await scheduleDiscardOfModuleFiles(deps, { organizationId: actor.orgId, moduleId: head.data.id });
  let cursor: string | undefined;
  do {
    const page = await deps.store.query({ pk, limit: 100, ...(cursor ? { cursor } : {}) });
    const operations: TransactOperation[] = page.items.map((item) => ({
      kind: 'delete',
      key: { pk: item.pk, sk: item.sk },
    }));
    if (operations.length > 0) await deps.store.transact(operations);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { outcome: 'deleted', moduleId: head.data.id, message: 'The module was deleted' };
}
