import { describe, expect, it } from 'vitest';
import { createIds } from '../shared/ids.ts';
import type { QuizContent } from './records.ts';
import { checkContentData, contentForLearner, estimateMinutes, gradeQuiz, quizHash } from './section-content.ts';

const ids = createIds(() => Date.UTC(2026, 0, 1));

const quiz: QuizContent = {
  passingScore: 60,
  questions: [
    {
      id: 'q1',
      prompt: 'One',
      choices: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B', correct: false },
      ],
    },
    {
      id: 'q2',
      prompt: 'Two',
      choices: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B', correct: true },
        { id: 'c', text: 'C', correct: false },
      ],
    },
  ],
};

describe('checkContentData', () => {
  it('keeps given ids, generates missing ones and refuses quizzes without a right answer', () => {
    const checked = checkContentData(
      'quiz',
      {
        passingScore: 50,
        questions: [
          {
            prompt: 'P',
            choices: [
              { text: 'x', correct: true },
              { id: 'keep', text: 'y', correct: false },
            ],
          },
        ],
      },
      ids,
    ) as QuizContent;
    expect(checked.questions[0]!.id).toMatch(/^qst_/);
    expect(checked.questions[0]!.choices.map((c) => c.id)).toEqual([expect.stringMatching(/^chc_/), 'keep']);
    expect(() =>
      checkContentData(
        'quiz',
        {
          passingScore: 50,
          questions: [
            {
              prompt: 'P',
              choices: [
                { text: 'x', correct: false },
                { text: 'y', correct: false },
              ],
            },
          ],
        },
        ids,
      ),
    ).toThrow(/correct choice/);
    expect(() => checkContentData('quiz', { passingScore: 101, questions: quiz.questions }, ids)).toThrow(
      /passingScore/,
    );
    expect(() => checkContentData('text', { markdown: '   ' }, ids)).toThrow(/markdown/);
    expect(() => checkContentData('exercise', {}, ids)).toThrow(/instructions/);
  });
});

describe('contentForLearner', () => {
  it('leaves out which choices are correct and says when several are', () => {
    const shown = contentForLearner({ contentType: 'quiz', contentData: quiz });
    expect(JSON.stringify(shown)).not.toContain('correct');
    expect(shown).toMatchObject({ questions: [{ multiple: false }, { multiple: true }] });
  });
});

describe('gradeQuiz', () => {
  it('counts a question right only with exactly its correct choices', () => {
    expect(gradeQuiz(quiz, { q1: ['a'], q2: ['a', 'b'] })).toMatchObject({ score: 100, passed: true });
    expect(gradeQuiz(quiz, { q1: ['a'], q2: ['a'] })).toMatchObject({ score: 50, passed: false });
    expect(gradeQuiz(quiz, { q1: ['a'], q2: ['a', 'b', 'c'] }).questions[1]!.correct).toBe(false);
    expect(gradeQuiz(quiz, {})).toMatchObject({ score: 0, passed: false });
  });

  it('refuses unknown questions and choices', () => {
    expect(() => gradeQuiz(quiz, { q9: ['a'] })).toThrow(/No question q9/);
    expect(() => gradeQuiz(quiz, { q1: ['z'] })).toThrow(/No choice z/);
  });
});

describe('estimateMinutes', () => {
  it('reads text at 265 words a minute, videos by length, a minute per quiz question, unless the author says', () => {
    const text = {
      contentType: 'text' as const,
      contentData: { markdown: Array(530).fill('word').join(' ') },
      duration: null,
      asset: null,
    };
    const video = {
      contentType: 'video' as const,
      contentData: {},
      duration: null,
      asset: { uploadId: 'u', key: 'k', contentType: 'video/mp4', fileName: 'v', sizeBytes: 1, durationSeconds: 90 },
    };
    const quizSection = { contentType: 'quiz' as const, contentData: quiz, duration: null, asset: null };
    expect(estimateMinutes([text])).toBe(2);
    expect(estimateMinutes([text, video, quizSection])).toBe(6);
    expect(estimateMinutes([{ ...text, duration: 7 }])).toBe(7);
    // A PDF attached to a text section is read too (its words, counted at processing); an image adds nothing.
    const pdf = { uploadId: 'p', key: 'k', contentType: 'application/pdf', fileName: 'p.pdf', sizeBytes: 1 };
    expect(estimateMinutes([{ ...text, asset: { ...pdf, pageCount: 3, wordCount: 795 } }])).toBe(5);
    expect(estimateMinutes([{ ...text, asset: { ...pdf, contentType: 'image/png', width: 2, height: 2 } }])).toBe(2);
    // Audio attached to a text section adds its length (2 minutes of reading + 2 of listening).
    const audio = { uploadId: 'a', key: 'k', contentType: 'audio/mpeg', fileName: 'a.mp3', sizeBytes: 1 };
    expect(estimateMinutes([{ ...text, asset: { ...audio, durationSeconds: 120 } }])).toBe(4);
    expect(estimateMinutes([])).toBe(0);
  });
});

describe('quizHash', () => {
  it('changes when an answer changes', () => {
    const changed = structuredClone(quiz);
    changed.questions[0]!.choices[1]!.correct = true;
    expect(quizHash(quiz)).toBe(quizHash(structuredClone(quiz)));
    expect(quizHash(changed)).not.toBe(quizHash(quiz));
  });
});
