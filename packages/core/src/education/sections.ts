/**
 * Section writes: create, update, delete, reorder. Each one rewrites the head too (sectionOrder, the
 * computed duration, updatedAt) in the same transaction, pinned to the head's edit version, so two
 * authors cannot interleave changes unnoticed.
 */
import type { StoredItem, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { isIdOf, loadWorkingCopy, requireEditable } from './access.ts';
import { checkEditable, checkEditVersion } from './edit-version.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey, sectionKey } from './keys.ts';
import { type ModuleEditorView, toEditorView } from './module-details.ts';
import { scheduleDiscardOfModuleFiles } from './module-files.ts';
import {
  type ModuleRecord,
  type SectionContentType,
  type SectionRecord,
  type SectionStatus,
  sectionContentTypes,
  sectionStatuses,
} from './records.ts';
import { checkContentData, estimateMinutes, withAttachedVideo } from './section-content.ts';

export const maxSections = 100;

export interface SectionInput {
  title?: string;
  contentType?: SectionContentType;
  contentData?: unknown;
  duration?: number | null;
  status?: SectionStatus;
  required?: boolean;
  /** The module's edit version this change was made against (optional for sections). */
  version?: number;
}

function checkSectionFields(input: SectionInput): Partial<SectionRecord> {
  const out: Partial<SectionRecord> = {};
  if (input.title !== undefined) {
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (title.length < 1 || title.length > 200)
      throw AppError.invalidInput('title must be 1–200 characters', { field: 'title' });
    out.title = title;
  }
  if (input.contentType !== undefined) {
    if (!sectionContentTypes.includes(input.contentType)) {
      throw AppError.invalidInput(`contentType must be one of ${sectionContentTypes.join(', ')}`, {
        field: 'contentType',
      });
    }
    out.contentType = input.contentType;
  }
  if (input.duration !== undefined) {
    const d = input.duration;
    if (d !== null && (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > 10_000)) {
      throw AppError.invalidInput('duration must be minutes (0–10000) or null', { field: 'duration' });
    }
    out.duration = d;
  }
  if (input.status !== undefined) {
    if (!sectionStatuses.includes(input.status))
      throw AppError.invalidInput('status must be draft or published', { field: 'status' });
    out.status = input.status;
  }
  if (input.required !== undefined) {
    if (typeof input.required !== 'boolean')
      throw AppError.invalidInput('required must be true or false', { field: 'required' });
    out.required = input.required;
  }
  return out;
}

/** The head changes every section write makes. */
function headChanges(
  deps: EducationDeps,
  head: StoredItem<ModuleRecord>,
  sectionOrder: string[],
  sections: readonly SectionRecord[],
): TransactOperation {
  const set: Partial<ModuleRecord> = {
    sectionOrder,
    sectionsDuration: estimateMinutes(sections),
    updatedAt: isoAt(deps.clock.nowMs()),
  };
  if (head.data.status === 'published') set.status = 'draft';
  return {
    kind: 'update',
    key: moduleHeadKey(head.data.organizationId, head.data.id),
    changes: { set, condition: [{ kind: 'versionEquals', version: head.version }] },
  };
}

async function editable(deps: EducationDeps, actor: Actor, moduleId: unknown, version: number | undefined) {
  const head = await requireEditable(deps, actor, moduleId);
  checkEditVersion(head, version, false);
  checkEditable(head.data);
  const copy = await loadWorkingCopy(deps, actor.orgId, head.data.id);
  if (!copy || copy.head.version !== head.version) {
    throw AppError.conflict('The module changed while this request was read; try again', { reason: 'stale_version' });
  }
  return copy;
}

async function reloaded(deps: EducationDeps, actor: Actor, moduleId: string): Promise<ModuleEditorView> {
  const copy = await loadWorkingCopy(deps, actor.orgId, moduleId);
  if (!copy) throw AppError.notFound('module', moduleId);
  return toEditorView(deps, copy.head, copy.sections);
}

export async function createSection(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: SectionInput,
): Promise<ModuleEditorView & { sectionId: string }> {
  const { head, sections } = await editable(deps, actor, moduleId, input.version);
  if (sections.length >= maxSections) throw AppError.conflict(`A module holds at most ${maxSections} sections`);
  const fields = checkSectionFields(input);
  if (!fields.title || !fields.contentType) throw AppError.invalidInput('title and contentType are required');
  const now = isoAt(deps.clock.nowMs());
  const section: SectionRecord = {
    id: deps.ids.next('sec'),
    moduleId: head.data.id,
    title: fields.title,
    contentType: fields.contentType,
    contentData: withAttachedVideo(
      checkContentData(fields.contentType, input.contentData, deps.ids),
      fields.contentType,
      null,
    ),
    duration: fields.duration ?? null,
    status: fields.status ?? 'published',
    required: fields.required ?? true,
    asset: null,
    createdAt: now,
    updatedAt: now,
  };
  const all = [...sections.map((s) => s.data), section];
  await deps.store.transact([
    {
      kind: 'put',
      item: { ...sectionKey(actor.orgId, head.data.id, section.id), data: section },
      condition: [{ kind: 'notExists' }],
    },
    headChanges(
      deps,
      head,
      all.map((s) => s.id),
      all,
    ),
  ]);
  return { ...(await reloaded(deps, actor, head.data.id)), sectionId: section.id };
}

function findSection(sections: readonly StoredItem<SectionRecord>[], sectionId: unknown): StoredItem<SectionRecord> {
  const found = isIdOf(sectionId, 'sec') ? sections.find((s) => s.data.id === sectionId) : undefined;
  if (!found) throw AppError.notFound('section', String(sectionId));
  return found;
}

export async function updateSection(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  sectionId: unknown,
  input: SectionInput,
): Promise<ModuleEditorView> {
  const { head, sections } = await editable(deps, actor, moduleId, input.version);
  const current = findSection(sections, sectionId);
  const fields = checkSectionFields(input);
  const contentType = fields.contentType ?? current.data.contentType;
  if (
    fields.contentType !== undefined &&
    fields.contentType !== current.data.contentType &&
    input.contentData === undefined
  ) {
    throw AppError.invalidInput('Send contentData for the new contentType', { field: 'contentData' });
  }
  const updated: SectionRecord = {
    ...current.data,
    ...fields,
    ...(input.contentData !== undefined
      ? {
          contentData: withAttachedVideo(
            checkContentData(contentType, input.contentData, deps.ids),
            contentType,
            current.data.asset,
          ),
        }
      : {}),
    updatedAt: isoAt(deps.clock.nowMs()),
  };
  const all = sections.map((s) => (s.data.id === updated.id ? updated : s.data));
  await deps.store.transact([
    {
      kind: 'put',
      item: { ...sectionKey(actor.orgId, head.data.id, updated.id), data: updated },
      condition: [{ kind: 'versionEquals', version: current.version }],
    },
    headChanges(deps, head, head.data.sectionOrder, all),
  ]);
  return reloaded(deps, actor, head.data.id);
}

export async function deleteSection(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  sectionId: unknown,
  input: { version?: number },
): Promise<ModuleEditorView> {
  const { head, sections } = await editable(deps, actor, moduleId, input.version);
  const current = findSection(sections, sectionId);
  const rest = sections.map((s) => s.data).filter((s) => s.id !== current.data.id);
  await deps.store.transact([
    { kind: 'delete', key: sectionKey(actor.orgId, head.data.id, current.data.id), condition: [{ kind: 'exists' }] },
    headChanges(
      deps,
      head,
      rest.map((s) => s.id),
      rest,
    ),
  ]);
  // Its file goes once no published version shows it either (module-files.ts).
  const file = current.data.asset?.uploadId;
  await scheduleDiscardOfModuleFiles(deps, {
    organizationId: actor.orgId,
    moduleId: head.data.id,
    uploadIds: file ? [file] : [],
  });
  return reloaded(deps, actor, head.data.id);
}

export async function reorderSections(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  input: { sectionOrder: string[]; version?: number },
): Promise<ModuleEditorView> {
  const { head, sections } = await editable(deps, actor, moduleId, input.version);
  const current = new Set(head.data.sectionOrder);
  const given = input.sectionOrder;
  if (given.length !== current.size || new Set(given).size !== given.length || !given.every((id) => current.has(id))) {
    throw AppError.invalidInput('sectionOrder must list every section of the module exactly once', {
      field: 'sectionOrder',
      expected: head.data.sectionOrder,
    });
  }
  const byId = new Map(sections.map((s) => [s.data.id, s.data]));
  const ordered = given.map((id) => byId.get(id) as SectionRecord);
  await deps.store.transact([headChanges(deps, head, given, ordered)]);
  return reloaded(deps, actor, head.data.id);
}
