/**
 * A card with one name to edit and save (the user's display name, an organisation's name): checked
 * against the request schema first, then the server's refusal shown beside the input.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../api/error-messages.ts';
import { checkRequest, formValues, type RequestSchema } from '../api/request-check.ts';
import { FormError } from './form-error.tsx';
import { TextField } from './text-field.tsx';

interface NameFormProps {
  heading: string;
  label: string;
  saveLabel: string;
  savedMessage: string;
  name: string;
  schema: RequestSchema<{ name: string }>;
  save(name: string): Promise<unknown>;
}

export function NameForm({ heading, label, saveLabel, savedMessage, name, schema, save }: NameFormProps) {
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({ mutationFn: save });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(schema, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value.name);
  };
  const errors = { ...fieldErrors(mutation.error), ...checkErrors };
  const headingId = `${heading.toLowerCase().replaceAll(/[^a-z]+/g, '-')}-heading`;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label={label} name="name" defaultValue={name} required maxLength={100} error={errors.name} />
        {mutation.isError ? <FormError error={mutation.error} fields={['name']} /> : null}
        {mutation.isSuccess ? <p role="status">{savedMessage}</p> : null}
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : saveLabel}
        </button>
      </form>
    </section>
  );
}
