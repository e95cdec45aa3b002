/** A quiz as a learner takes it: one fieldset per question (radio, or checkboxes when several are right). */
import type { LearnerQuiz, QuizAttemptResult } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../ui/form-error.tsx';

interface QuizFormProps {
  quiz: LearnerQuiz;
  disabled: boolean;
  pending: boolean;
  error: unknown;
  result: QuizAttemptResult | undefined;
  onSubmit(answers: Record<string, string[]>): void;
}

export function QuizForm({ quiz, disabled, pending, error, result, onSubmit }: QuizFormProps) {
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const toggle = (questionId: string, choiceId: string, multiple: boolean, checked: boolean) => {
    setAnswers((current) => {
      const chosen = current[questionId] ?? [];
      const next = multiple ? (checked ? [...chosen, choiceId] : chosen.filter((id) => id !== choiceId)) : [choiceId];
      return { ...current, [questionId]: next };
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(answers);
  };
  const graded = new Map(result?.questions.map((q) => [q.questionId, q.correct]));
  return (
    <form className="form quiz" onSubmit={submit}>
      <p className="meta">Pass mark: {quiz.passingScore}%</p>
      {quiz.questions.map((question) => (
        <fieldset key={question.id} className="quiz-question">
          <legend>{question.prompt}</legend>
          {question.multiple ? <p className="field-hint">Choose every right answer.</p> : null}
          {question.choices.map((choice) => (
            <label key={choice.id} className="choice">
              <input
                type={question.multiple ? 'checkbox' : 'radio'}
                name={question.id}
                value={choice.id}
                checked={(answers[question.id] ?? []).includes(choice.id)}
                onChange={(event) => toggle(question.id, choice.id, question.multiple, event.target.checked)}
              />
              {choice.text}
            </label>
          ))}
          {graded.has(question.id) ? <p className="meta">{graded.get(question.id) ? 'Right' : 'Not right'}</p> : null}
        </fieldset>
      ))}
      <button type="submit" disabled={disabled || pending}>
        Submit answers
      </button>
      {result ? (
        <p role="status" className={result.passed ? 'quiz-passed' : 'quiz-failed'}>
          Score: {result.score}% — {result.passed ? 'passed' : `not passed (needs ${result.passingScore}%)`}
        </p>
      ) : null}
      <FormError error={error} />
    </form>
  );
}
