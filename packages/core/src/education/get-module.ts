/**
 * One module: the working copy for its author and admins, else the published version the learner
 * follows (the one they enrolled in, or the latest), with quiz answers left out.
 */
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { loadWorkingCopy, locateModule } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { type ModuleEditorView, toEditorView } from './module-details.ts';
import type { EnrollmentRecord, ModuleFields, ModuleRecord, SectionRecord, VersionRecord } from './records.ts';
import { derivedOf } from './version-cache.ts';
import { requireVersion } from './versions.ts';
import {
  type AssetView,
  type ProgressView,
  type SectionView,
  toAssetView,
  toProgressView,
  toSectionView,
} from './views.ts';

export interface ModuleLearnerView extends Omit<ModuleFields, 'estimatedDuration'> {
  view: 'learner';
  id: string;
  organizationId: string;
  estimatedDuration: number;
  createdBy: string;
  status: 'published' | 'archived';
  /** The published version shown (the learner's own, or the latest when not enrolled). */
  version: string;
  latestVersion: string | null;
  publishedAt: string;
  documents: AssetView[];
  sections: SectionView[];
  enrollment: ProgressView | null;
}

export async function getModule(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  options: { as?: 'learner' } = {},
): Promise<ModuleEditorView | ModuleLearnerView> {
  const { head, enrollment, editor } = await locateModule(deps, actor, moduleId);
  const m = head.data;
  if (editor && options.as !== 'learner') {
    const copy = await loadWorkingCopy(deps, m.organizationId, m.id);
    if (!copy) throw AppError.notFound('module', m.id);
    return toEditorView(deps, copy.head, copy.sections);
  }
  const shown = enrollment?.data.version ?? m.publishedVersion;
  if (!shown) throw AppError.notFound('module', m.id);
  const { header, sections, cached } = await requireVersion(deps, m, shown);
  // A version's section views never change: built once per process (version-cache.ts).
  const views = derivedOf(cached, 'learnerSections', () => learnerSections(sections, deps.assetUrl));
  return toLearnerView(m, header, sections, views, enrollment?.data, deps.assetUrl);
}

/** What a learner sees of a version's sections (quiz answers left out), in order. */
export function learnerSections(sections: readonly SectionRecord[], assetUrl: (key: string) => string): SectionView[] {
  return sections.map((section, i) => toSectionView({ data: section }, i, assetUrl, true));
}

/** The learner's view of one published version (pure: the benchmark's baseline builds it the same way). */
export function toLearnerView(
  m: ModuleRecord,
  header: VersionRecord,
  sections: readonly SectionRecord[],
  sectionViews: SectionView[],
  enrollment: EnrollmentRecord | undefined,
  assetUrl: (key: string) => string,
): ModuleLearnerView {
  const fields = header.module;
  return {
    view: 'learner',
    id: m.id,
    organizationId: m.organizationId,
    title: fields.title,
    description: fields.description,
    contentType: fields.contentType,
    difficulty: fields.difficulty,
    estimatedDuration: fields.estimatedDurationMinutes,
    prerequisites: fields.prerequisites,
    learningObjectives: fields.learningObjectives,
    contentUrl: fields.contentUrl,
    thumbnailUrl: fields.thumbnailUrl,
    tags: fields.tags,
    visibility: fields.visibility,
    createdBy: fields.createdBy,
    status: m.status === 'archived' ? 'archived' : 'published',
    version: header.version,
    latestVersion: m.publishedVersion,
    publishedAt: header.publishedAt,
    documents: (header.documents ?? m.documents).map((doc) => toAssetView(doc, assetUrl)),
    sections: sectionViews,
    enrollment: enrollment ? toProgressView(enrollment, sections, m.publishedVersion) : null,
  };
}
