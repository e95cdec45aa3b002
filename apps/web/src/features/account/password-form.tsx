/** Change the password: signs out every other session; this one continues. */
import { ChangePasswordRequest } from '@diatonic/api-schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { changePassword } from '../../api/account-api.ts';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';

const fields = ['currentPassword', 'newPassword'] as const;

export function PasswordForm() {
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({ mutationFn: changePassword });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const checked = checkRequest(ChangePasswordRequest, formValues(form));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value, { onSuccess: () => form.reset() });
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p>Changing your password signs you out everywhere else.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters, mixing at least two of: lower case, upper case, digits, symbols."
          error={errors.newPassword}
        />
        {mutation.isError ? <FormError error={mutation.error} fields={fields} /> : null}
        {mutation.isSuccess ? <p role="status">Your password was changed. Other sessions were signed out.</p> : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
