import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { normaliseEmail } from './email-address.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { emailKey, userKey } from './keys.ts';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle.ts';
import { dummyPasswordHash, hashPassword, maxPasswordLength, needsRehash, verifyPassword } from './password-hash.ts';
import type { EmailRecord, UserRecord } from './records.ts';
import { type AuthTokens, startSession } from './sessions.ts';
import { toUserView, type UserView } from './views.ts';

export interface LoginInput {
  email: string;
  password: string;
}

export interface LoginContext {
  /** The client's IP address, for per-IP throttling. */
  ip?: string;
}

export interface LoginResult {
  user: UserView;
  tokens: AuthTokens;
}

const incorrect = () => AppError.unauthenticated('E-mail or password is incorrect');

/**
 * Password sign-in. Unknown e-mail, wrong password and external-only accounts take the same path
 * (one hash verification, the same store reads, the same message), so responses do not reveal which.
 */
export async function login(deps: IdentityDeps, input: LoginInput, context: LoginContext = {}): Promise<LoginResult> {
  if (typeof input.email !== 'string' || typeof input.password !== 'string') {
    throw AppError.invalidInput('E-mail and password are required');
  }
  const emailNormalised = normaliseEmail(input.email).slice(0, 320);
  const source = { emailNormalised, ip: context.ip };
  await assertLoginAllowed(deps, source);

  const claim = emailNormalised ? await deps.store.get<EmailRecord>(emailKey(emailNormalised)) : undefined;
  // Read a user item either way, so an unknown e-mail costs the same round trips.
  const user = (await deps.store.get<UserRecord>(userKey(claim?.data.userId ?? 'usr_unknown')))?.data;
  const hash = user?.passwordHash ?? (await dummyPasswordHash(deps.settings.passwordHashing));
  const password = input.password.length > maxPasswordLength ? '' : input.password;
  const matches = (await verifyPassword(password, hash)) && user?.passwordHash !== undefined && password !== '';
  if (!user || !matches) {
    await recordLoginFailure(deps, source);
    throw incorrect();
  }
  await clearAccountFailures(deps, emailNormalised);
  if (needsRehash(hash, deps.settings.passwordHashing)) {
    const upgraded = await hashPassword(input.password, deps.settings.passwordHashing);
    try {
      await deps.store.update<UserRecord>(userKey(user.id), {
        set: { passwordHash: upgraded },
        condition: [{ kind: 'compare', field: 'passwordHash', op: '=', value: hash }],
      });
    } catch (error) {
      // The password changed meanwhile; the new hash wins.
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  return { user: toUserView(user), tokens: await startSession(deps, user) };
}
