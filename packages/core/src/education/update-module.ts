import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { loadWorkingCopy, requireEditable } from './access.ts';
import { moduleKeyPrefix } from './asset-download.ts';
import { checkEditable, checkEditVersion } from './edit-version.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey } from './keys.ts';
import { type ModuleEditorView, toEditorView } from './module-details.ts';
import { scheduleDiscardOfModuleFiles, uploadIdOf } from './module-files.ts';
import { checkModuleFields, type ModuleFieldsInput } from './module-input.ts';
import { checkPrerequisites } from './prerequisites.ts';
import type { ModuleRecord } from './records.ts';

export interface UpdateModuleInput extends ModuleFieldsInput {
  /** The edit version this change was made against (required). */
  version?: number;
}

/**
 * Changes the working copy (author or admin). Learners keep seeing the published version; a published
 * module goes back to draft until its next approval.
 */
export async function updateModule(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: UpdateModuleInput,
): Promise<ModuleEditorView> {
  const head = await requireEditable(deps, actor, moduleId);
  checkEditVersion(head, input.version, true);
  checkEditable(head.data);
  const { version: _version, ...rest } = input;
  const fields = checkModuleFields(rest);
  if (fields.prerequisites !== undefined) {
    await checkPrerequisites(deps, actor, head.data.id, fields.prerequisites);
  }
  const set: Partial<ModuleRecord> = { ...fields, updatedAt: isoAt(deps.clock.nowMs()) };
  if (head.data.status === 'published') set.status = 'draft';
  await deps.store.update<ModuleRecord>(moduleHeadKey(actor.orgId, head.data.id), {
    set,
    condition: [{ kind: 'versionEquals', version: head.version }],
  });
  // An uploaded thumbnail (or file linked as the content URL) replaced by another link: its file goes
  // once no published version shows it either (module-files.ts).
  const prefix = moduleKeyPrefix(actor.orgId, head.data.id);
  const unlinked = (['thumbnailUrl', 'contentUrl'] as const)
    .filter((field) => fields[field] !== undefined && fields[field] !== head.data[field])
    .map((field) => uploadIdOf(head.data[field], prefix))
    .filter((id): id is string => id !== undefined);
  await scheduleDiscardOfModuleFiles(deps, {
    organizationId: actor.orgId,
    moduleId: head.data.id,
    uploadIds: unlinked,
  });
  const copy = await loadWorkingCopy(deps, actor.orgId, head.data.id);
  if (!copy) throw AppError.notFound('module', head.data.id);
  return toEditorView(deps, copy.head, copy.sections);
}
