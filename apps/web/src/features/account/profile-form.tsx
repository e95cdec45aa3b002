/** Change the display name other members see. */
import { UpdateProfileRequest } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { updateProfile } from '../../api/account-api.ts';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { allMeKey } from '../auth/me-query.ts';

export function ProfileForm({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: updateProfile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: allMeKey }),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(UpdateProfileRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value.name);
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };

  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" name="name" defaultValue={name} required maxLength={100} error={errors.name} />
        {mutation.isError ? <FormError error={mutation.error} fields={['name']} /> : null}
        {mutation.isSuccess ? <p role="status">Your name was saved.</p> : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Save name'}
        </button>
      </form>
    </section>
  );
}
