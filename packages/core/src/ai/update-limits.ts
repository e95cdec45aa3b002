import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import {
  type AiLimitsRecord,
  adminMaximum,
  type OrgLimitName,
  orgLimitNames,
  type UserLimitName,
  userLimitNames,
} from './ai-limits.ts';
import { type AiLimitsView, toLimitsView } from './get-limits.ts';
import { aiLimitsKey } from './keys.ts';

export interface UpdateLimitsInput {
  /**
   * `organization` (default): an organisation admin lowers limits below the plan (ai:limits_update).
   * `platform`: a platform admin sets ceilings that replace the plan defaults, up or down.
   */
  scope?: 'organization' | 'platform';
  /** A number sets the limit; `null` removes this scope's value (back to the default). */
  limits?: Partial<Record<OrgLimitName, number | null>>;
  /** Per-member caps inside the organisation (organisation scope only). */
  perUser?: Partial<Record<UserLimitName, number | null>>;
  /** Where budget alerts are also posted (organisation scope only); `null` removes it. */
  alertWebhookUrl?: string | null;
}

const maxLimitValue = Number.MAX_SAFE_INTEGER;

function checkValue(field: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxLimitValue) {
    throw AppError.invalidInput(`${field} must be a non-negative integer or null`, { field });
  }
  return value;
}

function checkKeys(field: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw AppError.invalidInput(`${field} must be an object`, { field });
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw AppError.invalidInput(`${field}.${key} is not a limit`, { field: `${field}.${key}` });
  }
  return value as Record<string, unknown>;
}

function checkWebhookUrl(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > 2048) {
    throw AppError.invalidInput('alertWebhookUrl must be a URL of at most 2048 characters', {
      field: 'alertWebhookUrl',
    });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw AppError.invalidInput('alertWebhookUrl must be a valid URL', { field: 'alertWebhookUrl' });
  }
  // Delivery (in the API) applies the SSRF guard; here we only refuse what can never be right.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw AppError.invalidInput('alertWebhookUrl must use http or https', { field: 'alertWebhookUrl' });
  }
  if (url.username || url.password) {
    throw AppError.invalidInput('alertWebhookUrl must not contain credentials', { field: 'alertWebhookUrl' });
  }
  return url.toString();
}

function applyChanges<N extends string>(
  current: Partial<Record<N, number>>,
  changes: Record<string, unknown>,
  prefix: string,
  check: (name: N, value: number) => void,
): Partial<Record<N, number>> {
  const next: Partial<Record<N, number>> = { ...current };
  for (const [name, raw] of Object.entries(changes) as [N, unknown][]) {
    const value = checkValue(`${prefix}.${name}`, raw);
    if (value === null) delete next[name];
    else {
      check(name, value);
      next[name] = value;
    }
  }
  return next;
}

/**
 * Changes the limits of the actor's organisation. Read-modify-write pinned to the version read, so two
 * admins editing at once cannot silently undo each other (the loser gets `conflict` and retries).
 */
export async function updateLimits(deps: AiDeps, actor: Actor, input: UpdateLimitsInput): Promise<AiLimitsView> {
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('A body is required');
  const scope = input.scope ?? 'organization';
  if (scope === 'platform') {
    if (actor.platformRole !== 'platform_admin') {
      throw AppError.forbidden('platform:ai_limits', 'Only platform admins can raise AI limits');
    }
    if (input.perUser !== undefined || input.alertWebhookUrl !== undefined) {
      throw AppError.invalidInput('perUser and alertWebhookUrl are organisation settings; use scope organization');
    }
  } else if (scope === 'organization') {
    if (!can(actor.role, 'ai:limits_update')) throw AppError.forbidden('ai:limits_update');
  } else {
    throw AppError.invalidInput('scope must be organization or platform', { field: 'scope' });
  }
  const limitChanges = input.limits === undefined ? {} : checkKeys('limits', input.limits, orgLimitNames);
  const userChanges = input.perUser === undefined ? {} : checkKeys('perUser', input.perUser, userLimitNames);
  const webhook = input.alertWebhookUrl === undefined ? undefined : checkWebhookUrl(input.alertWebhookUrl);

  const key = aiLimitsKey(actor.orgId);
  const stored = await deps.store.get<AiLimitsRecord>(key);
  const current: AiLimitsRecord = stored?.data ?? {
    orgId: actor.orgId,
    overrides: {},
    ceilings: {},
    perUser: {},
    alertWebhookUrl: null,
    updatedAt: '',
    updatedBy: '',
  };
  const next: AiLimitsRecord = { ...current, updatedAt: isoAt(deps.clock.nowMs()), updatedBy: actor.userId };
  if (scope === 'platform') {
    next.ceilings = applyChanges<OrgLimitName>(current.ceilings, limitChanges, 'limits', () => {});
  } else {
    const maximum = adminMaximum(actor.plan, current);
    next.overrides = applyChanges<OrgLimitName>(current.overrides, limitChanges, 'limits', (name, value) => {
      const allowed = maximum[name];
      if (allowed !== null && value > allowed) {
        throw AppError.forbidden(
          'ai:limits_raise',
          `limits.${name} may be at most ${allowed} for this plan; ask a platform admin to raise it`,
        );
      }
    });
    next.perUser = applyChanges<UserLimitName>(current.perUser, userChanges, 'perUser', () => {});
    if (webhook !== undefined) next.alertWebhookUrl = webhook;
  }
  try {
    await deps.store.put(
      { ...key, data: next },
      { condition: stored ? [{ kind: 'versionEquals', version: stored.version }] : [{ kind: 'notExists' }] },
    );
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.conflict('The limits changed meanwhile; read them again');
    throw error;
  }
  return toLimitsView(actor, next);
}
