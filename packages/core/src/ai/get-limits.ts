import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import {
  type AiLimitsRecord,
  adminMaximum,
  effectiveLimits,
  effectiveUserLimits,
  type OrgLimitName,
  type OrgLimits,
  planLimits,
  type UserLimitName,
  type UserLimits,
} from './ai-limits.ts';
import { aiLimitsKey } from './keys.ts';

export interface AiLimitsView {
  organizationId: string;
  plan: string;
  /** What the plan grants. */
  planDefaults: OrgLimits;
  /** The most an organisation admin may set (platform ceilings, else plan defaults). */
  maximum: OrgLimits;
  /** Set by a platform admin; replace plan defaults. */
  ceilings: Partial<Record<OrgLimitName, number>>;
  /** Set by an organisation admin; only lower. */
  overrides: Partial<Record<OrgLimitName, number>>;
  /** What is enforced now. `null` = unlimited. */
  effective: OrgLimits;
  /** Caps for each member inside the organisation. `null` = none. */
  perUser: UserLimits;
  alertWebhookUrl: string | null;
  updatedAt: string | null;
}

export function toLimitsView(actor: Actor, record: AiLimitsRecord | undefined): AiLimitsView {
  return {
    organizationId: actor.orgId,
    plan: actor.plan,
    planDefaults: planLimits(actor.plan),
    maximum: adminMaximum(actor.plan, record),
    ceilings: { ...record?.ceilings },
    overrides: { ...record?.overrides },
    effective: effectiveLimits(actor.plan, record),
    perUser: effectiveUserLimits(record),
    alertWebhookUrl: record?.alertWebhookUrl ?? null,
    updatedAt: record?.updatedAt ?? null,
  };
}

export async function readLimitsRecord(deps: AiDeps, orgId: string): Promise<AiLimitsRecord | undefined> {
  return (await deps.store.get<AiLimitsRecord>(aiLimitsKey(orgId)))?.data;
}

/** Admins (ai:usage_read) and platform admins read the limits of the actor's organisation. */
export async function getLimits(deps: AiDeps, actor: Actor): Promise<AiLimitsView> {
  if (!can(actor.role, 'ai:usage_read') && actor.platformRole !== 'platform_admin') {
    throw AppError.forbidden('ai:usage_read');
  }
  return toLimitsView(actor, await readLimitsRecord(deps, actor.orgId));
}

export type { UserLimitName };
