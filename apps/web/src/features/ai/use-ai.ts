/**
 * Server state of the AI pages. Keys carry the active organisation, so switching organisation never shows
 * another organisation's models, usage or limits.
 */
import type { AiUpdateLimitsRequest } from '@diatonic/api-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getLimits, getUsage, listModels, type UsageGrouping, updateLimits } from '../../api/ai-api.ts';
import { listMembers } from '../../api/orgs-api.ts';
import { useSession } from '../auth/use-session.ts';

export const aiKey = (orgId: string | null) => ['ai', orgId] as const;
const modelsKey = (orgId: string | null) => [...aiKey(orgId), 'models'] as const;
const usageKey = (orgId: string | null) => [...aiKey(orgId), 'usage'] as const;
const limitsKey = (orgId: string | null) => [...aiKey(orgId), 'limits'] as const;

export function useModels() {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: modelsKey(activeOrganizationId),
    queryFn: ({ signal }) => listModels(signal),
  });
}

export function useUsage(range: { from: string; to: string }, groupBy: UsageGrouping, enabled: boolean) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: [...usageKey(activeOrganizationId), range.from, range.to, groupBy],
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => getUsage(range.from, range.to, groupBy, signal),
  });
}

export function useLimits(enabled: boolean) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: limitsKey(activeOrganizationId),
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => getLimits(signal),
  });
}

export function useUpdateLimits() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: (input: AiUpdateLimitsRequest) => updateLimits(input),
    onSuccess: (limits) => {
      queryClient.setQueryData(limitsKey(activeOrganizationId), limits);
      // The budget line of the usage report follows the limits.
      return queryClient.invalidateQueries({ queryKey: usageKey(activeOrganizationId) });
    },
  });
}

/** Names for the usage-by-user table: the first page of members (user ids the page cannot name stay ids). */
export function useMemberNames(orgId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['orgs', orgId, 'members', 'names'],
    enabled: enabled && orgId !== null,
    queryFn: async ({ signal }) => {
      const page = await listMembers(orgId ?? '', null, signal);
      return new Map(page.items.map((member) => [member.userId, member.name ?? member.email ?? 'Deleted account']));
    },
  });
}

/** After a completion: the usage pages are out of date. */
export function useInvalidateUsage() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return () => queryClient.invalidateQueries({ queryKey: usageKey(activeOrganizationId) });
}
