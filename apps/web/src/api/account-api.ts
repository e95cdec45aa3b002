/** The signed-in user's own account: profile, password, export, deletion. */
import { AccountExport, type ChangePasswordRequest, TokensResponse, User } from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';
import { noContent } from './client.ts';
import { sessionStore } from './session-store.ts';

export function updateProfile(name: string): Promise<User> {
  return apiAuthed('/api/me', User, { method: 'PATCH', body: { name }, organizationId: null });
}

/** The server revokes every other session; this one continues with the tokens it returns. */
export async function changePassword(input: ChangePasswordRequest): Promise<void> {
  const tokens = await apiAuthed('/api/me/password', TokensResponse, {
    method: 'POST',
    body: input,
    organizationId: null,
  });
  sessionStore.setTokens(tokens.accessToken, tokens.refreshToken);
}

export function exportAccount(): Promise<AccountExport> {
  return apiAuthed('/api/me/export', AccountExport, { organizationId: null });
}

/** `password` is left out for accounts without one (Cognito). */
export async function deleteAccount(password: string | undefined): Promise<void> {
  const body = password === undefined ? {} : { password };
  await apiAuthed('/api/me', noContent, { method: 'DELETE', body, organizationId: null });
  sessionStore.clear();
}
