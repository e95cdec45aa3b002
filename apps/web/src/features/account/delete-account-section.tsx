/**
 * Deletes the account after explaining what happens and asking for the password. When the server refuses
 * (the user is the only owner of an organisation with other members) its reason is shown.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { deleteAccount } from '../../api/account-api.ts';
import { fieldErrors } from '../../api/error-messages.ts';
import { DangerZone } from '../../ui/danger-zone.tsx';
import { noticeStore } from '../../ui/notice-store.ts';
import { TextField } from '../../ui/text-field.tsx';

/** `askPassword` false for accounts from Cognito, which have no password here. */
export function DeleteAccountSection({ askPassword = true }: { askPassword?: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: deleteAccount,
    onSuccess: () => {
      queryClient.clear();
      noticeStore.show('Your account was deleted.');
      navigate('/', { replace: true });
    },
  });

  return (
    <DangerZone
      title="Delete account"
      consequences={[
        'Your profile, sign-in and sessions are removed at once; this cannot be undone.',
        'Organisations where you are the only member are deleted with everything in them.',
        'You leave shared organisations; what you wrote there stays, shown as written by “deleted user”.',
        'If you are the only owner of an organisation that has other members, make someone else owner first (or remove the other members).',
      ]}
      openLabel="Delete my account…"
      submitLabel="Delete my account permanently"
      pending={mutation.isPending}
      error={mutation.error}
      fields={['password']}
      onSubmit={(form) => {
        if (!askPassword) {
          mutation.mutate(undefined);
          return;
        }
        const password = form.get('password');
        if (typeof password === 'string') mutation.mutate(password);
      }}
    >
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
    </DangerZone>
  );
}
