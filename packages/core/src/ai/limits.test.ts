import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { planLimits } from './ai-limits.ts';
import { createAiTestKit, testActor } from './ai-test-kit.ts';
import { getLimits } from './get-limits.ts';
import { updateLimits } from './update-limits.ts';

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('AI limits', () => {
  it('defaults to the plan', async () => {
    const { deps } = createAiTestKit();
    const view = await getLimits(deps, testActor({ plan: 'pro' }));
    expect(view.effective).toEqual(planLimits('pro'));
    expect(view.effective.monthlyBudgetMicroUsd).toBe(100_000_000);
    expect(view.perUser).toEqual({ requestsPerMinute: null, tokensPerDay: null, monthlyBudgetMicroUsd: null });
  });

  it('lets organisation admins lower limits but not raise them above the plan', async () => {
    const { deps } = createAiTestKit();
    const admin = testActor({ role: 'admin' });
    const lowered = await updateLimits(deps, admin, {
      limits: { monthlyBudgetMicroUsd: 500_000, requestsPerMinute: 5 },
    });
    expect(lowered.effective.monthlyBudgetMicroUsd).toBe(500_000);
    expect(lowered.effective.requestsPerMinute).toBe(5);
    await expectCode(updateLimits(deps, admin, { limits: { monthlyBudgetMicroUsd: 1_000_001 } }), 'forbidden');
    expect((await getLimits(deps, admin)).effective.monthlyBudgetMicroUsd).toBe(500_000);
    const cleared = await updateLimits(deps, admin, { limits: { monthlyBudgetMicroUsd: null } });
    expect(cleared.effective.monthlyBudgetMicroUsd).toBe(1_000_000);
    expect(cleared.effective.requestsPerMinute).toBe(5);
  });

  it('lets platform admins raise a ceiling that organisation admins can then use', async () => {
    const { deps } = createAiTestKit();
    const platform = testActor({ userId: 'usr_root', role: 'member', platformRole: 'platform_admin' });
    const raised = await updateLimits(deps, platform, {
      scope: 'platform',
      limits: { monthlyBudgetMicroUsd: 5_000_000 },
    });
    expect(raised.effective.monthlyBudgetMicroUsd).toBe(5_000_000);
    const admin = testActor({ role: 'admin' });
    const set = await updateLimits(deps, admin, { limits: { monthlyBudgetMicroUsd: 4_000_000 } });
    expect(set.effective.monthlyBudgetMicroUsd).toBe(4_000_000);
    await expectCode(updateLimits(deps, admin, { scope: 'platform', limits: { tokensPerDay: 1 } }), 'forbidden');
  });

  it('refuses members, unknown fields, bad values and bad webhook URLs', async () => {
    const { deps } = createAiTestKit();
    await expectCode(updateLimits(deps, testActor({ role: 'member' }), { limits: { tokensPerDay: 10 } }), 'forbidden');
    await expectCode(getLimits(deps, testActor({ role: 'member' })), 'forbidden');
    const admin = testActor({ role: 'admin' });
    await expectCode(updateLimits(deps, admin, { limits: { bogus: 1 } as never }), 'invalid_input');
    await expectCode(updateLimits(deps, admin, { limits: { tokensPerDay: -1 } }), 'invalid_input');
    await expectCode(updateLimits(deps, admin, { limits: { tokensPerDay: 1.5 } }), 'invalid_input');
    await expectCode(updateLimits(deps, admin, { alertWebhookUrl: 'ftp://example.com/hook' }), 'invalid_input');
    await expectCode(updateLimits(deps, admin, { alertWebhookUrl: 'https://u:p@example.com/hook' }), 'invalid_input');
    const ok = await updateLimits(deps, admin, {
      alertWebhookUrl: 'https://hooks.example.com/ai',
      perUser: { monthlyBudgetMicroUsd: 100 },
    });
    expect(ok.alertWebhookUrl).toBe('https://hooks.example.com/ai');
    expect(ok.perUser.monthlyBudgetMicroUsd).toBe(100);
  });

  it('keeps organisations apart', async () => {
    const { deps } = createAiTestKit();
    await updateLimits(deps, testActor({ role: 'admin' }), { limits: { tokensPerDay: 10 } });
    const other = await getLimits(deps, testActor({ orgId: 'org_two', role: 'admin' }));
    expect(other.effective.tokensPerDay).toBe(20_000);
  });
});
