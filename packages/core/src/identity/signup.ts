import { normaliseEmail, requireValidEmail } from './email-address.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireName } from './identity-input.ts';
import { createUserWithOrganization } from './new-user.ts';
import { hashPassword } from './password-hash.ts';
import { requireStrongPassword } from './password-strength.ts';
import { type AuthTokens, startSession } from './sessions.ts';
import { type OrganizationView, toOrganizationView, toUserView, type UserView } from './views.ts';

export interface SignupInput {
  email: string;
  password: string;
  name: string;
}

export interface SignupResult {
  user: UserView;
  organization: OrganizationView;
  tokens: AuthTokens;
}

/** Creates a user with a personal organisation (owner, plan free) and signs them in. */
export async function signup(deps: IdentityDeps, input: SignupInput): Promise<SignupResult> {
  const email = requireValidEmail(input.email);
  const name = requireName(input.name, 'name');
  const password = requireStrongPassword(input.password, email);
  const passwordHash = await hashPassword(password, deps.settings.passwordHashing);
  const { user, organization } = await createUserWithOrganization(deps, {
    email,
    emailNormalised: normaliseEmail(email),
    name,
    passwordHash,
    claimEmail: true,
  });
  const tokens = await startSession(deps, user);
  return { user: toUserView(user), organization: toOrganizationView(organization), tokens };
}
