/** The education routes (/api/education): authoring, review, the catalog and learners' progress. */
import {
  Catalog,
  type CreateModuleRequest,
  LearningList,
  ModuleDetails,
  ModuleEditorView,
  ModuleInsights,
  ModuleList,
  ModuleView,
  ProgressView,
  QuizAttemptResult,
  SectionCreated,
  type SectionRequest,
  type UpdateModuleRequest,
  type UpdateSectionRequest,
  VersionList,
} from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

const base = '/api/education';
const modulePath = (id: string) => `${base}/modules/${encodeURIComponent(id)}` as const;

export function listModules(signal?: AbortSignal): Promise<ModuleList> {
  return apiAuthed(`${base}/modules?limit=100`, ModuleList, { signal });
}

export function createModule(input: CreateModuleRequest): Promise<ModuleEditorView> {
  return apiAuthed(`${base}/modules`, ModuleEditorView, { method: 'POST', body: input });
}

/** The editor view for authors and admins, else the learner view; `asLearner` always asks for the latter. */
export function getModule(id: string, signal?: AbortSignal, asLearner = false): Promise<ModuleDetails> {
  return apiAuthed(asLearner ? `${modulePath(id)}?as=learner` : modulePath(id), ModuleDetails, { signal });
}

export function updateModule(id: string, input: UpdateModuleRequest): Promise<ModuleEditorView> {
  return apiAuthed(modulePath(id), ModuleEditorView, { method: 'PUT', body: input });
}

export function createSection(id: string, input: SectionRequest): Promise<SectionCreated> {
  return apiAuthed(`${modulePath(id)}/sections`, SectionCreated, { method: 'POST', body: input });
}

export function updateSection(id: string, sectionId: string, input: UpdateSectionRequest): Promise<ModuleEditorView> {
  return apiAuthed(`${modulePath(id)}/sections/${encodeURIComponent(sectionId)}`, ModuleEditorView, {
    method: 'PUT',
    body: input,
  });
}

export function deleteSection(id: string, sectionId: string): Promise<ModuleEditorView> {
  return apiAuthed(`${modulePath(id)}/sections/${encodeURIComponent(sectionId)}`, ModuleEditorView, {
    method: 'DELETE',
  });
}

export function reorderSections(id: string, sectionOrder: string[], version: number): Promise<ModuleEditorView> {
  return apiAuthed(`${modulePath(id)}/section-order`, ModuleEditorView, {
    method: 'PUT',
    body: { sectionOrder, version },
  });
}

export type ReviewAction = 'submit' | 'approve' | 'reject' | 'archive';

export function review(id: string, action: ReviewAction, comments?: string): Promise<ModuleView> {
  return apiAuthed(`${modulePath(id)}/${action}`, ModuleView, {
    method: 'POST',
    body: comments ? { comments } : {},
  });
}

export function listVersions(id: string, signal?: AbortSignal): Promise<VersionList> {
  return apiAuthed(`${modulePath(id)}/versions`, VersionList, { signal });
}

export function getCatalog(signal?: AbortSignal): Promise<Catalog> {
  return apiAuthed(`${base}/catalog?limit=100`, Catalog, { signal });
}

export function enroll(id: string): Promise<ProgressView> {
  return apiAuthed(`${modulePath(id)}/enroll`, ProgressView, { method: 'POST' });
}

export function completeSection(id: string, sectionId: string): Promise<ProgressView> {
  return apiAuthed(`${modulePath(id)}/sections/${encodeURIComponent(sectionId)}/complete`, ProgressView, {
    method: 'POST',
  });
}

export function attemptQuiz(
  id: string,
  sectionId: string,
  answers: Record<string, string[]>,
): Promise<QuizAttemptResult> {
  return apiAuthed(`${modulePath(id)}/sections/${encodeURIComponent(sectionId)}/quiz-attempts`, QuizAttemptResult, {
    method: 'POST',
    body: { answers },
  });
}

export function moveToLatest(id: string): Promise<ProgressView> {
  return apiAuthed(`${modulePath(id)}/enrollment/move`, ProgressView, { method: 'POST' });
}

export function myLearning(signal?: AbortSignal): Promise<LearningList> {
  return apiAuthed(`${base}/me/learning?limit=100`, LearningList, { signal });
}

export function getInsights(id: string, signal?: AbortSignal): Promise<ModuleInsights> {
  return apiAuthed(`${modulePath(id)}/insights`, ModuleInsights, { signal });
}
