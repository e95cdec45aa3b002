/**
 * The models the organisation's plan allows, each with its price per million tokens. A model this
 * server has no provider for is shown, marked and not selectable: calling it would only answer 503.
 */
import type { AiModel } from '@diatonic/api-schemas';
import { formatUsd } from './money.ts';
import { offlineLabelText } from './offline-label.tsx';

export function modelOptionLabel(model: AiModel): string {
  if (model.provider === 'offline') return `Offline model (${offlineLabelText}) — free`;
  const input = formatUsd(model.inputMicroUsdPerMillion);
  const output = formatUsd(model.outputMicroUsdPerMillion);
  const label = `${model.displayName} — ${input} in / ${output} out per million tokens`;
  return model.available ? label : `${label} (not configured on this server)`;
}

interface ModelPickerProps {
  models: readonly AiModel[];
  value: string;
  onChange(modelId: string): void;
  disabled?: boolean;
}

export function ModelPicker({ models, value, onChange, disabled }: ModelPickerProps) {
  return (
    <div className="field">
      <label htmlFor="ai-model">Model</label>
      <select id="ai-model" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        {models.map((model) => (
          <option
            key={model.id}
            value={model.id}
            disabled={!model.available}
            title={model.unavailableReason ?? undefined}
          >
            {modelOptionLabel(model)}
          </option>
        ))}
      </select>
    </div>
  );
}
