/**
 * Server state of the workbench pages. Keys carry the active organisation, so switching organisation
 * never shows another organisation's agents or runs.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createAgent,
  deleteAgent,
  getAgent,
  getRun,
  listAgentRuns,
  listAgents,
  runEnded,
} from '../../api/workbench-api.ts';
import { useSession } from '../auth/use-session.ts';

export const workbenchKey = (orgId: string | null) => ['workbench', orgId] as const;
const agentsKey = (orgId: string | null) => [...workbenchKey(orgId), 'agents'] as const;
export const agentKey = (orgId: string | null, agentId: string) => [...agentsKey(orgId), agentId] as const;
export const agentRunsKey = (orgId: string | null, agentId: string) =>
  [...workbenchKey(orgId), 'runs-of', agentId] as const;
export const runKey = (orgId: string | null, runId: string) => [...workbenchKey(orgId), 'run', runId] as const;

export function useAgents() {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: agentsKey(activeOrganizationId),
    staleTime: 0,
    queryFn: ({ signal }) => listAgents(null, signal),
  });
}

export function useAgent(agentId: string) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: agentKey(activeOrganizationId, agentId),
    staleTime: Number.POSITIVE_INFINITY,
    // The builder holds the edits; a refetch must not replace them behind the user's back.
    refetchOnWindowFocus: false,
    queryFn: ({ signal }) => getAgent(agentId, signal),
  });
}

export function useAgentRuns(agentId: string) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: agentRunsKey(activeOrganizationId, agentId),
    staleTime: 0,
    queryFn: ({ signal }) => listAgentRuns(agentId, null, signal),
    // Runs still going change status: look again while any is queued or running.
    refetchInterval: (query) => (query.state.data?.items.some((run) => !runEnded(run.status)) ? 2_000 : false),
  });
}

/** A run, polled while it has not ended. */
export function useRun(runId: string | null) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: runKey(activeOrganizationId, runId ?? ''),
    enabled: runId !== null,
    staleTime: 0,
    queryFn: ({ signal }) => getRun(runId ?? '', signal),
    refetchInterval: (query) => (query.state.data && runEnded(query.state.data.status) ? false : 700),
  });
}

export function useCreateAgent() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) => createAgent(input),
    onSuccess: (agent) => {
      queryClient.setQueryData(agentKey(activeOrganizationId, agent.id), agent);
      return queryClient.invalidateQueries({ queryKey: agentsKey(activeOrganizationId) });
    },
  });
}

export function useDeleteAgent() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: (agentId: string) => deleteAgent(agentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKey(activeOrganizationId) }),
  });
}

export function useInvalidateAgents() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return () => queryClient.invalidateQueries({ queryKey: agentsKey(activeOrganizationId), exact: true });
}
