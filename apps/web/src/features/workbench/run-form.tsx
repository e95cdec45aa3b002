/**
 * Starts a run: the input (text, or JSON when ticked), variables (a JSON object, `{{vars.<name>}}` in
 * templates) and which graph to run (the draft being edited, or the published version).
 */
import type { ExecuteAgentRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { parseRunRequest, type RunFormValues } from './run-request.ts';

interface RunFormProps {
  publishedVersion: number | null;
  busy: boolean;
  onRun(request: ExecuteAgentRequest): void;
}

export function RunForm({ publishedVersion, busy, onRun }: RunFormProps) {
  const [values, setValues] = useState<RunFormValues>({
    input: '',
    inputIsJson: false,
    variables: '',
    version: 'draft',
  });
  const [errors, setErrors] = useState<Partial<Record<keyof RunFormValues, string>>>({});
  const set = <K extends keyof RunFormValues>(key: K, value: RunFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseRunRequest(values);
    setErrors(parsed.errors);
    if (parsed.request) onRun(parsed.request);
  };

  return (
    <form className="form wb-run-form" onSubmit={onSubmit} noValidate aria-label="Run the agent">
      <div className="field">
        <label htmlFor="wb-run-input">Run input</label>
        <textarea
          id="wb-run-input"
          rows={3}
          value={values.input}
          aria-invalid={errors.input ? true : undefined}
          aria-describedby={errors.input ? 'wb-run-input-error' : undefined}
          onChange={(event) => set('input', event.target.value)}
        />
        {errors.input ? (
          <p id="wb-run-input-error" className="field-error">
            {errors.input}
          </p>
        ) : null}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.inputIsJson}
          onChange={(event) => set('inputIsJson', event.target.checked)}
        />
        The input is JSON
      </label>
      <div className="field">
        <label htmlFor="wb-run-variables">Variables (JSON object, optional)</label>
        <textarea
          id="wb-run-variables"
          rows={2}
          value={values.variables}
          placeholder='{"tone": "friendly"}'
          aria-invalid={errors.variables ? true : undefined}
          aria-describedby={errors.variables ? 'wb-run-variables-error' : undefined}
          onChange={(event) => set('variables', event.target.value)}
        />
        {errors.variables ? (
          <p id="wb-run-variables-error" className="field-error">
            {errors.variables}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="wb-run-version">Graph to run</label>
        <select id="wb-run-version" value={values.version} onChange={(event) => set('version', event.target.value)}>
          <option value="draft">The draft (saved first)</option>
          {publishedVersion !== null ? (
            <option value={String(publishedVersion)}>Published version {publishedVersion}</option>
          ) : null}
        </select>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Starting…' : 'Run'}
      </button>
    </form>
  );
}
