/**
 * Wire schemas of the education routes (issue 4): modules, sections, review and versions, the
 * learners' catalog and progress, instructor insights. Field names are the plan's, in camelCase.
 */
import { z } from 'zod';
import { pageOf } from '../page.ts';

export const moduleContentTypes = ['video', 'interactive', 'text', 'mixed'] as const;
export const difficulties = ['beginner', 'intermediate', 'advanced'] as const;
export const moduleStatuses = ['draft', 'review', 'published', 'archived'] as const;
export const visibilities = ['organization', 'public'] as const;
export const sectionContentTypes = ['video', 'text', 'quiz', 'exercise'] as const;
export const sectionStatuses = ['draft', 'published'] as const;

const url = z.string().min(1).max(2048);

export const ModuleFieldsRequest = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  contentType: z.enum(moduleContentTypes),
  difficulty: z.enum(difficulties),
  /** Minutes; leave out (or null) to compute it from the sections. */
  estimatedDuration: z.number().int().min(1).max(100_000).nullable().optional(),
  prerequisites: z.array(z.string().max(40)).max(20).optional(),
  learningObjectives: z.array(z.string().min(1).max(500)).max(30).optional(),
  contentUrl: url.nullable().optional(),
  thumbnailUrl: url.nullable().optional(),
  tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  visibility: z.enum(visibilities).optional(),
});

export const CreateModuleRequest = ModuleFieldsRequest.meta({ id: 'CreateModuleRequest' });
export type CreateModuleRequest = z.infer<typeof CreateModuleRequest>;

export const UpdateModuleRequest = ModuleFieldsRequest.partial()
  .extend({
    /** The edit version you changed (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: 'UpdateModuleRequest' });
export type UpdateModuleRequest = z.infer<typeof UpdateModuleRequest>;

export const ModuleListQuery = z.object({
  status: z.enum(moduleStatuses).optional(),
  difficulty: z.enum(difficulties).optional(),
  tag: z.string().min(1).max(40).optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const CatalogQuery = ModuleListQuery.omit({ status: true });

export const AssetView = z
  .object({
    uploadId: z.string(),
    key: z.string(),
    url: z.string(),
    thumbnailUrl: z.string().nullable(),
    contentType: z.string(),
    fileName: z.string(),
    sizeBytes: z.number(),
    durationSeconds: z.number().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    pageCount: z.number().optional(),
    /** Words of a PDF's text: counted in the section's reading time. */
    wordCount: z.number().optional(),
    thumbnailKey: z.string().optional(),
  })
  .meta({ id: 'EducationAsset' });

export const SectionView = z
  .object({
    id: z.string(),
    title: z.string(),
    contentType: z.enum(sectionContentTypes),
    /**
     * text {markdown}; video {caption?, uploadId? (the processed video, set when its upload is ready)}; quiz {questions [{id, prompt, choices [{id, text, correct}]}],
     * passingScore} (learners get no `correct`, and `multiple` per question); exercise {instructions, rubric?}.
     */
    contentData: z.unknown(),
    duration: z.number(),
    durationSource: z.enum(['author', 'content']),
    status: z.enum(sectionStatuses),
    required: z.boolean(),
    asset: AssetView.nullable(),
    sectionOrder: z.number().int(),
    version: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EducationSection' });

const ReviewNote = z.object({
  decision: z.enum(['submitted', 'approved', 'rejected', 'archived']),
  comments: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});

const moduleBase = {
  id: z.string(),
  organizationId: z.string(),
  title: z.string(),
  description: z.string(),
  contentType: z.enum(moduleContentTypes),
  difficulty: z.enum(difficulties),
  estimatedDuration: z.number(),
  prerequisites: z.array(z.string()),
  learningObjectives: z.array(z.string()),
  contentUrl: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: z.enum(visibilities),
  createdBy: z.string(),
  documents: z.array(AssetView),
};

export const ModuleView = z
  .object({
    ...moduleBase,
    estimatedDurationSource: z.enum(['author', 'sections']),
    status: z.enum(moduleStatuses),
    /** Edit version: send it back with a change (If-Match or `version`). */
    version: z.number().int(),
    /** The latest published version (semver), null before the first approval. */
    publishedVersion: z.string().nullable(),
    sectionOrder: z.array(z.string()),
    lastReview: ReviewNote.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EducationModule' });
export type ModuleView = z.infer<typeof ModuleView>;

export const ModuleList = pageOf(ModuleView).meta({ id: 'EducationModuleList' });
export type ModuleList = z.infer<typeof ModuleList>;

export const ModuleEditorView = ModuleView.extend({
  view: z.literal('editor'),
  sections: z.array(SectionView),
}).meta({ id: 'EducationModuleEditorView' });
export type ModuleEditorView = z.infer<typeof ModuleEditorView>;

export const ProgressView = z
  .object({
    moduleId: z.string(),
    version: z.string(),
    latestVersion: z.string().nullable(),
    enrolledAt: z.string(),
    completedSectionIds: z.array(z.string()),
    quizzes: z.record(
      z.string(),
      z.object({ attempts: z.number().int(), bestScore: z.number(), lastScore: z.number(), passed: z.boolean() }),
    ),
    percentComplete: z.number(),
    nextSectionId: z.string().nullable(),
    status: z.enum(['in_progress', 'completed']),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'EducationProgress' });
export type ProgressView = z.infer<typeof ProgressView>;

export const ModuleLearnerView = z
  .object({
    ...moduleBase,
    view: z.literal('learner'),
    status: z.enum(['published', 'archived']),
    version: z.string(),
    latestVersion: z.string().nullable(),
    publishedAt: z.string(),
    sections: z.array(SectionView),
    enrollment: ProgressView.nullable(),
  })
  .meta({ id: 'EducationModuleLearnerView' });
export type ModuleLearnerView = z.infer<typeof ModuleLearnerView>;

export const ModuleDetails = z
  .discriminatedUnion('view', [ModuleEditorView, ModuleLearnerView])
  .meta({ id: 'EducationModuleDetails' });
export type ModuleDetails = z.infer<typeof ModuleDetails>;

export const DeleteModuleResult = z
  .object({
    outcome: z.enum(['deleted', 'archived']),
    moduleId: z.string(),
    message: z.string(),
    module: ModuleView.optional(),
  })
  .meta({ id: 'DeleteModuleResult' });

const quizChoiceRequest = z.object({
  id: z.string().max(40).optional(),
  text: z.string().min(1).max(500),
  correct: z.boolean(),
});

export const SectionRequest = z
  .object({
    title: z.string().min(1).max(200),
    contentType: z.enum(sectionContentTypes),
    /** Checked per contentType on the server (see EducationSection.contentData). */
    contentData: z.record(z.string(), z.unknown()),
    duration: z.number().min(0).max(10_000).nullable().optional(),
    status: z.enum(sectionStatuses).optional(),
    required: z.boolean().optional(),
    /** The module's edit version (optional). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: 'SectionRequest' });
export type SectionRequest = z.infer<typeof SectionRequest>;

export const UpdateSectionRequest = SectionRequest.partial().meta({ id: 'UpdateSectionRequest' });
export type UpdateSectionRequest = z.infer<typeof UpdateSectionRequest>;

/** Documents the quiz contentData shape for clients (the server checks it). */
export const QuizContentRequest = z.object({
  questions: z.array(
    z.object({
      id: z.string().max(40).optional(),
      prompt: z.string().min(1).max(2000),
      choices: z.array(quizChoiceRequest),
    }),
  ),
  passingScore: z.number().min(0).max(100),
});
export type QuizContentRequest = z.infer<typeof QuizContentRequest>;

export const ReorderSectionsRequest = z
  .object({ sectionOrder: z.array(z.string().max(40)).max(100), version: z.number().int().min(1).optional() })
  .meta({ id: 'ReorderSectionsRequest' });

export const ReviewRequest = z
  .object({ comments: z.string().max(5000).optional(), version: z.number().int().min(1).optional() })
  .meta({ id: 'ReviewRequest' });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const VersionSummary = z
  .object({
    version: z.string(),
    publishedAt: z.string(),
    approvedBy: z.string(),
    title: z.string(),
    sectionCount: z.number().int(),
    changes: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
  })
  .meta({ id: 'EducationVersion' });
export const VersionList = z.object({ items: z.array(VersionSummary) }).meta({ id: 'EducationVersionList' });
export type VersionList = z.infer<typeof VersionList>;

export const CatalogItem = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    title: z.string(),
    description: z.string(),
    contentType: z.string(),
    difficulty: z.string(),
    estimatedDuration: z.number(),
    prerequisites: z.array(z.string()),
    learningObjectives: z.array(z.string()),
    thumbnailUrl: z.string().nullable(),
    tags: z.array(z.string()),
    visibility: z.string(),
    version: z.string(),
    publishedAt: z.string(),
    sectionCount: z.number().int(),
    enrollment: z
      .object({ status: z.enum(['in_progress', 'completed']), percentComplete: z.number(), version: z.string() })
      .nullable(),
  })
  .meta({ id: 'EducationCatalogItem' });
export type CatalogItem = z.infer<typeof CatalogItem>;
export const Catalog = pageOf(CatalogItem).meta({ id: 'EducationCatalog' });
export type Catalog = z.infer<typeof Catalog>;

export const QuizAttemptRequest = z
  .object({
    /** Question id → the choice ids chosen. */
    answers: z.record(z.string().max(40), z.array(z.string().max(40)).max(10)),
  })
  .meta({ id: 'QuizAttemptRequest' });
export type QuizAttemptRequest = z.infer<typeof QuizAttemptRequest>;

export const QuizAttemptResult = z
  .object({
    score: z.number(),
    passed: z.boolean(),
    passingScore: z.number(),
    attempt: z.number().int(),
    questions: z.array(z.object({ questionId: z.string(), correct: z.boolean() })),
    progress: ProgressView,
  })
  .meta({ id: 'QuizAttemptResult' });
export type QuizAttemptResult = z.infer<typeof QuizAttemptResult>;

export const LearningItem = z
  .object({
    moduleId: z.string(),
    title: z.string(),
    thumbnailUrl: z.string().nullable(),
    version: z.string(),
    latestVersion: z.string().nullable(),
    percentComplete: z.number(),
    nextSectionId: z.string().nullable(),
    status: z.enum(['in_progress', 'completed']),
    enrolledAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'EducationLearningItem' });
export type LearningItem = z.infer<typeof LearningItem>;
export const LearningList = pageOf(LearningItem).meta({ id: 'EducationLearningList' });
export type LearningList = z.infer<typeof LearningList>;

const stop = z.object({ sectionId: z.string(), title: z.string().nullable(), learners: z.number().int() });
export const ModuleInsights = z
  .object({
    moduleId: z.string(),
    enrollments: z.number().int(),
    completions: z.number().int(),
    completionRate: z.number(),
    averagePercentComplete: z.number(),
    questions: z.array(
      z.object({
        sectionId: z.string(),
        sectionTitle: z.string().nullable(),
        questionId: z.string(),
        prompt: z.string().nullable(),
        attempts: z.number().int(),
        correct: z.number().int(),
        averageScore: z.number(),
      }),
    ),
    dropOff: z.array(stop),
    mostStoppedAt: stop.nullable(),
  })
  .meta({ id: 'EducationInsights' });
export type ModuleInsights = z.infer<typeof ModuleInsights>;

export const SectionCreated = ModuleEditorView.extend({ sectionId: z.string() }).meta({
  id: 'EducationSectionCreated',
});
export type SectionCreated = z.infer<typeof SectionCreated>;

export const ModuleParams = z.object({ id: z.string().max(40) });
export const SectionParams = z.object({ id: z.string().max(40), sectionId: z.string().max(40) });

export type EducationAsset = z.infer<typeof AssetView>;
export type EducationSection = z.infer<typeof SectionView>;

/** The learner's shape of a quiz section's contentData (no correct answers). */
export interface LearnerQuiz {
  passingScore: number;
  questions: { id: string; prompt: string; multiple: boolean; choices: { id: string; text: string }[] }[];
}
/** The editor's shape of a quiz section's contentData. */
export interface EditorQuiz {
  passingScore: number;
  questions: { id: string; prompt: string; choices: { id: string; text: string; correct: boolean }[] }[];
}

/** `GET /api/education/modules/{id}/asset?format=json`: a short-lived signed URL for an <img>/<video> source. */
export const SignedAssetLink = z.object({ url: z.string() }).meta({ id: 'SignedAssetLink' });
export type SignedAssetLink = z.infer<typeof SignedAssetLink>;
