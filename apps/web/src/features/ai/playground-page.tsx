/**
 * /ai/playground: try a model of the plan with a system prompt, a prompt and the sampling settings, and
 * watch the answer stream in. Stop aborts the call; the facts of the call (tokens, cost, latency, cached)
 * show when it is done.
 */
import type { AiCompleteRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { TextAreaField } from '../../ui/text-area-field.tsx';
import { CompletionError } from './completion-error.tsx';
import { CompletionOutput } from './completion-output.tsx';
import { defaultModel } from './model-choice.ts';
import { ModelPicker } from './model-picker.tsx';
import { useModels } from './use-ai.ts';
import { useCompletionStream } from './use-completion-stream.ts';
import { useRetryCountdown } from './use-retry-countdown.ts';

interface Draft {
  system: string;
  prompt: string;
  maxTokens: string;
  temperature: string;
  cache: boolean;
}

const initialDraft: Draft = { system: '', prompt: '', maxTokens: '256', temperature: '0.7', cache: true };

export function PlaygroundPage() {
  const models = useModels();
  const [modelId, setModelId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const { state, start, stop } = useCompletionStream();
  const waitSeconds = useRetryCountdown(state.status === 'failed' ? state.error : null);

  if (models.isPending) return <LoadingState label="Loading models…" />;
  if (models.isError) {
    return <ErrorState title="The models could not be loaded" error={models.error} onRetry={() => models.refetch()} />;
  }
  if (models.data.items.length === 0) return <p>The plan of this organisation includes no AI models.</p>;

  const model = models.data.items.find((m) => m.id === modelId) ?? defaultModel(models.data.items);
  if (!model) return null;
  const streaming = state.status === 'streaming';
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<keyof Draft, string>> = {};
    if (draft.prompt.trim() === '') found.prompt = 'Enter a prompt.';
    const maxTokens = Number(draft.maxTokens);
    if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > model.maxOutputTokens) {
      found.maxTokens = `Enter a whole number from 1 to ${model.maxOutputTokens}.`;
    }
    const temperature = Number(draft.temperature);
    if (draft.temperature.trim() === '' || !(temperature >= 0 && temperature <= 2)) {
      found.temperature = 'Enter a number from 0 to 2.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const request: Omit<AiCompleteRequest, 'stream'> = {
      model: model.id,
      prompt: draft.prompt,
      maxTokens,
      temperature,
      cache: draft.cache,
    };
    if (draft.system.trim() !== '') request.system = draft.system;
    void start(request);
  };

  return (
    <div className="playground">
      <form className="form card" onSubmit={onSubmit} noValidate aria-label="Completion request">
        <ModelPicker models={models.data.items} value={model.id} onChange={setModelId} disabled={streaming} />
        <TextAreaField
          id="ai-system"
          label="System prompt (optional)"
          name="system"
          rows={2}
          value={draft.system}
          onChange={(value) => set('system', value)}
        />
        <TextAreaField
          id="ai-prompt"
          label="Prompt"
          name="prompt"
          rows={5}
          value={draft.prompt}
          error={errors.prompt}
          onChange={(value) => set('prompt', value)}
        />
        <div className="field-row">
          <NumberField
            label="Max tokens"
            name="maxTokens"
            value={draft.maxTokens}
            min={1}
            max={model.maxOutputTokens}
            step={1}
            error={errors.maxTokens}
            onChange={(value) => set('maxTokens', value)}
          />
          <NumberField
            label="Temperature"
            name="temperature"
            value={draft.temperature}
            min={0}
            max={2}
            step={0.1}
            error={errors.temperature}
            onChange={(value) => set('temperature', value)}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.cache} onChange={(event) => set('cache', event.target.checked)} />
          Use cache (an identical earlier request answers for free)
        </label>
        <div className="button-row">
          <button type="submit" disabled={streaming || waitSeconds > 0}>
            {streaming ? 'Streaming…' : waitSeconds > 0 ? `Send (wait ${waitSeconds} s)` : 'Send'}
          </button>
          {streaming ? (
            <button type="button" className="button-danger" onClick={stop}>
              Stop
            </button>
          ) : null}
        </div>
      </form>
      {state.status === 'failed' ? <CompletionError error={state.error} /> : null}
      <CompletionOutput
        state={state}
        offlineModel={models.data.items.find((m) => m.id === state.model)?.provider === 'offline'}
      />
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  name: string;
  value: string;
  min: number;
  max: number;
  step: number;
  error?: string | undefined;
  onChange(value: string): void;
}

function NumberField({ label, name, value, min, max, step, error, onChange }: NumberFieldProps) {
  const id = `ai-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
