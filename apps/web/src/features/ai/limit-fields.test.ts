import type { AiLimits } from '@diatonic/api-schemas';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { limitErrors, parseLimit } from './limit-fields.ts';

const limits = {
  maximum: {
    requestsPerMinute: 20,
    tokensPerMinute: 10_000,
    maxTokensPerRequest: 4096,
    tokensPerDay: 20_000,
    monthlyBudgetMicroUsd: 1_000_000,
  },
} as AiLimits;

describe('limit fields', () => {
  it('reads empty as "back to the default", counts as integers and budgets as dollars', () => {
    expect(parseLimit('  ', 'count')).toBeNull();
    expect(parseLimit('120', 'count')).toBe(120);
    expect(parseLimit('0.25', 'usd')).toBe(250_000);
    for (const bad of ['-1', '1.5', 'ten', '99999999999999999']) expect(parseLimit(bad, 'count')).toBeUndefined();
    expect(parseLimit('0.0000001', 'usd')).toBeUndefined();
  });

  it('puts schema issues and domain fields under their full path', () => {
    const schema = new ApiError(400, 'invalid_input', 'The request body is not valid', 'r', {
      location: 'body',
      issues: [
        { path: 'alertWebhookUrl', message: 'Invalid URL' },
        { path: 'limits.tokensPerDay', message: 'Too big' },
      ],
    });
    expect(limitErrors(schema, limits)).toEqual({ alertWebhookUrl: 'Invalid URL', 'limits.tokensPerDay': 'Too big' });
    const domain = new ApiError(400, 'invalid_input', 'alertWebhookUrl must not contain credentials', 'r', {
      field: 'alertWebhookUrl',
    });
    expect(limitErrors(domain, limits)).toEqual({ alertWebhookUrl: 'alertWebhookUrl must not contain credentials' });
  });

  it('explains a limit above the plan beside its input, in the input’s unit', () => {
    const raise = new ApiError(
      403,
      'forbidden',
      'limits.monthlyBudgetMicroUsd may be at most 1000000 for this plan; ask a platform admin to raise it',
      'r',
      { permission: 'ai:limits_raise' },
    );
    expect(limitErrors(raise, limits)).toEqual({
      'limits.monthlyBudgetMicroUsd': 'Above what the plan allows (at most $1.00). Ask a platform admin to raise it.',
    });
    expect(limitErrors(new ApiError(403, 'forbidden', 'No', 'r', { permission: 'ai:limits_update' }), limits)).toEqual(
      {},
    );
  });
});
