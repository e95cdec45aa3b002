import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, expectJson } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { demoIdentityStep, demoPassword } from './demo-identity-step.ts';
import type { SeedContext } from './seed-step.ts';

let platform: TempPlatform;
let context: SeedContext;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform();
  const { itemStore, clock, ids, logger, identity } = platform.deps;
  context = { itemStore, clock, ids, logger, identity, demoData: true };
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

async function login(email: string) {
  return expectJson<{ accessToken: string }>(
    await call('POST', '/api/auth/login', { body: { email, password: demoPassword } }),
    200,
  );
}

describe('the demo identity seed step', () => {
  it('creates Diatonic Demo with an owner, an instructor and a learner, and repeating it changes nothing', async () => {
    await demoIdentityStep.run(context);
    await demoIdentityStep.run(context);
    const owner = await login('demo@diatonic.local');
    const orgs = await expectJson<{ items: { id: string; name: string; myRole: string }[] }>(
      await call('GET', '/api/orgs', { token: owner.accessToken }),
      200,
    );
    const demo = orgs.items.filter((o) => o.name === 'Diatonic Demo');
    expect(demo).toHaveLength(1);
    expect(demo[0]!.myRole).toBe('owner');
    const members = await expectJson<{ items: { email: string; role: string }[] }>(
      await call('GET', `/api/orgs/${demo[0]!.id}/members`, { token: owner.accessToken }),
      200,
    );
    expect(members.items.map((m) => [m.email, m.role]).sort()).toEqual([
      ['demo@diatonic.local', 'owner'],
      ['instructor@diatonic.local', 'instructor'],
      ['learner@diatonic.local', 'member'],
    ]);
    await login('learner@diatonic.local');
  });

  it('does nothing without demo data', async () => {
    const other = await startTempPlatform();
    const { itemStore, clock, ids, logger, identity } = other.deps;
    await demoIdentityStep.run({ itemStore, clock, ids, logger, identity, demoData: false });
    const res = await caller(other)('POST', '/api/auth/login', {
      body: { email: 'demo@diatonic.local', password: demoPassword },
    });
    expect(res.status).toBe(401);
    await other.close();
  });
});
