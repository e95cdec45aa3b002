/**
 * The owner's "Delete organisation" danger zone on the members page: says what goes, then asks for the
 * organisation's name and the password (none in Cognito mode) before the server deletes it for everyone.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/error-messages.ts';
import { deleteOrganization } from '../../api/orgs-api.ts';
import { sessionStore } from '../../api/session-store.ts';
import { DangerZone } from '../../ui/danger-zone.tsx';
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
  // Everything cached may belong to the organisation that is gone, but the cache is reset only once this
  // page has left the screen (this cleanup). Reset while the page is still mounted (the navigation is a
  // transition, so it still is for a moment), its queries would fetch the deleted organisation again and
  // get a 403. What is not on screen goes; what is (the header) is fetched afresh.
  const deletedRef = useRef(false);
  useEffect(
    () => () => {
      if (!deletedRef.current) return;
      queryClient.removeQueries({ predicate: (query) => query.getObserversCount() === 0 });
      void queryClient.invalidateQueries();
    },
    [queryClient],
  );
  const mutation = useMutation({
    mutationFn: (input: { name: string; password?: string }) => deleteOrganization(orgId, input),
    onSuccess: async (deleted) => {
      sessionStore.setActiveOrganization(null);
      noticeStore.show(`${deleted.name} was deleted.`);
      deletedRef.current = true;
      navigate('/', { replace: true });
    },
  });
  const errors = fieldErrors(mutation.error);

  return (
    <DangerZone
      title="Delete organisation"
      consequences={[
        `Every member loses ${name} at once; this cannot be undone.`,
        'Its posts, modules, agents and their runs, AI usage, files, notifications and audit log are deleted with it.',
        'Members keep their accounts and their other organisations.',
      ]}
      openLabel="Delete organisation…"
      submitLabel={`Delete ${name} permanently`}
      pending={mutation.isPending}
      error={mutation.error}
      fields={['name', 'password']}
      onSubmit={(form) => {
        const typed = form.get('name');
        const password = form.get('password');
        if (typeof typed !== 'string') return;
        mutation.mutate({ name: typed, ...(typeof password === 'string' ? { password } : {}) });
      }}
    >
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
    </DangerZone>
  );
}
