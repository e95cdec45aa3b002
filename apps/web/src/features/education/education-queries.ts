/** Server state of the education pages, keyed per active organisation so switching never mixes them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getCatalog, getInsights, getModule, listModules, listVersions, myLearning } from '../../api/education-api.ts';
import { useSession } from '../auth/use-session.ts';

export const educationKey = ['education'] as const;

function useOrgKey() {
  return useSession().activeOrganizationId;
}

export function useModuleList() {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'modules'],
    staleTime: 0,
    queryFn: ({ signal }) => listModules(signal),
  });
}

export function useModule(id: string, asLearner = false) {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'module', id, asLearner],
    staleTime: 0,
    queryFn: ({ signal }) => getModule(id, signal, asLearner),
  });
}

export function useVersions(id: string) {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'versions', id],
    staleTime: 0,
    queryFn: ({ signal }) => listVersions(id, signal),
  });
}

export function useInsights(id: string, enabled: boolean) {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'insights', id],
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => getInsights(id, signal),
  });
}

export function useCatalog() {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'catalog'],
    staleTime: 0,
    queryFn: ({ signal }) => getCatalog(signal),
  });
}

export function useMyLearning() {
  const org = useOrgKey();
  return useQuery({
    queryKey: [...educationKey, org, 'learning'],
    staleTime: 0,
    queryFn: ({ signal }) => myLearning(signal),
  });
}

/** A change whose success refreshes every education query (they are cheap and few). */
export function useEducationMutation<A, R>(run: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: educationKey }),
  });
}
