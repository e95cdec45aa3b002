/** The installation's sign-in mode as server state (fetched once per page load; see auth-config-api.ts). */
import { useQuery } from '@tanstack/react-query';
import { loadAuthConfig } from '../../api/auth-config-api.ts';

export function useAuthConfig() {
  return useQuery({ queryKey: ['auth-config'], queryFn: loadAuthConfig, staleTime: Number.POSITIVE_INFINITY });
}

/**
 * Whether this installation keeps its own passwords (the built-in provider): sign-up, password and
 * password-confirmation forms. Undefined until the server has said, so a Cognito installation never
 * flashes a form it does not have; Cognito's user pool owns passwords and sign-up there.
 */
export function useOwnPasswords(): boolean | undefined {
  const mode = useAuthConfig().data?.mode;
  return mode === undefined ? undefined : mode === 'builtin';
}
