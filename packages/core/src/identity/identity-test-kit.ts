/** Shared set-up for identity tests: the memory item store, a hand-driven clock and cheap scrypt. */
import type { Principal } from '../shared/actor.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { createInvitation } from './create-invitation.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { createIdentityDeps, type IdentityOptions } from './index.ts';
import type { ScryptParams } from './password-hash.ts';
import type { OrgRole } from './roles.ts';
import { signup } from './signup.ts';

/** Real scrypt at a tiny cost: the full cost is covered by password-hash.test.ts. */
export const testScryptParams: ScryptParams = { logN: 10, r: 8, p: 1, keyBytes: 64, saltBytes: 16 };

export interface TestClock {
  nowMs(): number;
  advance(ms: number): void;
}

export function createTestClock(startMs = Date.UTC(2025, 0, 6, 9, 0, 0)): TestClock {
  let now = startMs;
  return {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export function createTestDeps(options: Partial<IdentityOptions> = {}): IdentityDeps & { clock: TestClock } {
  const clock = (options.clock as TestClock | undefined) ?? createTestClock();
  const store = options.store ?? createMemoryItemStore({ clock });
  return createIdentityDeps({
    issuer: 'https://api.test.local',
    clientId: 'diatonic-web',
    passwordHashing: testScryptParams,
    ...options,
    store,
    clock,
  }) as IdentityDeps & { clock: TestClock };
}

export const testPassword = 'Correct-horse-42';

export async function signUpUser(deps: IdentityDeps, email: string, name = email.split('@')[0]!) {
  const result = await signup(deps, { email, password: testPassword, name });
  const principal: Principal = { userId: result.user.id };
  return { ...result, principal, userId: result.user.id, orgId: result.organization.id };
}

/** Awaits a promise expected to reject with an AppError and returns it. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the promise to reject');
}

interface TestUser {
  principal: Principal;
  orgId: string;
  user: { email: string | null };
}

/** Puts a user into an organisation the way production does: an invitation, then its acceptance. */
export async function addMember(
  deps: IdentityDeps,
  inviter: TestUser,
  invitee: TestUser,
  role: OrgRole,
  orgId: string = inviter.orgId,
): Promise<void> {
  const { token } = await createInvitation(deps, inviter.principal, {
    organizationId: orgId,
    email: invitee.user.email!,
    role,
  });
  await acceptInvitation(deps, invitee.principal, { token });
}
