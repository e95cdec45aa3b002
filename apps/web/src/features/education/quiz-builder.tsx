/** Builds a quiz's contentData: questions, their choices, which are correct, and the pass mark. */
import type { EditorQuiz } from '@diatonic/api-schemas';

export interface DraftQuiz {
  passingScore: number;
  questions: { id?: string; prompt: string; choices: { id?: string; text: string; correct: boolean }[] }[];
}

export const emptyQuiz = (): DraftQuiz => ({
  passingScore: 70,
  questions: [
    {
      prompt: '',
      choices: [
        { text: '', correct: true },
        { text: '', correct: false },
      ],
    },
  ],
});

export const quizFromEditor = (quiz: EditorQuiz): DraftQuiz => structuredClone(quiz);

export function QuizBuilder({ quiz, onChange }: { quiz: DraftQuiz; onChange(quiz: DraftQuiz): void }) {
  const update = (change: (draft: DraftQuiz) => void) => {
    const next = structuredClone(quiz);
    change(next);
    onChange(next);
  };
  return (
    <div className="quiz-builder">
      <div className="field">
        <label htmlFor="quiz-pass-mark">Pass mark (%)</label>
        <input
          id="quiz-pass-mark"
          type="number"
          min={0}
          max={100}
          value={quiz.passingScore}
          onChange={(e) =>
            update((d) => {
              d.passingScore = Number(e.target.value);
            })
          }
        />
      </div>
      {quiz.questions.map((question, q) => (
        <fieldset key={question.id ?? `new-${q}`} className="quiz-question">
          <legend>Question {q + 1}</legend>
          <div className="field">
            <label htmlFor={`q${q}-prompt`}>Question {q + 1} prompt</label>
            <input
              id={`q${q}-prompt`}
              value={question.prompt}
              onChange={(e) =>
                update((d) => {
                  d.questions[q]!.prompt = e.target.value;
                })
              }
            />
          </div>
          {question.choices.map((choice, c) => (
            <div key={choice.id ?? `new-${c}`} className="choice-row">
              <label htmlFor={`q${q}-c${c}`}>
                Question {q + 1} choice {c + 1}
              </label>
              <input
                id={`q${q}-c${c}`}
                value={choice.text}
                onChange={(e) =>
                  update((d) => {
                    d.questions[q]!.choices[c]!.text = e.target.value;
                  })
                }
              />
              <label className="choice">
                <input
                  type="checkbox"
                  checked={choice.correct}
                  onChange={(e) =>
                    update((d) => {
                      d.questions[q]!.choices[c]!.correct = e.target.checked;
                    })
                  }
                />
                Question {q + 1} choice {c + 1} is correct
              </label>
              {question.choices.length > 2 ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    update((d) => {
                      d.questions[q]!.choices.splice(c, 1);
                    })
                  }
                >
                  Remove choice
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              update((d) => {
                d.questions[q]!.choices.push({ text: '', correct: false });
              })
            }
          >
            Add a choice to question {q + 1}
          </button>
          {quiz.questions.length > 1 ? (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                update((d) => {
                  d.questions.splice(q, 1);
                })
              }
            >
              Remove question {q + 1}
            </button>
          ) : null}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() =>
          update((d) => {
            d.questions.push({
              prompt: '',
              choices: [
                { text: '', correct: true },
                { text: '', correct: false },
              ],
            });
          })
        }
      >
        Add a question
      </button>
    </div>
  );
}
