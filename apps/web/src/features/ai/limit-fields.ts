/**
 * The limits an organisation admin can set, named by their path in the PUT /api/ai/limits body so the
 * API's validation messages (which name that path) land beside the right input.
 */
import type { AiLimits } from '@diatonic/api-schemas';
import { ApiError } from '../../api/api-error.ts';
import { dollarsToMicroUsd, formatLimit } from './money.ts';

type OrgLimitName = keyof AiLimits['effective'];
type UserLimitName = keyof AiLimits['perUser'];

export interface LimitField {
  path: `limits.${OrgLimitName}` | `perUser.${UserLimitName}`;
  label: string;
  unit: 'count' | 'usd';
}

export const orgLimitFields: readonly (LimitField & { name: OrgLimitName })[] = [
  { path: 'limits.requestsPerMinute', name: 'requestsPerMinute', label: 'Requests per minute', unit: 'count' },
  { path: 'limits.tokensPerMinute', name: 'tokensPerMinute', label: 'Tokens per minute', unit: 'count' },
  { path: 'limits.maxTokensPerRequest', name: 'maxTokensPerRequest', label: 'Max tokens per request', unit: 'count' },
  { path: 'limits.tokensPerDay', name: 'tokensPerDay', label: 'Tokens per day', unit: 'count' },
  { path: 'limits.monthlyBudgetMicroUsd', name: 'monthlyBudgetMicroUsd', label: 'Monthly budget (USD)', unit: 'usd' },
];

export const userLimitFields: readonly (LimitField & { name: UserLimitName })[] = [
  {
    path: 'perUser.requestsPerMinute',
    name: 'requestsPerMinute',
    label: 'Requests per minute per member',
    unit: 'count',
  },
  { path: 'perUser.tokensPerDay', name: 'tokensPerDay', label: 'Tokens per day per member', unit: 'count' },
  {
    path: 'perUser.monthlyBudgetMicroUsd',
    name: 'monthlyBudgetMicroUsd',
    label: 'Monthly budget per member (USD)',
    unit: 'usd',
  },
];

export const webhookField = 'alertWebhookUrl';

/** A typed limit: empty is null (back to the default), else a whole number or dollars; undefined when invalid. */
export function parseLimit(text: string, unit: LimitField['unit']): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (unit === 'usd') return dollarsToMicroUsd(trimmed) ?? undefined;
  if (!/^\d{1,16}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function invalidLimitMessage(unit: LimitField['unit']): string {
  return unit === 'usd'
    ? 'Enter an amount in dollars with at most 6 decimals, or leave empty for the default.'
    : 'Enter a whole number of 0 or more, or leave empty for the default.';
}

/**
 * Messages per input path from a refused save: schema issues (`details.issues[].path`), a domain rule's
 * `details.field`, and a limit above what the plan allows (403 ai:limits_raise, whose message names it).
 */
export function limitErrors(error: unknown, limits: AiLimits | undefined): Record<string, string> {
  if (!(error instanceof ApiError) || !error.details) return {};
  const result: Record<string, string> = {};
  const { issues, field, permission } = error.details;
  if (error.code === 'invalid_input') {
    if (Array.isArray(issues)) {
      for (const issue of issues as { path?: unknown; message?: unknown }[]) {
        if (typeof issue?.path === 'string' && typeof issue.message === 'string' && !(issue.path in result)) {
          result[issue.path] = issue.message;
        }
      }
    }
    if (typeof field === 'string' && !(field in result)) result[field] = error.message;
  }
  if (error.code === 'forbidden' && permission === 'ai:limits_raise') {
    const named = /limits\.(\w+)/.exec(error.message)?.[1];
    const limit = orgLimitFields.find((candidate) => candidate.name === named);
    if (limit) {
      const maximum = limits ? formatLimit(limits.maximum[limit.name], limit.unit) : 'the plan’s allowance';
      result[limit.path] = `Above what the plan allows (at most ${maximum}). Ask a platform admin to raise it.`;
    }
  }
  return result;
}
