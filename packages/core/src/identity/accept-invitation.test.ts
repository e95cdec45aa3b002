import { describe, expect, it } from 'vitest';
import { acceptInvitation } from './accept-invitation.ts';
import { createInvitation } from './create-invitation.ts';
import { addMember, createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { orgKey } from './keys.ts';
import { listInvitations } from './list-invitations.ts';
import { listMembers } from './list-members.ts';
import type { OrganizationRecord } from './records.ts';
import { revokeInvitation } from './revoke-invitation.ts';

describe('invitations', () => {
  it('invites by e-mail; the invitee accepts once with a case-insensitively matching account', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'Bob@Example.com');
    const { invitation, token } = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'bob@EXAMPLE.com',
      role: 'instructor',
    });
    expect(invitation).toMatchObject({ status: 'pending', role: 'instructor', organizationId: ada.orgId });
    expect(JSON.stringify(await deps.store.query({ pk: `T#${ada.orgId}` }))).not.toContain(token);
    expect((await listInvitations(deps, ada.principal, { organizationId: ada.orgId })).items).toHaveLength(1);

    await expect(acceptInvitation(deps, bob.principal, { token })).resolves.toMatchObject({
      role: 'instructor',
      organization: { id: ada.orgId, memberCount: 2 },
    });
    expect((await rejection(acceptInvitation(deps, bob.principal, { token }))).code).toBe('not_found');
    expect((await listInvitations(deps, ada.principal, { organizationId: ada.orgId })).items).toHaveLength(0);
    const members = await listMembers(deps, ada.principal, { organizationId: ada.orgId });
    expect(members.items.find((m) => m.userId === bob.userId)?.role).toBe('instructor');
  });

  it('refuses acceptance by an account with another e-mail address', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const eve = await signUpUser(deps, 'eve@example.com');
    const { token } = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'bob@example.com',
      role: 'member',
    });
    expect((await rejection(acceptInvitation(deps, eve.principal, { token }))).code).toBe('forbidden');
  });

  it('expires after 7 days and can be revoked', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const first = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'bob@example.com',
      role: 'member',
    });
    deps.clock.advance(7 * 24 * 3600 * 1000);
    expect((await rejection(acceptInvitation(deps, bob.principal, { token: first.token }))).code).toBe('not_found');
    expect((await listInvitations(deps, ada.principal, { organizationId: ada.orgId })).items).toHaveLength(0);

    const second = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'bob@example.com',
      role: 'member',
    });
    await expect(
      revokeInvitation(deps, ada.principal, { organizationId: ada.orgId, invitationId: second.invitation.id }),
    ).resolves.toMatchObject({ status: 'revoked' });
    expect((await rejection(acceptInvitation(deps, bob.principal, { token: second.token }))).code).toBe('not_found');
  });

  it('keeps invitations inside their organisation', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const eve = await signUpUser(deps, 'eve@example.com');
    const { invitation } = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'x@example.com',
      role: 'member',
    });
    // Eve names Ada's invitation through her own organisation: it does not exist there.
    expect(
      (
        await rejection(
          revokeInvitation(deps, eve.principal, { organizationId: eve.orgId, invitationId: invitation.id }),
        )
      ).code,
    ).toBe('not_found');
    expect((await rejection(listInvitations(deps, eve.principal, { organizationId: ada.orgId }))).code).toBe(
      'not_found',
    );
  });

  it('lets admins invite up to admin but not owner, and members not at all', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const cat = await signUpUser(deps, 'cat@example.com');
    await addMember(deps, ada, bob, 'admin');
    await addMember(deps, ada, cat, 'member');
    const invite = (who: typeof ada, role: string) =>
      createInvitation(deps, who.principal, { organizationId: ada.orgId, email: 'new@example.com', role });
    await expect(invite(bob, 'admin')).resolves.toBeDefined();
    expect((await rejection(invite(bob, 'owner'))).code).toBe('forbidden');
    expect((await rejection(invite(cat, 'member'))).code).toBe('forbidden');
    expect((await rejection(invite(ada, 'superuser'))).code).toBe('invalid_input');
    expect(
      (
        await rejection(
          createInvitation(deps, ada.principal, {
            organizationId: ada.orgId,
            email: 'cat@example.com',
            role: 'member',
          }),
        )
      ).code,
    ).toBe('conflict');
  });

  it('never exceeds the plan member limit, even with concurrent accepts', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    // free allows 5 members: Ada plus 4. Six invitations are out when the count is 1.
    const invitees = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => signUpUser(deps, `user${n}@example.com`)));
    const tokens: string[] = [];
    for (const invitee of invitees) {
      const { token } = await createInvitation(deps, ada.principal, {
        organizationId: ada.orgId,
        email: invitee.user.email!,
        role: 'member',
      });
      tokens.push(token);
    }
    const results = await Promise.allSettled(
      invitees.map((invitee, i) => acceptInvitation(deps, invitee.principal, { token: tokens[i]! })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => r.reason.details?.reason)).toEqual(['member_limit', 'member_limit']);
    const org = await deps.store.get<OrganizationRecord>(orgKey(ada.orgId));
    expect(org!.data.memberCount).toBe(5);
    const members = await listMembers(deps, ada.principal, { organizationId: ada.orgId });
    expect(members.items).toHaveLength(5);
    // New invitations are refused up front once the organisation is full.
    expect(
      (
        await rejection(
          createInvitation(deps, ada.principal, {
            organizationId: ada.orgId,
            email: 'late@example.com',
            role: 'member',
          }),
        )
      ).details,
    ).toMatchObject({ reason: 'member_limit' });
  });

  it('lets a token be accepted only once when two requests race', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const { token } = await createInvitation(deps, ada.principal, {
      organizationId: ada.orgId,
      email: 'bob@example.com',
      role: 'member',
    });
    const results = await Promise.allSettled([
      acceptInvitation(deps, bob.principal, { token }),
      acceptInvitation(deps, bob.principal, { token }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const org = await deps.store.get<OrganizationRecord>(orgKey(ada.orgId));
    expect(org!.data.memberCount).toBe(2);
  });

  it('rejects malformed tokens as not found', async () => {
    const deps = createTestDeps();
    const bob = await signUpUser(deps, 'bob@example.com');
    expect((await rejection(acceptInvitation(deps, bob.principal, { token: 'x' }))).code).toBe('not_found');
  });
});
