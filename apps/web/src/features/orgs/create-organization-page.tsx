/** /orgs/new: create an organisation (the creator is its owner), then open its members page. */
import { CreateOrganizationRequest } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/error-messages.ts';
import { createOrganization } from '../../api/orgs-api.ts';
import { checkRequest, formValues } from '../../api/request-check.ts';
import { sessionStore } from '../../api/session-store.ts';
import { FormError } from '../../ui/form-error.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { allMeKey } from '../auth/me-query.ts';

export function CreateOrganizationPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: createOrganization,
    onSuccess: async (organization) => {
      sessionStore.setActiveOrganization(organization.id);
      await queryClient.invalidateQueries({ queryKey: allMeKey });
      navigate(`/orgs/${encodeURIComponent(organization.id)}/members`);
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(CreateOrganizationRequest, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value.name);
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };

  return (
    <section className="page narrow" aria-labelledby="new-org-heading">
      <title>Create organisation · Diatonic</title>
      <h1 id="new-org-heading">Create an organisation</h1>
      <p>You will be its owner and can invite others to join it.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Organisation name" name="name" required maxLength={100} error={errors.name} />
        {mutation.isError ? <FormError error={mutation.error} fields={['name']} /> : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating…' : 'Create organisation'}
        </button>
      </form>
    </section>
  );
}
