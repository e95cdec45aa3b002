/** Organisations, their members and ownership, and the platform admin's plan change. */
import { z } from 'zod';
import { pageOf } from '../page.ts';
import { OrgRole, PlanId, resourceId } from './roles.ts';

export const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: PlanId,
    /** The organisation created with its user at sign-up. */
    personal: z.boolean(),
    memberCount: z.number().int().nonnegative(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** The caller's role here; absent where the caller need not be a member (platform admin). */
    myRole: OrgRole.optional(),
  })
  .meta({ id: 'Organization' });
export type Organization = z.infer<typeof Organization>;

export const OrganizationPage = pageOf(Organization).meta({ id: 'OrganizationPage' });
export type OrganizationPage = z.infer<typeof OrganizationPage>;

const name = z.string().min(1).max(400);

export const CreateOrganizationRequest = z.object({ name }).meta({ id: 'CreateOrganizationRequest' });
export type CreateOrganizationRequest = z.infer<typeof CreateOrganizationRequest>;

export const RenameOrganizationRequest = z.object({ name }).meta({ id: 'RenameOrganizationRequest' });
export type RenameOrganizationRequest = z.infer<typeof RenameOrganizationRequest>;

export const DeleteOrganizationRequest = z
  .object({
    /** The organisation's current name, typed to confirm. */
    name,
    /** Required for accounts with a password; accounts from an external provider have none. */
    password: z.string().min(1).max(4096).optional(),
  })
  .meta({ id: 'DeleteOrganizationRequest' });
export type DeleteOrganizationRequest = z.infer<typeof DeleteOrganizationRequest>;

/** The organisation is gone for every member at once; its content is purged in the background. */
export const OrganizationDeletion = z
  .object({
    organizationId: z.string(),
    name: z.string(),
    memberCount: z.number().int().nonnegative(),
    requestedAt: z.iso.datetime(),
  })
  .meta({ id: 'OrganizationDeletion' });
export type OrganizationDeletion = z.infer<typeof OrganizationDeletion>;

export const OrgParams = z.object({ orgId: resourceId });

export const Member = z
  .object({
    userId: z.string(),
    organizationId: z.string(),
    /** Null once the member's account has been deleted. */
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: OrgRole,
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof Member>;

export const MemberPage = pageOf(Member).meta({ id: 'MemberPage' });
export type MemberPage = z.infer<typeof MemberPage>;

export const MemberParams = OrgParams.extend({
  userId: resourceId,
});

export const ChangeMemberRoleRequest = z.object({ role: OrgRole }).meta({ id: 'ChangeMemberRoleRequest' });
export type ChangeMemberRoleRequest = z.infer<typeof ChangeMemberRoleRequest>;

export const TransferOwnershipRequest = z.object({ userId: resourceId }).meta({ id: 'TransferOwnershipRequest' });
export type TransferOwnershipRequest = z.infer<typeof TransferOwnershipRequest>;

export const TransferOwnershipResponse = z
  .object({ organizationId: z.string(), ownerId: z.string(), previousOwnerRole: OrgRole })
  .meta({ id: 'TransferOwnershipResponse' });
export type TransferOwnershipResponse = z.infer<typeof TransferOwnershipResponse>;

export const SetPlanRequest = z.object({ plan: PlanId }).meta({ id: 'SetPlanRequest' });
export type SetPlanRequest = z.infer<typeof SetPlanRequest>;
