/** Invitations: created by admins and owners, accepted by the invited address with the one-time token. */
import { z } from 'zod';
import { pageOf } from '../page.ts';
import { OrgParams } from './organizations.ts';
import { OrgRole, resourceId } from './roles.ts';

export const Invitation = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    email: z.string(),
    role: OrgRole,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof Invitation>;

export const InvitationPage = pageOf(Invitation).meta({ id: 'InvitationPage' });
export type InvitationPage = z.infer<typeof InvitationPage>;

export const CreateInvitationRequest = z
  .object({ email: z.string().min(1).max(320), role: OrgRole })
  .meta({ id: 'CreateInvitationRequest' });
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

export const CreateInvitationResponse = z
  .object({
    invitation: Invitation,
    /** Shown once (only its hash is stored): hand it to the invitee. */
    token: z.string(),
    /** The web app page that accepts it: `/invitations/accept?token=…`. */
    acceptPath: z.string(),
  })
  .meta({ id: 'CreateInvitationResponse' });
export type CreateInvitationResponse = z.infer<typeof CreateInvitationResponse>;

export const InvitationParams = OrgParams.extend({
  invitationId: resourceId,
});

export const AcceptInvitationRequest = z
  .object({ token: z.string().min(1).max(512) })
  .meta({ id: 'AcceptInvitationRequest' });
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const AcceptInvitationResponse = z
  .object({ organizationId: z.string(), role: OrgRole })
  .meta({ id: 'AcceptInvitationResponse' });
export type AcceptInvitationResponse = z.infer<typeof AcceptInvitationResponse>;
