/**
 * Owners and admins lower the organisation's AI limits, set per-member caps and the budget alert webhook.
 * An empty input means "the default" (the plan's allowance, or no per-member cap). Budgets are typed in
 * dollars and sent as micro-USD. The API checks everything again; its messages appear beside the inputs.
 */
import type { AiLimits, AiUpdateLimitsRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import {
  invalidLimitMessage,
  type LimitField,
  limitErrors,
  orgLimitFields,
  parseLimit,
  userLimitFields,
  webhookField,
} from './limit-fields.ts';
import { formatLimit, microUsdToDollars } from './money.ts';
import { useUpdateLimits } from './use-ai.ts';

const shown = (value: number | null | undefined, unit: LimitField['unit']) =>
  value === null || value === undefined ? '' : unit === 'usd' ? microUsdToDollars(value) : String(value);

export function LimitsForm({ limits }: { limits: AiLimits }) {
  const mutation = useUpdateLimits();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const errors: Record<string, string> = {};
    const body: AiUpdateLimitsRequest = { limits: {}, perUser: {} };
    for (const field of orgLimitFields) {
      const value = parseLimit(text(field.path), field.unit);
      if (value === undefined) errors[field.path] = invalidLimitMessage(field.unit);
      else if (body.limits) body.limits[field.name] = value;
    }
    for (const field of userLimitFields) {
      const value = parseLimit(text(field.path), field.unit);
      if (value === undefined) errors[field.path] = invalidLimitMessage(field.unit);
      else if (body.perUser) body.perUser[field.name] = value;
    }
    const webhook = text(webhookField).trim();
    body.alertWebhookUrl = webhook === '' ? null : webhook;
    setCheckErrors(errors);
    if (Object.keys(errors).length === 0) mutation.mutate(body);
  };

  const errors = { ...limitErrors(mutation.error, limits), ...checkErrors };
  const fieldPaths = [...orgLimitFields, ...userLimitFields].map((field) => field.path as string);

  return (
    <form className="form limits-form" onSubmit={onSubmit} noValidate aria-labelledby="limits-form-heading">
      <h3 id="limits-form-heading">Change limits</h3>
      <p className="muted">
        Limits can only be lowered below the plan’s allowance. Leave an input empty to use the default.
      </p>
      <fieldset>
        <legend>Organisation</legend>
        {orgLimitFields.map((field) => (
          <TextField
            key={field.path}
            label={field.label}
            name={field.path}
            inputMode={field.unit === 'usd' ? 'decimal' : 'numeric'}
            defaultValue={shown(limits.overrides[field.name], field.unit)}
            placeholder={formatLimit(limits.maximum[field.name], field.unit)}
            hint={`Empty: the plan’s allowance, ${formatLimit(limits.maximum[field.name], field.unit)}.`}
            error={errors[field.path]}
          />
        ))}
      </fieldset>
      <fieldset>
        <legend>Each member</legend>
        {userLimitFields.map((field) => (
          <TextField
            key={field.path}
            label={field.label}
            name={field.path}
            inputMode={field.unit === 'usd' ? 'decimal' : 'numeric'}
            defaultValue={shown(limits.perUser[field.name], field.unit)}
            hint="Empty: no per-member cap."
            error={errors[field.path]}
          />
        ))}
      </fieldset>
      <TextField
        label="Alert webhook URL"
        name={webhookField}
        type="url"
        defaultValue={limits.alertWebhookUrl ?? ''}
        hint="Budget alerts at 50, 80 and 100% are also posted here. Empty: none."
        error={errors[webhookField]}
      />
      {mutation.isError ? (
        <FormError
          error={mutation.error}
          // Schema issues arrive under their full path (limits.x), which the generic helper cuts to "limits".
          fields={[...fieldPaths, webhookField, 'limits', 'perUser']}
          {...(Object.keys(errors).length > 0
            ? { message: 'Some limits were not accepted; see the messages beside them.' }
            : {})}
        />
      ) : null}
      {mutation.isSuccess && !mutation.isPending ? <p role="status">Limits saved.</p> : null}
      <button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? 'Saving…' : 'Save limits'}
      </button>
    </form>
  );
}
