/** The signed-in user: who they are, where they belong, and their account (profile, password, export, deletion). */
import { z } from 'zod';
import { AuditEntry } from './audit.ts';
import { User } from './auth.ts';
import { OrgRole, PlanId } from './roles.ts';

export const MembershipSummary = z
  .object({ organizationId: z.string(), name: z.string(), role: OrgRole, plan: PlanId, personal: z.boolean() })
  .meta({ id: 'MembershipSummary' });
export type MembershipSummary = z.infer<typeof MembershipSummary>;

export const MeResponse = z
  .object({
    user: User,
    memberships: z.array(MembershipSummary),
    /** The organisation this request acts in (`X-Organization-Id`, else the personal one). */
    activeOrganization: z.object({ id: z.string(), name: z.string(), role: OrgRole, plan: PlanId }).nullable(),
    /** `resource:action` permissions the caller has in the active organisation. */
    permissions: z.array(z.string()),
  })
  .meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

export const UpdateProfileRequest = z.object({ name: z.string().min(1).max(400) }).meta({ id: 'UpdateProfileRequest' });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(4096), newPassword: z.string().min(1).max(4096) })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const DeleteAccountRequest = z
  .object({
    /** Required for accounts with a password; accounts from an external provider have none. */
    password: z.string().min(1).max(4096).optional(),
  })
  .meta({ id: 'DeleteAccountRequest' });
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;

/** Everything the user owns or wrote; later modules add one key each, so unknown keys are kept. */
export const AccountExport = z
  .looseObject({
    exportedAt: z.iso.datetime(),
    user: User,
    memberships: z.array(
      z.object({ organizationId: z.string(), organizationName: z.string(), role: OrgRole, joinedAt: z.string() }),
    ),
    auditEntries: z.array(AuditEntry),
  })
  .meta({ id: 'AccountExport' });
export type AccountExport = z.infer<typeof AccountExport>;
