/**
 * The installation's sign-in configuration (`GET /api/auth/config`), fetched once per page load and
 * shared by the pages (which show e-mail and password or send users to Cognito) and the session code
 * (which refreshes against our API or Cognito's token endpoint). A failed fetch is not cached.
 */
import { AuthConfigResponse } from '@diatonic/api-schemas';
import { apiGet } from './client.ts';

let cached: Promise<AuthConfigResponse> | null = null;

export function loadAuthConfig(): Promise<AuthConfigResponse> {
  cached ??= apiGet('/api/auth/config', AuthConfigResponse).catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
