/** Server state of the members and audit pages: members, pending invitations, the changes made there, the audit log. */
import type { AuditPage, InvitationPage, MemberPage, OrgRole } from '@diatonic/api-schemas';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type AuditFilter,
  changeMemberRole,
  createInvitation,
  listAudit,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from '../../api/orgs-api.ts';
import { allMeKey, auditKey, invitationsKey, membersKey } from '../auth/me-query.ts';

/** Pages of members; `fetchNextPage` follows the cursor. Refetched whenever the page mounts. */
export function useMembers(orgId: string) {
  return useInfiniteQuery({
    queryKey: membersKey(orgId),
    staleTime: 0,
    initialPageParam: null as string | null,
    getNextPageParam: (page: MemberPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listMembers(orgId, pageParam, signal),
  });
}

export function useInvitations(orgId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: invitationsKey(orgId),
    enabled,
    staleTime: 0,
    initialPageParam: null as string | null,
    getNextPageParam: (page: InvitationPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listInvitations(orgId, pageParam, signal),
  });
}

export function useChangeRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: OrgRole }) => changeMemberRole(orgId, userId, role),
    // My own role may have changed too (an owner demoting themself), and with it my permissions.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: allMeKey }),
      ]),
  });
}

export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(orgId, userId),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: allMeKey }),
      ]),
  });
}

export function useInvite(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: OrgRole }) => createInvitation(orgId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}

export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(orgId, invitationId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}

/** Pages of the audit log for one filter; each filter is its own list. Refetched whenever the page mounts. */
export function useAuditLog(orgId: string, filter: AuditFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: auditKey(orgId, filter),
    enabled,
    staleTime: 0,
    initialPageParam: null as string | null,
    getNextPageParam: (page: AuditPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listAudit(orgId, filter, pageParam, signal),
  });
}
