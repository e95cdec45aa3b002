/**
 * Section content per type: checking what an author sends, hiding quiz answers from learners,
 * estimating reading time, and grading quiz attempts on the server.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../shared/errors.ts';
import type { Ids } from '../shared/ids.ts';
import { countWords } from '../shared/word-count.ts';
import type {
  AssetRef,
  ExerciseContent,
  QuizContent,
  QuizQuestion,
  SectionContentData,
  SectionContentType,
  SectionRecord,
  TextContent,
  VideoContent,
} from './records.ts';

export const maxMarkdownChars = 60_000;
export const maxQuestions = 50;
export const maxChoices = 10;
/** Reading speed used for estimated durations (words per minute). */
export const wordsPerMinute = 265;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function text(value: unknown, field: string, max: number, required = true): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw AppError.invalidInput(`${field} is required`, { field });
    return undefined;
  }
  if (typeof value !== 'string') throw AppError.invalidInput(`${field} must be text`, { field });
  if (required && value.trim() === '') throw AppError.invalidInput(`${field} must not be empty`, { field });
  if (value.length > max) throw AppError.invalidInput(`${field} is longer than ${max} characters`, { field, max });
  return value;
}

const idPattern = /^[A-Za-z0-9_-]{1,40}$/;
const uploadIdPattern = /^upl_[0-9A-Z]{26}$/;

/**
 * A video section's `contentData.uploadId` must be the upload already processed for it: the video
 * reaches a section through an upload to the saved section (`sectionId`), never by naming another
 * one. Left out, it keeps the attached video. Returns the content to store.
 */
export function withAttachedVideo(
  content: SectionContentData,
  contentType: SectionContentType,
  asset: AssetRef | null,
): SectionContentData {
  if (contentType !== 'video') return content;
  const video = content as VideoContent;
  if (video.uploadId !== undefined && video.uploadId !== asset?.uploadId) {
    throw AppError.invalidInput(
      asset
        ? `contentData.uploadId must be ${asset.uploadId}, the video uploaded to this section`
        : 'This section has no uploaded video yet: save it, then upload the video to it',
      { field: 'contentData.uploadId' },
    );
  }
  return asset?.contentType.startsWith('video/') ? { ...video, uploadId: asset.uploadId } : video;
}

/** Sections that would publish as videos without a processed video file. */
export function videosMissing(sections: readonly Pick<SectionRecord, 'id' | 'contentType' | 'asset'>[]): string[] {
  return sections
    .filter((s) => s.contentType === 'video' && !s.asset?.contentType.startsWith('video/'))
    .map((s) => s.id);
}

/** A client-chosen id is kept (so stats and progress survive edits); a missing one is generated. */
function idOf(value: unknown, field: string, prefix: string, ids: Ids): string {
  if (value === undefined || value === null || value === '') return ids.next(prefix);
  if (typeof value !== 'string' || !idPattern.test(value)) {
    throw AppError.invalidInput(`${field} must be 1–40 letters, digits, _ or -`, { field });
  }
  return value;
}

function checkQuiz(data: Record<string, unknown>, ids: Ids): QuizContent {
  const { questions, passingScore } = data;
  if (!Array.isArray(questions) || questions.length === 0) {
    throw AppError.invalidInput('A quiz needs at least one question', { field: 'contentData.questions' });
  }
  if (questions.length > maxQuestions) {
    throw AppError.invalidInput(`A quiz holds at most ${maxQuestions} questions`, { field: 'contentData.questions' });
  }
  if (typeof passingScore !== 'number' || !Number.isFinite(passingScore) || passingScore < 0 || passingScore > 100) {
    throw AppError.invalidInput('passingScore must be a number from 0 to 100', { field: 'contentData.passingScore' });
  }
  const questionIds = new Set<string>();
  const checked: QuizQuestion[] = questions.map((question: unknown, q) => {
    const field = `contentData.questions[${q}]`;
    if (!isObject(question)) throw AppError.invalidInput(`${field} must be an object`, { field });
    const id = idOf(question.id, `${field}.id`, 'qst', ids);
    if (questionIds.has(id)) throw AppError.invalidInput(`Question id ${id} appears twice`, { field: `${field}.id` });
    questionIds.add(id);
    const prompt = text(question.prompt, `${field}.prompt`, 2000) as string;
    const { choices } = question;
    if (!Array.isArray(choices) || choices.length < 2 || choices.length > maxChoices) {
      throw AppError.invalidInput(`${field} needs 2–${maxChoices} choices`, { field: `${field}.choices` });
    }
    const choiceIds = new Set<string>();
    const checkedChoices = choices.map((choice: unknown, c) => {
      const choiceField = `${field}.choices[${c}]`;
      if (!isObject(choice)) throw AppError.invalidInput(`${choiceField} must be an object`, { field: choiceField });
      const choiceId = idOf(choice.id, `${choiceField}.id`, 'chc', ids);
      if (choiceIds.has(choiceId)) {
        throw AppError.invalidInput(`Choice id ${choiceId} appears twice`, { field: `${choiceField}.id` });
      }
      choiceIds.add(choiceId);
      if (typeof choice.correct !== 'boolean') {
        throw AppError.invalidInput(`${choiceField}.correct must be true or false`, {
          field: `${choiceField}.correct`,
        });
      }
      return { id: choiceId, text: text(choice.text, `${choiceField}.text`, 500) as string, correct: choice.correct };
    });
    if (!checkedChoices.some((choice) => choice.correct)) {
      throw AppError.invalidInput(`${field} needs at least one correct choice`, { field: `${field}.choices` });
    }
    return { id, prompt, choices: checkedChoices };
  });
  return { questions: checked, passingScore };
}

/** The content of a section of `type`, checked and normalised (ids assigned), or invalid_input. */
export function checkContentData(type: SectionContentType, data: unknown, ids: Ids): SectionContentData {
  if (!isObject(data)) throw AppError.invalidInput('contentData must be an object', { field: 'contentData' });
  switch (type) {
    case 'text':
      return {
        markdown: text(data.markdown, 'contentData.markdown', maxMarkdownChars) as string,
      } satisfies TextContent;
    case 'video': {
      const caption = text(data.caption, 'contentData.caption', 2000, false);
      const { uploadId } = data;
      if (uploadId !== undefined && (typeof uploadId !== 'string' || !uploadIdPattern.test(uploadId))) {
        throw AppError.invalidInput('contentData.uploadId must be an upload id', { field: 'contentData.uploadId' });
      }
      return {
        ...(caption === undefined ? {} : { caption }),
        ...(uploadId === undefined ? {} : { uploadId }),
      } satisfies VideoContent;
    }
    case 'quiz':
      return checkQuiz(data, ids);
    case 'exercise': {
      const rubric = text(data.rubric, 'contentData.rubric', maxMarkdownChars, false);
      return {
        instructions: text(data.instructions, 'contentData.instructions', maxMarkdownChars) as string,
        ...(rubric === undefined ? {} : { rubric }),
      } satisfies ExerciseContent;
    }
  }
}

/** What a learner may see of a section's content: quizzes without which choices are correct. */
export function contentForLearner(section: Pick<SectionRecord, 'contentType' | 'contentData'>): unknown {
  if (section.contentType !== 'quiz') return section.contentData;
  const quiz = section.contentData as QuizContent;
  return {
    passingScore: quiz.passingScore,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      prompt: question.prompt,
      choices: question.choices.map((choice) => ({ id: choice.id, text: choice.text })),
      multiple: question.choices.filter((choice) => choice.correct).length > 1,
    })),
  };
}

/** Minutes of the section's file: a video's or audio's length, a PDF's reading time; 0 for an image. */
function assetMinutes(asset: AssetRef | null): number {
  if (!asset) return 0;
  if (asset.durationSeconds !== undefined) return asset.durationSeconds / 60;
  return (asset.wordCount ?? 0) / wordsPerMinute;
}

/**
 * Minutes a section takes: the author's figure, else reading time (its text and any PDF attached),
 * media length, or a minute a question.
 */
export function sectionMinutes(section: Pick<SectionRecord, 'contentType' | 'contentData' | 'duration' | 'asset'>) {
  if (section.duration !== null) return section.duration;
  switch (section.contentType) {
    case 'text':
      return countWords((section.contentData as TextContent).markdown) / wordsPerMinute + assetMinutes(section.asset);
    case 'video':
      return (section.asset?.durationSeconds ?? 0) / 60;
    case 'quiz':
      return (section.contentData as QuizContent).questions.length;
    case 'exercise':
      return (
        countWords((section.contentData as ExerciseContent).instructions) / wordsPerMinute + assetMinutes(section.asset)
      );
  }
}

/** The module's estimate: the sum over sections, rounded up to whole minutes. */
export function estimateMinutes(sections: readonly Parameters<typeof sectionMinutes>[0][]): number {
  const total = sections.reduce((sum, section) => sum + sectionMinutes(section), 0);
  return Math.max(0, Math.ceil(total - 1e-9));
}

/** Same questions, choices and answers → same hash: a pass carries over to a version with the same quiz. */
export function quizHash(quiz: QuizContent): string {
  return createHash('sha256')
    .update(JSON.stringify([quiz.questions, quiz.passingScore]))
    .digest('hex')
    .slice(0, 32);
}

export interface GradedQuestion {
  questionId: string;
  correct: boolean;
}
export interface QuizGrade {
  score: number;
  passed: boolean;
  passingScore: number;
  questions: GradedQuestion[];
}

/**
 * Grades `answers` (question id → chosen choice ids). A question counts as right when exactly its
 * correct choices were chosen. Unknown question or choice ids are invalid_input; a question left out
 * counts as wrong. The score is a whole percent.
 */
export function gradeQuiz(quiz: QuizContent, answers: Record<string, string[]>): QuizGrade {
  const byId = new Map(quiz.questions.map((question) => [question.id, question]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) throw AppError.invalidInput(`No question ${questionId} in this quiz`, { field: 'answers' });
    const choiceIds = new Set(question.choices.map((choice) => choice.id));
    for (const choiceId of chosen) {
      if (!choiceIds.has(choiceId)) {
        throw AppError.invalidInput(`No choice ${choiceId} in question ${questionId}`, { field: 'answers' });
      }
    }
  }
  const questions = quiz.questions.map((question) => {
    const chosen = new Set(answers[question.id] ?? []);
    const correct = question.choices.every((choice) => choice.correct === chosen.has(choice.id));
    return { questionId: question.id, correct };
  });
  const right = questions.filter((question) => question.correct).length;
  const score = Math.round((right / quiz.questions.length) * 100);
  return { score, passed: score >= quiz.passingScore, passingScore: quiz.passingScore, questions };
}
