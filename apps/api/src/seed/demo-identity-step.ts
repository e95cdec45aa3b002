/**
 * Seed step (demo data only): the organisation "Diatonic Demo" with its owner, an instructor and a
 * learner, all signing in with the documented demo password. Safe to repeat after a crash: each part
 * is looked up before it is created (accounts by signing in, the organisation by name, members by list).
 */
import { type Actor, type Identity, isAppError, type Principal } from '@diatonic/core';
import type { SeedStep } from './seed-step.ts';

/** Documented in the README and printed in the start banner; demo installations only. */
export const demoPassword = 'Scales-and-Modes-7';
export const demoOrganizationName = 'Diatonic Demo';
export const demoAccounts = [
  { email: 'demo@diatonic.local', name: 'Demo Owner', role: 'owner' },
  { email: 'instructor@diatonic.local', name: 'Demo Instructor', role: 'instructor' },
  { email: 'learner@diatonic.local', name: 'Demo Learner', role: 'member' },
] as const;

async function demoUser(identity: Identity, email: string, name: string): Promise<Principal & { email: string }> {
  try {
    const { user } = await identity.signup({ email, password: demoPassword, name });
    return { userId: user.id, email };
  } catch (error) {
    if (!(isAppError(error) && error.code === 'conflict')) throw error;
    const { user } = await identity.login({ email, password: demoPassword });
    return { userId: user.id, email };
  }
}

/** A demo account acting in "Diatonic Demo" with its role there (for the demo content steps after this one). */
export async function demoActor(identity: Identity, email: string, role: Actor['role']): Promise<Actor> {
  const { user } = await identity.login({ email, password: demoPassword });
  const principal = { userId: user.id };
  const org = (await identity.listMyOrganizations(principal)).items.find((o) => o.name === demoOrganizationName);
  if (!org) throw new Error('The demo content seed steps need the demo organisation (the demo-identity step)');
  return { userId: user.id, orgId: org.id, role, plan: org.plan };
}

export const demoIdentityStep: SeedStep = {
  id: 'demo-identity',
  async run({ identity, demoData }) {
    if (!demoData) return;
    if (!identity) throw new Error('The demo identity seed step needs the identity facade in its context');
    const [owner, ...others] = await Promise.all(demoAccounts.map((a) => demoUser(identity, a.email, a.name)));
    const mine = await identity.listMyOrganizations(owner!);
    const org =
      mine.items.find((o) => o.name === demoOrganizationName && o.role === 'owner') ??
      (await identity.createOrganization(owner!, { name: demoOrganizationName }));
    const { items: members } = await identity.listMembers(owner!, { organizationId: org.id, limit: 100 });
    for (const [index, user] of others.entries()) {
      if (members.some((m) => m.userId === user.userId)) continue;
      const role = demoAccounts[index + 1]!.role;
      const { token } = await identity.createInvitation(owner!, { organizationId: org.id, email: user.email, role });
      await identity.acceptInvitation(user, { token });
    }
  },
};
