/** Organisations, members and invitations (all organisation-scoped routes take the id in the path). */
import {
  AcceptInvitationResponse,
  type CreateInvitationRequest,
  CreateInvitationResponse,
  InvitationPage,
  Member,
  MemberPage,
  Organization,
  type OrgRole,
} from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';
import { noContent } from './client.ts';

const orgPath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}` as const;

export function createOrganization(name: string): Promise<Organization> {
  return apiAuthed('/api/orgs', Organization, { method: 'POST', body: { name } });
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
