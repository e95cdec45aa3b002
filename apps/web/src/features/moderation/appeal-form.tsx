/** The author's one appeal against a decision. */
import { AppealRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { useAppeal } from './use-moderation.ts';

export function AppealForm({ itemId }: { itemId: string }) {
  const appeal = useAppeal();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(AppealRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) appeal.mutate({ id: itemId, message: checked.value.message });
  };
  const errors = { ...fieldErrors(appeal.error), ...checkErrors };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Appeal">
      <div className="field">
        <label htmlFor="appeal-message">Why should a moderator look again? You can appeal once.</label>
        <textarea
          id="appeal-message"
          name="message"
          rows={3}
          maxLength={2000}
          required
          aria-invalid={errors.message ? true : undefined}
        />
        {errors.message ? <p className="field-error">{errors.message}</p> : null}
      </div>
      {appeal.isError ? <FormError error={appeal.error} fields={['message']} /> : null}
      <button type="submit" disabled={appeal.isPending}>
        {appeal.isPending ? 'Sending appeal…' : 'Appeal'}
      </button>
    </form>
  );
}
