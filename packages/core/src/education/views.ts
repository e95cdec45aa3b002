/** What callers see: authors and admins the working copy (with quiz answers), learners a published version. */
import type { StoredItem } from '../ports/item-store.ts';
import type {
  AssetRef,
  EnrollmentRecord,
  ModuleFields,
  ModuleRecord,
  QuizContent,
  ReviewNote,
  SectionRecord,
} from './records.ts';
import { contentForLearner, sectionMinutes } from './section-content.ts';

export interface AssetView extends AssetRef {
  url: string;
  thumbnailUrl: string | null;
}

export function toAssetView(asset: AssetRef, assetUrl: (key: string) => string): AssetView {
  return { ...asset, url: assetUrl(asset.key), thumbnailUrl: asset.thumbnailKey ? assetUrl(asset.thumbnailKey) : null };
}

export interface SectionView {
  id: string;
  title: string;
  contentType: SectionRecord['contentType'];
  contentData: unknown;
  /** Minutes: the author's, or computed from the content. */
  duration: number;
  durationSource: 'author' | 'content';
  status: SectionRecord['status'];
  required: boolean;
  asset: AssetView | null;
  /** 1-based position in the module. */
  sectionOrder: number;
  version?: number;
  createdAt: string;
  updatedAt: string;
}

export function toSectionView(
  item: { data: SectionRecord; version?: number },
  position: number,
  assetUrl: (key: string) => string,
  forLearner: boolean,
): SectionView {
  const section = item.data;
  return {
    id: section.id,
    title: section.title,
    contentType: section.contentType,
    contentData: forLearner ? contentForLearner(section) : section.contentData,
    duration: Math.round(sectionMinutes(section) * 10) / 10,
    durationSource: section.duration === null ? 'content' : 'author',
    status: section.status,
    required: section.required,
    asset: section.asset ? toAssetView(section.asset, assetUrl) : null,
    sectionOrder: position + 1,
    ...(forLearner || item.version === undefined ? {} : { version: item.version }),
    createdAt: section.createdAt,
    updatedAt: section.updatedAt,
  };
}

export interface ModuleView extends Omit<ModuleFields, 'estimatedDuration'> {
  id: string;
  organizationId: string;
  estimatedDuration: number;
  estimatedDurationSource: 'author' | 'sections';
  status: ModuleRecord['status'];
  createdBy: string;
  /** Edit version: send it back (If-Match or `version`) with a change. */
  version: number;
  publishedVersion: string | null;
  sectionOrder: string[];
  lastReview: ReviewNote | null;
  documents: AssetView[];
  createdAt: string;
  updatedAt: string;
}

export function toModuleView(head: StoredItem<ModuleRecord>, assetUrl: (key: string) => string): ModuleView {
  const m = head.data;
  return {
    id: m.id,
    organizationId: m.organizationId,
    title: m.title,
    description: m.description,
    contentType: m.contentType,
    difficulty: m.difficulty,
    estimatedDuration: m.estimatedDuration ?? m.sectionsDuration,
    estimatedDurationSource: m.estimatedDuration === null ? 'sections' : 'author',
    prerequisites: m.prerequisites,
    learningObjectives: m.learningObjectives,
    contentUrl: m.contentUrl,
    thumbnailUrl: m.thumbnailUrl,
    tags: m.tags,
    status: m.status,
    createdBy: m.createdBy,
    version: head.version,
    publishedVersion: m.publishedVersion,
    visibility: m.visibility,
    sectionOrder: m.sectionOrder,
    lastReview: m.lastReview,
    documents: m.documents.map((doc) => toAssetView(doc, assetUrl)),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export interface QuizProgressView {
  attempts: number;
  bestScore: number;
  lastScore: number;
  passed: boolean;
}

export interface ProgressView {
  moduleId: string;
  /** The version the learner follows. */
  version: string;
  latestVersion: string | null;
  enrolledAt: string;
  completedSectionIds: string[];
  quizzes: Record<string, QuizProgressView>;
  percentComplete: number;
  nextSectionId: string | null;
  status: 'in_progress' | 'completed';
  completedAt: string | null;
}

/** The sections a learner must finish: required ones and every quiz (a quiz must be passed). */
export function countedSections(sections: readonly SectionRecord[]): SectionRecord[] {
  return sections.filter((section) => section.required || section.contentType === 'quiz');
}

export function isSectionDone(enrollment: EnrollmentRecord, section: SectionRecord): boolean {
  if (section.contentType === 'quiz') return enrollment.quizzes[section.id]?.passed === true;
  return enrollment.completedSectionIds.includes(section.id);
}

/** Percent of counted sections done and the first section (in order) not done yet. */
export function progressOf(enrollment: EnrollmentRecord, sections: readonly SectionRecord[]) {
  const counted = countedSections(sections);
  const done = counted.filter((section) => isSectionDone(enrollment, section)).length;
  const next = sections.find((section) => !isSectionDone(enrollment, section)) ?? null;
  const percentComplete = counted.length === 0 ? 100 : Math.floor((done / counted.length) * 100);
  return { percentComplete, nextSectionId: next?.id ?? null, complete: done === counted.length };
}

export function toProgressView(
  enrollment: EnrollmentRecord,
  sections: readonly SectionRecord[],
  latestVersion: string | null,
): ProgressView {
  const { percentComplete, nextSectionId } = progressOf(enrollment, sections);
  const quizzes: Record<string, QuizProgressView> = {};
  for (const [sectionId, quiz] of Object.entries(enrollment.quizzes)) {
    quizzes[sectionId] = {
      attempts: quiz.attempts,
      bestScore: quiz.bestScore,
      lastScore: quiz.lastScore,
      passed: quiz.passed,
    };
  }
  return {
    moduleId: enrollment.moduleId,
    version: enrollment.version,
    latestVersion,
    enrolledAt: enrollment.enrolledAt,
    completedSectionIds: enrollment.completedSectionIds,
    quizzes,
    percentComplete,
    nextSectionId,
    status: enrollment.completedAt ? 'completed' : 'in_progress',
    completedAt: enrollment.completedAt,
  };
}

export const isQuiz = (section: SectionRecord): section is SectionRecord & { contentData: QuizContent } =>
  section.contentType === 'quiz';
