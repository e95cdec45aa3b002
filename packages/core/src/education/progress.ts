/**
 * A learner's progress in the version they follow: completing a section, quiz attempts graded on the
 * server, and moving to the latest version. Progress carries over by section id (README.md).
 */
import type { StoredItem, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { isIdOf, locateModule, requirePermission } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentKey, questionStatKey } from './keys.ts';
import type { EnrollmentRecord, ModuleRecord, QuizContent, SectionRecord } from './records.ts';
import { type GradedQuestion, gradeQuiz, quizHash } from './section-content.ts';
import { requireVersion } from './versions.ts';
import { type ProgressView, progressOf, toProgressView } from './views.ts';

interface LearnerState {
  module: ModuleRecord;
  enrollment: StoredItem<EnrollmentRecord>;
  sections: SectionRecord[];
}

async function learnerState(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<LearnerState> {
  requirePermission(actor, 'module:enroll');
  const { head, enrollment } = await locateModule(deps, actor, moduleId);
  if (!enrollment) throw AppError.conflict('Enrol in this module first', { reason: 'not_enrolled' });
  const { sections } = await requireVersion(deps, head.data, enrollment.data.version);
  return { module: head.data, enrollment, sections };
}

/** A section of the learner's version; a section of another module or version does not exist here. */
function sectionOf(state: LearnerState, sectionId: unknown): SectionRecord {
  const section = isIdOf(sectionId, 'sec') ? state.sections.find((s) => s.id === sectionId) : undefined;
  if (!section) throw AppError.notFound('section', String(sectionId));
  return section;
}

/** The enrolment with derived fields (percent, next section, completion) recomputed. */
function withProgress(
  deps: EducationDeps,
  next: EnrollmentRecord,
  sections: readonly SectionRecord[],
): EnrollmentRecord {
  const progress = progressOf(next, sections);
  const now = isoAt(deps.clock.nowMs());
  return {
    ...next,
    updatedAt: now,
    percentComplete: progress.percentComplete,
    nextSectionId: progress.nextSectionId,
    completedAt: progress.complete ? (next.completedAt ?? now) : null,
  };
}

function enrollmentWrite(state: LearnerState, record: EnrollmentRecord): TransactOperation {
  const { module, enrollment } = state;
  return {
    kind: 'update',
    key: enrollmentKey(module.organizationId, module.id, enrollment.data.userId),
    changes: { set: record, condition: [{ kind: 'versionEquals', version: enrollment.version }] },
  };
}

/** Runs `attempt` again (fresh reads) when a concurrent progress write got there first. */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConditionFailedError) || tries >= 3) throw error;
    }
  }
}

export async function completeSection(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  sectionId: unknown,
): Promise<ProgressView> {
  return retried(async () => {
    const state = await learnerState(deps, actor, moduleId);
    const section = sectionOf(state, sectionId);
    if (section.contentType === 'quiz') {
      throw AppError.conflict('A quiz is completed by passing it (quiz-attempts)', { reason: 'quiz_section' });
    }
    const current = state.enrollment.data;
    if (current.completedSectionIds.includes(section.id)) {
      return toProgressView(current, state.sections, state.module.publishedVersion);
    }
    const next = withProgress(
      deps,
      { ...current, completedSectionIds: [...current.completedSectionIds, section.id] },
      state.sections,
    );
    await deps.store.transact([enrollmentWrite(state, next)]);
    return toProgressView(next, state.sections, state.module.publishedVersion);
  });
}

export interface QuizAttemptResult {
  score: number;
  passed: boolean;
  passingScore: number;
  attempt: number;
  questions: GradedQuestion[];
  progress: ProgressView;
}

export async function attemptQuiz(
  deps: EducationDeps,
  actor: Actor,
  moduleId: unknown,
  sectionId: unknown,
  input: { answers: Record<string, string[]> },
): Promise<QuizAttemptResult> {
  return retried(async () => {
    const state = await learnerState(deps, actor, moduleId);
    const section = sectionOf(state, sectionId);
    if (section.contentType !== 'quiz') throw AppError.notFound('quiz', section.id);
    const quiz = section.contentData as QuizContent;
    const grade = gradeQuiz(quiz, input.answers);
    const current = state.enrollment.data;
    const before = current.quizzes[section.id];
    const next = withProgress(
      deps,
      {
        ...current,
        quizzes: {
          ...current.quizzes,
          [section.id]: {
            attempts: (before?.attempts ?? 0) + 1,
            bestScore: Math.max(before?.bestScore ?? 0, grade.score),
            lastScore: grade.score,
            passed: (before?.passed ?? false) || grade.passed,
            quizHash: quizHash(quiz),
          },
        },
      },
      state.sections,
    );
    const { organizationId, id } = state.module;
    await deps.store.transact([
      enrollmentWrite(state, next),
      ...grade.questions.map(
        (q): TransactOperation => ({
          kind: 'update',
          key: questionStatKey(organizationId, id, section.id, q.questionId),
          changes: {
            set: { sectionId: section.id, questionId: q.questionId },
            add: { attempts: 1, correct: q.correct ? 1 : 0 },
          },
        }),
      ),
    ]);
    return {
      ...grade,
      attempt: next.quizzes[section.id]?.attempts ?? 1,
      progress: toProgressView(next, state.sections, state.module.publishedVersion),
    };
  });
}

/**
 * Moves the learner to the latest published version. Completed sections whose id is still there stay
 * completed; a quiz pass stays only when the quiz is unchanged (same questions, answers, pass mark).
 */
export async function moveToLatest(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<ProgressView> {
  return retried(async () => {
    const state = await learnerState(deps, actor, moduleId);
    const latest = state.module.publishedVersion;
    const current = state.enrollment.data;
    if (!latest || latest === current.version) {
      throw AppError.conflict('You already follow the latest version', {
        reason: 'already_latest',
        version: current.version,
      });
    }
    const { sections } = await requireVersion(deps, state.module, latest);
    const ids = new Set(sections.filter((s) => s.contentType !== 'quiz').map((s) => s.id));
    const quizzes: EnrollmentRecord['quizzes'] = {};
    for (const section of sections) {
      const progress = current.quizzes[section.id];
      if (
        section.contentType === 'quiz' &&
        progress &&
        progress.quizHash === quizHash(section.contentData as QuizContent)
      ) {
        quizzes[section.id] = progress;
      }
    }
    const next = withProgress(
      deps,
      {
        ...current,
        version: latest,
        completedSectionIds: current.completedSectionIds.filter((id) => ids.has(id)),
        quizzes,
      },
      sections,
    );
    await deps.store.transact([enrollmentWrite(state, next)]);
    return toProgressView(next, sections, latest);
  });
}
