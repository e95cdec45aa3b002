/**
 * /moderation/words: the organisation's word list. Each word or phrase blocks the post, censors the
 * word (∗) or holds the post for a moderator; the built-in profanity list has one action of its own.
 * Admins and owners edit it; moderators read it.
 */
import {
  builtInActionValues,
  type UpdateWordListRequest,
  type WordList,
  type WordRule,
  wordActionValues,
} from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { builtInActionLabels, wordActionLabels } from './moderation-labels.ts';
import { useSaveWordList, useWordList } from './use-moderation.ts';

export function WordListPage() {
  const me = useMe();
  const permissions = new Set(me.data?.permissions ?? []);
  const canRead = permissions.has('moderation:review');
  const words = useWordList(canRead);

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (!canRead) {
    return (
      <section className="page narrow">
        <h1>Word list</h1>
        <p>Only moderators, admins and owners of this organisation see the word list.</p>
      </section>
    );
  }
  if (words.isPending) return <LoadingState label="Loading the word list…" />;
  if (words.isError)
    return <ErrorState title="The word list could not be loaded" error={words.error} onRetry={() => words.refetch()} />;
  return (
    <section className="page" aria-labelledby="words-heading">
      <title>Word list · Diatonic</title>
      <h1 id="words-heading">Word list</h1>
      <p className="lead">
        Checked on every new or edited post and comment. A <code>*</code> at the end also matches longer words (
        <code>spam*</code> matches “spammer”). <Link to="/moderation">Back to the queue</Link>
      </p>
      <WordListEditor saved={words.data} editable={permissions.has('moderation:configure')} />
    </section>
  );
}

function WordListEditor({ saved, editable }: { saved: WordList; editable: boolean }) {
  const save = useSaveWordList();
  const [rules, setRules] = useState<WordRule[]>(saved.words);
  const [builtIn, setBuiltIn] = useState<UpdateWordListRequest['builtInAction']>(saved.builtInAction);
  const [done, setDone] = useState(false);

  const change = (index: number, rule: Partial<WordRule>) => {
    setDone(false);
    setRules((current) => current.map((r, i) => (i === index ? { ...r, ...rule } : r)));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    const words = rules.filter((r) => r.word.trim() !== '').map((r) => ({ word: r.word.trim(), action: r.action }));
    save.mutate(
      { words, ...(builtIn ? { builtInAction: builtIn } : {}) },
      {
        // The server's spelling (lower case, trimmed) becomes what the form shows.
        onSuccess: (result) => {
          setRules(result.words);
          setBuiltIn(result.builtInAction);
          setDone(true);
        },
      },
    );
  };

  return (
    <form className="form card" onSubmit={onSubmit} noValidate aria-label="Word list">
      <div className="field">
        <label htmlFor="builtin-action">Built-in profanity list</label>
        <select
          id="builtin-action"
          value={builtIn}
          disabled={!editable}
          onChange={(e) => setBuiltIn(e.target.value as UpdateWordListRequest['builtInAction'])}
        >
          {builtInActionValues.map((action) => (
            <option key={action} value={action}>
              {builtInActionLabels[action]}
            </option>
          ))}
        </select>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Word or phrase</th>
            <th scope="col">Action</th>
            {editable ? (
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rules.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No words yet.
              </td>
            </tr>
          ) : null}
          {rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the word itself changes as one types
            <tr key={index}>
              <td>
                <input
                  aria-label={`Word ${index + 1}`}
                  value={rule.word}
                  maxLength={64}
                  readOnly={!editable}
                  onChange={(e) => change(index, { word: e.target.value })}
                />
              </td>
              <td>
                <select
                  aria-label={`Action for word ${index + 1}`}
                  value={rule.action}
                  disabled={!editable}
                  onChange={(e) => change(index, { action: e.target.value as WordRule['action'] })}
                >
                  {wordActionValues.map((action) => (
                    <option key={action} value={action}>
                      {wordActionLabels[action]}
                    </option>
                  ))}
                </select>
              </td>
              {editable ? (
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => setRules((current) => current.filter((_, i) => i !== index))}
                  >
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {editable ? (
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() => setRules((current) => [...current, { word: '', action: 'hold' }])}
          >
            Add a word
          </button>
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save word list'}
          </button>
        </div>
      ) : (
        <p className="muted">Only admins and owners change the word list.</p>
      )}
      {save.isError ? <FormError error={save.error} /> : null}
      {done ? (
        <p role="status" className="status-ok">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
