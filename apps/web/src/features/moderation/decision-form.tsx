/** Approve, remove or warn, with the reason the author will read. */
import { DecisionRequest, decisionActionValues } from '@diatonic/api-schemas';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { actionLabels } from './moderation-labels.ts';
import { useDecide } from './use-moderation.ts';

const fields = ['action', 'reason'] as const;

export function DecisionForm({ itemId }: { itemId: string }) {
  const decide = useDecide();
  const id = useId();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(DecisionRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) decide.mutate({ id: itemId, input: checked.value });
  };
  const errors = { ...fieldErrors(decide.error), ...checkErrors };

  return (
    <form className="form decision-form" onSubmit={onSubmit} noValidate aria-label="Decision">
      <fieldset className="decision-actions">
        <legend>Decision</legend>
        {decisionActionValues.map((action) => (
          <label key={action}>
            <input type="radio" name="action" value={action} defaultChecked={action === 'approve'} />{' '}
            {actionLabels[action]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason (sent to the author)</label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          maxLength={1000}
          required
          aria-invalid={errors.reason ? true : undefined}
        />
        {errors.reason ? <p className="field-error">{errors.reason}</p> : null}
      </div>
      {decide.isError ? <FormError error={decide.error} fields={fields} /> : null}
      <button type="submit" disabled={decide.isPending}>
        {decide.isPending ? 'Saving decision…' : 'Decide'}
      </button>
    </form>
  );
}
