/**
 * The shared half of the log-in and sign-up pages: check the form against the request schema, start over
 * with an empty query cache, send it as the new user, and continue to `?next=` (or the home page).
 */

import type { TokensResponse } from '@diatonic/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { fieldErrors } from '../../api/error-messages.ts';
import { checkRequest, formValues, type RequestSchema } from '../../api/request-check.ts';
import { safeNextPath } from './next-path.ts';
import { useSession } from './use-session.ts';

export function useCredentialsForm<T>(schema: RequestSchema<T>, send: (input: T) => Promise<TokensResponse>) {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isSignedIn } = useSession();
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    // Emptied before the new session exists, not after: clearing once it does would cut the components
    // that mounted with it (the header's) off from their queries, leaving them loading for good.
    onMutate: () => queryClient.clear(),
    mutationFn: send,
    onSuccess: () => navigate(next, { replace: true }),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRequest(schema, formValues(event.currentTarget));
    setCheckErrors(checked.ok ? {} : checked.fieldErrors);
    if (checked.ok) mutation.mutate(checked.value);
  };

  return {
    next,
    mutation,
    onSubmit,
    errors: { ...fieldErrors(mutation.error), ...checkErrors },
    /** Already signed in (and not because this form just did it): go straight on. */
    alreadySignedIn: isSignedIn && !mutation.isPending && !mutation.isSuccess,
  };
}
