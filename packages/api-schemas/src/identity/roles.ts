/**
 * The identity vocabulary on the wire. The lists mirror `orgRoles` and `planIds` in @diatonic/core
 * (this package may not import core); apps/api fails to compile when they drift apart.
 */
import { z } from 'zod';

export const orgRoleIds = ['owner', 'admin', 'instructor', 'moderator', 'member'] as const;
export const OrgRole = z.enum(orgRoleIds).meta({ id: 'OrgRole' });
export type OrgRole = z.infer<typeof OrgRole>;

export const planIdList = ['free', 'basic', 'pro', 'extreme', 'enterprise'] as const;
export const PlanId = z.enum(planIdList).meta({ id: 'PlanId' });
export type PlanId = z.infer<typeof PlanId>;

export const PlatformRole = z.enum(['platform_admin']).meta({ id: 'PlatformRole' });
export type PlatformRole = z.infer<typeof PlatformRole>;

/** Path ids are checked by the domain (a malformed or foreign id is simply not found); this only bounds them. */
export const resourceId = z.string().min(1).max(128);
