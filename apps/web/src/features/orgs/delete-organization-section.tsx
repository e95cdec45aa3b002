/**
 * The owner's "Delete organisation" danger zone on the members page: says what goes, then asks for the
 * organisation's name and the password (none in Cognito mode) before the server deletes it for everyone.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/error-messages.ts';
import { deleteOrganization } from '../../api/orgs-api.ts';
import { sessionStore } from '../../api/session-store.ts';
import { FormError } from '../../ui/form-error.tsx';
import { noticeStore } from '../../ui/notice-store.ts';
import { TextField } from '../../ui/text-field.tsx';
import { useOwnPasswords } from '../auth/use-auth-config.ts';

interface DeleteOrganizationSectionProps {
  orgId: string;
  name: string;
}

export function DeleteOrganizationSection({ orgId, name }: DeleteOrganizationSectionProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Asks for the password unless the server said Cognito (the built-in provider requires it).
  const askPassword = useOwnPasswords() !== false;
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: (input: { name: string; password?: string }) => deleteOrganization(orgId, input),
    onSuccess: async (deleted) => {
      sessionStore.setActiveOrganization(null);
      // Everything cached may belong to the organisation that is gone.
      queryClient.clear();
      noticeStore.show(`${deleted.name} was deleted.`);
      navigate('/', { replace: true });
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const typed = form.get('name');
    const password = form.get('password');
    if (typeof typed !== 'string') return;
    mutation.mutate({ name: typed, ...(typeof password === 'string' ? { password } : {}) });
  };
  const errors = fieldErrors(mutation.error);

  return (
    <section className="card danger-zone" aria-labelledby="delete-org-heading">
      <h2 id="delete-org-heading">Delete organisation</h2>
      <ul>
        <li>Every member loses {name} at once; this cannot be undone.</li>
        <li>
          Its posts, modules, agents and their runs, AI usage, files, notifications and audit log are deleted with it.
        </li>
        <li>Members keep their accounts and their other organisations.</li>
      </ul>
      {open ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField label={`Type ${name} to confirm`} name="name" autoComplete="off" required error={errors.name} />
          {askPassword ? (
            <TextField
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={errors.password}
            />
          ) : null}
          {mutation.isError ? <FormError error={mutation.error} fields={['name', 'password']} /> : null}
          <div className="actions">
            <button type="submit" className="button-danger" disabled={mutation.isPending}>
              {mutation.isPending ? 'Deleting…' : `Delete ${name} permanently`}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-danger" onClick={() => setOpen(true)}>
          Delete organisation…
        </button>
      )}
    </section>
  );
}
