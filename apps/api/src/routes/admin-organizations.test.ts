/**
 * `GET /api/admin/organizations`: a platform admin pages through every organisation, newest first; one
 * deleted is gone from the list at once; nobody else may list them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  createOrg,
  expectJson,
  type Json,
  type SignedUp,
  signInFirstPlatformAdmin,
  signUp,
  strongPassword,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let rootToken: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'listed-owner@example.com');
  rootToken = (await signInFirstPlatformAdmin(platform, 'root-list@example.com')).accessToken;
});

afterAll(async () => {
  await platform?.close();
});

async function listAll(limit: number): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Json = await expectJson<Json>(
      await call('GET', `/api/admin/organizations${query}`, { token: rootToken }),
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/admin/organizations', () => {
  it('pages through every organisation, newest first, with no repeats or gaps', async () => {
    const created: string[] = [];
    for (const name of ['First band', 'Second band', 'Third band']) created.push(await createOrg(call, owner, name));
    const all = await listAll(2);
    const ids = all.map((org) => org.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The owner's personal organisation, the three bands, and the platform admin's own.
    for (const id of [owner.personalOrgId, ...created]) expect(ids).toContain(id);
    expect(ids.indexOf(created[2]!)).toBeLessThan(ids.indexOf(created[0]!));
    const times = all.map((org) => org.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.find((org) => org.id === created[1])).toMatchObject({
      name: 'Second band',
      plan: 'free',
      personal: false,
      memberCount: 1,
    });
    expect(all.every((org) => org.myRole === undefined)).toBe(true);
  });

  it('drops a deleted organisation at once, and shows a plan change', async () => {
    const doomed = await createOrg(call, owner, 'Doomed band');
    expect((await listAll(100)).map((org) => org.id)).toContain(doomed);
    await expectJson(
      await call('DELETE', `/api/orgs/${doomed}`, {
        token: owner.accessToken,
        body: { name: 'Doomed band', password: strongPassword },
      }),
      202,
    );
    expect((await listAll(100)).map((org) => org.id)).not.toContain(doomed);
    await expectJson(
      await call('PUT', `/api/admin/organizations/${owner.personalOrgId}/plan`, {
        token: rootToken,
        body: { plan: 'pro' },
      }),
      200,
    );
    expect((await listAll(100)).find((org) => org.id === owner.personalOrgId)?.plan).toBe('pro');
  });

  it('is for platform admins only, and checks its query', async () => {
    await expectError(await call('GET', '/api/admin/organizations', { token: owner.accessToken }), 403, 'forbidden');
    await expectError(await call('GET', '/api/admin/organizations'), 401, 'unauthenticated');
    await expectError(
      await call('GET', '/api/admin/organizations?limit=0', { token: rootToken }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('GET', '/api/admin/organizations?cursor=forged', { token: rootToken }),
      400,
      'invalid_input',
    );
  });
});
