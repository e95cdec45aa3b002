/** Organisations, members, invitations and the audit log (organisation-scoped routes take the id in the path). */
import {
  AcceptInvitationResponse,
  AuditPage,
  type CreateInvitationRequest,
  CreateInvitationResponse,
  type DeleteOrganizationRequest,
  InvitationPage,
  Member,
  MemberPage,
  Organization,
  OrganizationDeletion,
  type OrgRole,
} from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';
import { noContent } from './client.ts';

const orgPath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}` as const;

export function createOrganization(name: string): Promise<Organization> {
  return apiAuthed('/api/orgs', Organization, { method: 'POST', body: { name } });
}

export function renameOrganization(orgId: string, name: string): Promise<Organization> {
  return apiAuthed(orgPath(orgId), Organization, { method: 'PATCH', body: { name }, organizationId: orgId });
}

/** Deletes the organisation for every member; the server purges its content in the background. */
export function deleteOrganization(orgId: string, input: DeleteOrganizationRequest): Promise<OrganizationDeletion> {
  return apiAuthed(orgPath(orgId), OrganizationDeletion, { method: 'DELETE', body: input, organizationId: null });
}

/** Adds the opaque cursor of the page to fetch, if any. */
const withCursor = (path: string, cursor: string | null) =>
  (cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path) as `/api/${string}`;

export function listMembers(orgId: string, cursor: string | null, signal?: AbortSignal): Promise<MemberPage> {
  return apiAuthed(withCursor(`${orgPath(orgId)}/members`, cursor), MemberPage, { organizationId: orgId, signal });
}

export function changeMemberRole(orgId: string, userId: string, role: OrgRole): Promise<Member> {
  return apiAuthed(`${orgPath(orgId)}/members/${encodeURIComponent(userId)}`, Member, {
    method: 'PATCH',
    body: { role },
    organizationId: orgId,
  });
}

export function removeMember(orgId: string, userId: string): Promise<void> {
  return apiAuthed(`${orgPath(orgId)}/members/${encodeURIComponent(userId)}`, noContent, {
    method: 'DELETE',
    organizationId: orgId,
  });
}

export function listInvitations(orgId: string, cursor: string | null, signal?: AbortSignal): Promise<InvitationPage> {
  const path = withCursor(`${orgPath(orgId)}/invitations`, cursor);
  return apiAuthed(path, InvitationPage, { organizationId: orgId, signal });
}

export function createInvitation(orgId: string, input: CreateInvitationRequest): Promise<CreateInvitationResponse> {
  return apiAuthed(`${orgPath(orgId)}/invitations`, CreateInvitationResponse, {
    method: 'POST',
    body: input,
    organizationId: orgId,
  });
}

export function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  return apiAuthed(`${orgPath(orgId)}/invitations/${encodeURIComponent(invitationId)}`, noContent, {
    method: 'DELETE',
    organizationId: orgId,
  });
}

/** Accepting needs no active organisation: the invitation says which one. */
export function acceptInvitation(token: string): Promise<AcceptInvitationResponse> {
  return apiAuthed('/api/invitations/accept', AcceptInvitationResponse, {
    method: 'POST',
    body: { token },
    organizationId: null,
  });
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
}

/** One page of the audit log, newest first, optionally for one actor and/or one action. */
export function listAudit(
  orgId: string,
  filter: AuditFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<AuditPage> {
  const query = new URLSearchParams();
  if (filter.actorId) query.set('actorId', filter.actorId);
  if (filter.action) query.set('action', filter.action);
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return apiAuthed(`${orgPath(orgId)}/audit${search ? `?${search}` : ''}`, AuditPage, {
    organizationId: orgId,
    signal,
  });
}
