/**
 * Deletes the account after explaining what happens and asking for the password. When the server refuses
 * (the user is the only owner of an organisation with other members) its reason is shown.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { deleteAccount } from '../../api/account-api.ts';
import { fieldErrors } from '../../api/error-messages.ts';
import { FormError } from '../../ui/form-error.tsx';
import { noticeStore } from '../../ui/notice-store.ts';
import { TextField } from '../../ui/text-field.tsx';

/** `askPassword` false for accounts from Cognito, which have no password here. */
export function DeleteAccountSection({ askPassword = true }: { askPassword?: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: deleteAccount,
    onSuccess: () => {
      queryClient.clear();
      noticeStore.show('Your account was deleted.');
      navigate('/', { replace: true });
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!askPassword) {
      mutation.mutate(undefined);
      return;
    }
    const password = new FormData(event.currentTarget).get('password');
    if (typeof password === 'string') mutation.mutate(password);
  };

  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <ul>
        <li>Your profile, sign-in and sessions are removed at once; this cannot be undone.</li>
        <li>Organisations where you are the only member are deleted with everything in them.</li>
        <li>You leave shared organisations; what you wrote there stays, shown as written by “deleted user”.</li>
        <li>
          If you are the only owner of an organisation that has other members, make someone else owner first (or remove
          the other members).
        </li>
      </ul>
      {open ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          {askPassword ? (
            <TextField
              label="Your password, to confirm"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={fieldErrors(mutation.error).password}
            />
          ) : null}
          {mutation.isError ? <FormError error={mutation.error} fields={['password']} /> : null}
          <div className="actions">
            <button type="submit" className="button-danger" disabled={mutation.isPending}>
              {mutation.isPending ? 'Deleting…' : 'Delete my account permanently'}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-danger" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      )}
    </section>
  );
}
