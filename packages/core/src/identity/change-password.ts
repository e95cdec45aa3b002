import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { userKey } from './keys.ts';
import { requireCurrentPassword } from './password-check.ts';
import { hashPassword } from './password-hash.ts';
import { requireStrongPassword } from './password-strength.ts';
import type { UserRecord } from './records.ts';
import { type AuthTokens, revokeAllFamilies, startSession } from './sessions.ts';
import { toUserView, type UserView } from './views.ts';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the password, ends every session (all refresh-token families, and access tokens issued
 * before now) and returns a fresh session for the caller.
 */
export async function changePassword(
  deps: IdentityDeps,
  principal: Principal,
  input: ChangePasswordInput,
): Promise<AuthTokens & { user: UserView }> {
  const item = await deps.store.get<UserRecord>(userKey(principal.userId));
  if (!item) throw AppError.unauthenticated('This account no longer exists');
  const user = item.data;
  await requireCurrentPassword(deps, user, input.currentPassword, 'currentPassword');
  const newPassword = requireStrongPassword(input.newPassword, user.email, 'newPassword');
  if (newPassword === input.currentPassword) {
    throw AppError.invalidInput('The new password must differ from the current one', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(newPassword, deps.settings.passwordHashing);
  const nowMs = deps.clock.nowMs();
  // Whole seconds, because `iat` is in seconds: the session started below must stay valid.
  const tokensValidAfterMs = Math.floor(nowMs / 1000) * 1000;
  let updated: UserRecord;
  try {
    updated = (
      await deps.store.update<UserRecord>(userKey(user.id), {
        set: { passwordHash, tokensValidAfterMs, updatedAt: isoAt(nowMs) },
        condition: [{ kind: 'compare', field: 'passwordHash', op: '=', value: user.passwordHash! }],
      })
    ).data;
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw AppError.conflict('The password was changed meanwhile; sign in again');
    throw error;
  }
  await revokeAllFamilies(deps, user.id, 'password_changed');
  return { ...(await startSession(deps, updated)), user: toUserView(updated) };
}
