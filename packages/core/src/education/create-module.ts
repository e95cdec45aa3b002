import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { moduleHeadKey, moduleListPartition } from './keys.ts';
import { type ModuleEditorView, toEditorView } from './module-details.ts';
import { checkModuleFields, type ModuleFieldsInput } from './module-input.ts';
import { checkPrerequisites } from './prerequisites.ts';
import type { ModuleRecord } from './records.ts';

export interface CreateModuleInput extends ModuleFieldsInput {
  title: string;
  contentType: NonNullable<ModuleFieldsInput['contentType']>;
  difficulty: NonNullable<ModuleFieldsInput['difficulty']>;
}

/** A new module in draft, authored by the caller (module:create). */
export async function createModule(
  deps: EducationDeps,
  actor: Actor,
  input: CreateModuleInput,
): Promise<ModuleEditorView> {
  requirePermission(actor, 'module:create');
  const fields = checkModuleFields(input);
  if (!fields.title || !fields.contentType || !fields.difficulty) {
    throw AppError.invalidInput('title, contentType and difficulty are required');
  }
  const id = deps.ids.next('mod');
  const prerequisites = fields.prerequisites ?? [];
  await checkPrerequisites(deps, actor, id, prerequisites);
  const now = isoAt(deps.clock.nowMs());
  const record: ModuleRecord = {
    id,
    organizationId: actor.orgId,
    title: fields.title,
    description: fields.description ?? '',
    contentType: fields.contentType,
    difficulty: fields.difficulty,
    estimatedDuration: fields.estimatedDuration ?? null,
    prerequisites,
    learningObjectives: fields.learningObjectives ?? [],
    contentUrl: fields.contentUrl ?? null,
    thumbnailUrl: fields.thumbnailUrl ?? null,
    tags: fields.tags ?? [],
    visibility: fields.visibility ?? 'organization',
    status: 'draft',
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    sectionOrder: [],
    sectionsDuration: 0,
    publishedVersion: null,
    firstPublishedAt: null,
    lastReview: null,
    documents: [],
  };
  const head = await deps.store.put(
    {
      ...moduleHeadKey(actor.orgId, id),
      gsi1pk: moduleListPartition(actor.orgId),
      gsi1sk: `${now}#${id}`,
      data: record,
    },
    { condition: [{ kind: 'notExists' }] },
  );
  return toEditorView(deps, head, []);
}
