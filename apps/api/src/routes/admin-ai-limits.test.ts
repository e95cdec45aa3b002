/** `PUT /api/admin/organizations/{orgId}/ai-limits`: platform admins set another organisation's AI ceilings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  expectJson,
  type Json,
  type SignedUp,
  signInFirstPlatformAdmin,
  signUp,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let rootToken: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'ceiling-owner@example.com');
  rootToken = (await signInFirstPlatformAdmin(platform, 'root@example.com')).accessToken;
});

afterAll(async () => {
  await platform?.close();
});

const limitsOf = async () =>
  expectJson<Json>(await call('GET', '/api/ai/limits', { token: owner.accessToken, orgId: owner.personalOrgId }), 200);

describe('PUT /api/admin/organizations/{orgId}/ai-limits', () => {
  it('lets a platform admin who is not a member raise an organisation above its plan, and lower it again', async () => {
    const before = await limitsOf();
    const planRpm = before.effective.requestsPerMinute as number;
    const path = `/api/admin/organizations/${owner.personalOrgId}/ai-limits`;
    const raised = await expectJson<Json>(
      await call('PUT', path, { token: rootToken, body: { limits: { requestsPerMinute: planRpm * 10 } } }),
      200,
    );
    expect(raised.effective.requestsPerMinute).toBe(planRpm * 10);
    expect((await limitsOf()).effective.requestsPerMinute).toBe(planRpm * 10);
    // The organisation's owner may now lower it within the new ceiling, not raise it past.
    await expectJson(
      await call('PUT', '/api/ai/limits', {
        token: owner.accessToken,
        orgId: owner.personalOrgId,
        body: { limits: { requestsPerMinute: planRpm * 5 } },
      }),
      200,
    );
    await expectJson(await call('PUT', path, { token: rootToken, body: { limits: { requestsPerMinute: null } } }), 200);
    expect((await limitsOf()).effective.requestsPerMinute).toBe(planRpm);
  });

  it('refuses everyone else, unknown organisations and malformed limits, changing nothing', async () => {
    const before = await limitsOf();
    const path = `/api/admin/organizations/${owner.personalOrgId}/ai-limits`;
    await expectError(
      await call('PUT', path, { token: owner.accessToken, body: { limits: { requestsPerMinute: 999_999 } } }),
      403,
      'forbidden',
    );
    await expectError(
      await call('PUT', '/api/admin/organizations/org_01JGZ0000000000000000000ZZ/ai-limits', {
        token: rootToken,
        body: { limits: { requestsPerMinute: 5 } },
      }),
      404,
      'not_found',
    );
    await expectError(
      await call('PUT', path, { token: rootToken, body: { limits: { requestsPerMinute: -1 } } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('PUT', path, { token: rootToken, body: { limits: { bogus: 1 } } }),
      400,
      'invalid_input',
    );
    expect(await limitsOf()).toEqual(before);
  });
});
