import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { normaliseEmail, requireValidEmail } from './email-address.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireName } from './identity-input.ts';
import { emailKey, firstPlatformAdminKey, userKey } from './keys.ts';
import { createUserWithOrganization } from './new-user.ts';
import { hashPassword } from './password-hash.ts';
import { requireStrongPassword } from './password-strength.ts';
import type { EmailRecord, UserRecord } from './records.ts';
import { toUserView, type UserView } from './views.ts';

export interface CreateFirstPlatformAdminInput {
  email: string;
  /** Needed only when no account with this e-mail exists yet. */
  password?: string;
  name?: string;
}

export interface CreateFirstPlatformAdminResult {
  user: UserView;
  /** False when an existing account was promoted. */
  created: boolean;
}

const alreadyExists = () =>
  AppError.conflict('A platform admin already exists; the CLI only creates the first one', {
    reason: 'platform_admin_exists',
  });

/**
 * For the CLI only (there is no HTTP route): makes the first platform admin, promoting an existing
 * account or creating one. A marker item written in the same transaction makes it work once.
 */
export async function createFirstPlatformAdmin(
  deps: IdentityDeps,
  input: CreateFirstPlatformAdminInput,
): Promise<CreateFirstPlatformAdminResult> {
  const email = requireValidEmail(input.email);
  const emailNormalised = normaliseEmail(email);
  if (await deps.store.get(firstPlatformAdminKey)) throw alreadyExists();
  const marker = {
    kind: 'put' as const,
    item: { ...firstPlatformAdminKey, data: { email: emailNormalised } },
    condition: [{ kind: 'notExists' as const }],
  };

  const claim = await deps.store.get<EmailRecord>(emailKey(emailNormalised));
  if (claim) {
    try {
      await deps.store.transact([
        marker,
        {
          kind: 'update',
          key: userKey(claim.data.userId),
          changes: { set: { platformRole: 'platform_admin' }, condition: [{ kind: 'exists' }] },
        },
      ]);
    } catch (error) {
      if (error instanceof ConditionFailedError && error.index === 0) throw alreadyExists();
      throw error;
    }
    const user = await deps.store.get<UserRecord>(userKey(claim.data.userId));
    if (!user) throw AppError.notFound('user', claim.data.userId);
    return { user: toUserView(user.data), created: false };
  }

  const name = requireName(input.name, 'name');
  const password = requireStrongPassword(input.password, email);
  const passwordHash = await hashPassword(password, deps.settings.passwordHashing);
  try {
    const { user } = await createUserWithOrganization(
      deps,
      { email, emailNormalised, name, passwordHash, platformRole: 'platform_admin', claimEmail: true },
      [marker],
    );
    return { user: toUserView(user), created: true };
  } catch (error) {
    if (error instanceof ConditionFailedError) throw alreadyExists();
    throw error;
  }
}
