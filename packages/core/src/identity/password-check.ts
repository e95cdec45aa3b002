/**
 * Re-checking the password of a signed-in user (change password, delete account). Failures count
 * against the same per-account throttle as sign-in, so a stolen access token cannot brute-force it.
 */
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle.ts';
import { verifyPassword } from './password-hash.ts';
import type { UserRecord } from './records.ts';

export async function requireCurrentPassword(
  deps: IdentityDeps,
  user: UserRecord,
  password: unknown,
  field: string,
): Promise<void> {
  if (!user.passwordHash) {
    throw AppError.conflict('This account signs in through an external identity provider and has no password here');
  }
  if (typeof password !== 'string' || password.length === 0) {
    throw AppError.invalidInput('Your current password is required', { field });
  }
  const source = { emailNormalised: user.emailNormalised ?? user.id };
  await assertLoginAllowed(deps, source);
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordLoginFailure(deps, source);
    throw AppError.invalidInput('The password is incorrect', { field });
  }
  await clearAccountFailures(deps, source.emailNormalised);
}
