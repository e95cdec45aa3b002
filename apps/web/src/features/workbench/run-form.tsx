/**
 * Starts a run: the input (text, or JSON when ticked), variables (a JSON object, `{{vars.<name>}}` in
 * templates) and which graph to run (the draft being edited, or the published version).
 */
import type { ExecuteAgentRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { TextAreaField } from '../../ui/text-area-field.tsx';
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
      <TextAreaField
        id="wb-run-input"
        name="input"
        label="Run input"
        rows={3}
        value={values.input}
        error={errors.input}
        onChange={(value) => set('input', value)}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.inputIsJson}
          onChange={(event) => set('inputIsJson', event.target.checked)}
        />
        The input is JSON
      </label>
      <TextAreaField
        id="wb-run-variables"
        name="variables"
        label="Variables (JSON object, optional)"
        rows={2}
        value={values.variables}
        placeholder='{"tone": "friendly"}'
        error={errors.variables}
        onChange={(value) => set('variables', value)}
      />
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
