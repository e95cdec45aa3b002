import { describe, expect, it } from 'vitest';
import { createTestDeps, rejection } from './identity-test-kit.ts';
import { emailKey, memberKey, orgKey, userKey } from './keys.ts';
import type { MembershipRecord, OrganizationRecord, UserRecord } from './records.ts';
import { signup } from './signup.ts';

describe('signup', () => {
  it('creates the user, a personal organisation on the free plan and the owner membership', async () => {
    const deps = createTestDeps();
    const result = await signup(deps, {
      email: ' Ada@Example.com ',
      password: 'Correct-horse-42',
      name: ' Ada Lovelace ',
    });
    expect(result.user).toMatchObject({ email: 'Ada@Example.com', name: 'Ada Lovelace', platformRole: null });
    expect(result.organization).toMatchObject({
      name: "Ada Lovelace's workspace",
      plan: 'free',
      personal: true,
      memberCount: 1,
    });
    expect(result.tokens.accessToken.split('.')).toHaveLength(3);

    const user = await deps.store.get<UserRecord>(userKey(result.user.id));
    expect(user!.data.passwordHash).toMatch(/^\$scrypt\$/);
    expect(await deps.store.get(emailKey('ada@example.com'))).toMatchObject({ data: { userId: result.user.id } });
    const org = await deps.store.get<OrganizationRecord>(orgKey(result.organization.id));
    expect(org!.data).toMatchObject({ ownerCount: 1, memberCount: 1, createdBy: result.user.id });
    const member = await deps.store.get<MembershipRecord>(memberKey(result.organization.id, result.user.id));
    expect(member).toMatchObject({
      data: { role: 'owner' },
      gsi1pk: `USER#${result.user.id}`,
      gsi1sk: `ORG#${result.organization.id}`,
    });
  });

  it('refuses a second account for the same e-mail in any case, leaving nothing behind', async () => {
    const deps = createTestDeps();
    await signup(deps, { email: 'ada@example.com', password: 'Correct-horse-42', name: 'Ada' });
    const error = await rejection(signup(deps, { email: 'ADA@example.com', password: 'Another-pass-43', name: 'Eve' }));
    expect(error).toMatchObject({ code: 'conflict', details: { field: 'email' } });
  });

  it('lets exactly one of two concurrent sign-ups with one e-mail succeed', async () => {
    const deps = createTestDeps();
    const results = await Promise.allSettled([
      signup(deps, { email: 'ada@example.com', password: 'Correct-horse-42', name: 'Ada' }),
      signup(deps, { email: 'Ada@example.com', password: 'Correct-horse-42', name: 'Ada 2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it.each([
    [{ email: 'not-an-email', password: 'Correct-horse-42', name: 'Ada' }, 'email'],
    [{ email: 'ada@example.com', password: 'short', name: 'Ada' }, 'password'],
    [{ email: 'ada@example.com', password: 'Correct-horse-42', name: '   ' }, 'name'],
    [{ email: 'ada@example.com', password: 'Correct-horse-42', name: 'Ada\u0000' }, 'name'],
  ])('rejects bad input %o', async (input, field) => {
    const deps = createTestDeps();
    expect(await rejection(signup(deps, input))).toMatchObject({ code: 'invalid_input', details: { field } });
  });

  it('ignores extra fields such as role, plan and platformRole', async () => {
    const deps = createTestDeps();
    const input = {
      email: 'mallory@example.com',
      password: 'Correct-horse-42',
      name: 'Mallory',
      role: 'owner',
      plan: 'enterprise',
      platformRole: 'platform_admin',
      organizationId: 'org_01JGZ0000000000000000000AA',
    };
    const result = await signup(deps, input as never);
    expect(result.user.platformRole).toBeNull();
    expect(result.organization.plan).toBe('free');
    expect(result.organization.id).not.toBe(input.organizationId);
    const user = await deps.store.get<UserRecord>(userKey(result.user.id));
    expect(user!.data).not.toHaveProperty('role');
    expect(user!.data).not.toHaveProperty('plan');
  });
});
