import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, expectJson, type Json } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { demoEducationStep, demoModuleTitle } from './demo-education-step.ts';
import { demoIdentityStep, demoPassword } from './demo-identity-step.ts';
import type { SeedContext } from './seed-step.ts';

let platform: TempPlatform;
let context: SeedContext;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform();
  const { itemStore, clock, ids, logger, identity, education } = platform.deps;
  context = { itemStore, clock, ids, logger, identity, education, demoData: true };
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

describe('the demo education seed step', () => {
  it('publishes one module the demo learner can take, and repeating it changes nothing', async () => {
    await demoIdentityStep.run(context);
    await demoEducationStep.run(context);
    await demoEducationStep.run(context);
    const { accessToken } = await expectJson<{ accessToken: string }>(
      await call('POST', '/api/auth/login', { body: { email: 'learner@diatonic.local', password: demoPassword } }),
      200,
    );
    const orgs = await expectJson<Json>(await call('GET', '/api/orgs', { token: accessToken }), 200);
    const orgId = orgs.items.find((o: Json) => o.name === 'Diatonic Demo').id;
    const catalog = await expectJson<Json>(
      await call('GET', '/api/education/catalog', { token: accessToken, orgId }),
      200,
    );
    expect(catalog.items.map((m: Json) => [m.title, m.version, m.sectionCount])).toEqual([
      [demoModuleTitle, '1.0.0', 3],
    ]);
  });

  it('does nothing without demo data', async () => {
    await expect(demoEducationStep.run({ ...context, demoData: false, identity: undefined })).resolves.toBeUndefined();
  });
});
