/** The installation's sign-in mode as server state (fetched once per page load; see auth-config-api.ts). */
import { useQuery } from '@tanstack/react-query';
import { loadAuthConfig } from '../../api/auth-config-api.ts';

export function useAuthConfig() {
  return useQuery({ queryKey: ['auth-config'], queryFn: loadAuthConfig, staleTime: Number.POSITIVE_INFINITY });
}

/** True once the server said Cognito: password and sign-up screens are hidden (the user pool owns them). */
export function useIsCognito(): boolean {
  return useAuthConfig().data?.mode === 'cognito';
}
