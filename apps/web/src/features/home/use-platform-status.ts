/** Server state of the home page: liveness (`GET /api/health`) and the platform record (`GET /api/platform`). */
import { HealthResponse, PlatformResponse } from '@diatonic/api-schemas';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client.ts';

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => apiGet('/api/health', HealthResponse, signal),
  });
}

export function usePlatform() {
  return useQuery({
    queryKey: ['platform'],
    queryFn: ({ signal }) => apiGet('/api/platform', PlatformResponse, signal),
  });
}
