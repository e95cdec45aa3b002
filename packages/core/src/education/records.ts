/** What education stores (the `data` of its items). Views in views.ts decide what each caller sees. */

export const moduleContentTypes = ['video', 'interactive', 'text', 'mixed'] as const;
export type ModuleContentType = (typeof moduleContentTypes)[number];
export const difficulties = ['beginner', 'intermediate', 'advanced'] as const;
export type Difficulty = (typeof difficulties)[number];
export const moduleStatuses = ['draft', 'review', 'published', 'archived'] as const;
export type ModuleStatus = (typeof moduleStatuses)[number];
export const moduleVisibilities = ['organization', 'public'] as const;
export type ModuleVisibility = (typeof moduleVisibilities)[number];
export const sectionContentTypes = ['video', 'text', 'quiz', 'exercise'] as const;
export type SectionContentType = (typeof sectionContentTypes)[number];
export const sectionStatuses = ['draft', 'published'] as const;
export type SectionStatus = (typeof sectionStatuses)[number];

/** A processed upload attached to a module or a section (see module-upload-owner.ts). */
export interface AssetRef {
  uploadId: string;
  key: string;
  contentType: string;
  fileName: string;
  sizeBytes: number;
  durationSeconds?: number;
  width?: number;
  height?: number;
  pageCount?: number;
  /** Words of a PDF's text (read time counts toward the section's duration). */
  wordCount?: number;
  thumbnailKey?: string;
}

export interface QuizChoice {
  id: string;
  text: string;
  correct: boolean;
}
export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: QuizChoice[];
}
export interface QuizContent {
  questions: QuizQuestion[];
  /** Percent of questions answered right needed to pass (0–100). */
  passingScore: number;
}
export interface TextContent {
  markdown: string;
}
export interface VideoContent {
  /** Optional description shown under the player. */
  caption?: string;
  /**
   * The processed upload this section plays (the same as `asset.uploadId`). Set by the upload pipeline
   * when the video is ready; an author may send it back unchanged but never name another upload.
   */
  uploadId?: string;
}
export interface ExerciseContent {
  instructions: string;
  rubric?: string;
}
export type SectionContentData = TextContent | VideoContent | QuizContent | ExerciseContent;

export interface SectionRecord {
  [field: string]: unknown;
  id: string;
  moduleId: string;
  title: string;
  contentType: SectionContentType;
  contentData: SectionContentData;
  /** Minutes as the author gave them; null = computed from the content. */
  duration: number | null;
  status: SectionStatus;
  required: boolean;
  /** The video, image or PDF of this section, once an upload was processed. */
  asset: AssetRef | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewNote {
  decision: 'submitted' | 'approved' | 'rejected' | 'archived';
  comments: string | null;
  by: string;
  at: string;
}

export interface ModuleFields {
  title: string;
  description: string;
  contentType: ModuleContentType;
  difficulty: Difficulty;
  /** Minutes the author set; null = computed from the sections. */
  estimatedDuration: number | null;
  prerequisites: string[];
  learningObjectives: string[];
  contentUrl: string | null;
  thumbnailUrl: string | null;
  tags: string[];
  visibility: ModuleVisibility;
}

export interface ModuleRecord extends ModuleFields {
  [field: string]: unknown;
  id: string;
  organizationId: string;
  status: ModuleStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  sectionOrder: string[];
  /** Minutes the sections add up to (kept current by every section write). */
  sectionsDuration: number;
  /** The latest published version (semver), null before the first approval. */
  publishedVersion: string | null;
  firstPublishedAt: string | null;
  /** The last review decision, shown to the author (rejection comments). */
  lastReview: ReviewNote | null;
  documents: AssetRef[];
}

export interface VersionRecord {
  [field: string]: unknown;
  moduleId: string;
  organizationId: string;
  version: string;
  module: ModuleFields & { createdBy: string; estimatedDurationMinutes: number };
  sectionOrder: string[];
  publishedAt: string;
  approvedBy: string;
  changes: { added: string[]; removed: string[]; changed: string[] };
  /**
   * The module's documents as approved: learners get these, never ones uploaded since. Absent in
   * versions published before documents were snapshotted; those fall back to the head's.
   */
  documents?: AssetRef[];
}

export interface QuizProgress {
  attempts: number;
  bestScore: number;
  lastScore: number;
  passed: boolean;
  /** Fingerprint of the questions graded, so a moved learner keeps a pass only for the same quiz. */
  quizHash: string;
}

export interface EnrollmentRecord {
  [field: string]: unknown;
  moduleId: string;
  moduleOrgId: string;
  userId: string;
  learnerOrgId: string;
  version: string;
  enrolledAt: string;
  updatedAt: string;
  completedSectionIds: string[];
  quizzes: Record<string, QuizProgress>;
  /** Kept current by every progress write, so lists need not read the version's sections. */
  percentComplete: number;
  nextSectionId: string | null;
  completedAt: string | null;
}

export interface QuestionStatRecord {
  [field: string]: unknown;
  sectionId: string;
  questionId: string;
  attempts: number;
  correct: number;
}
