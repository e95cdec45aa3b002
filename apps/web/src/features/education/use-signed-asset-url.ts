/**
 * Uploaded files are served through `GET /api/education/modules/{id}/asset?key=…`, which needs the
 * bearer token that an <img>, <video> or <iframe> cannot send. This hook asks that route for the
 * short-lived signed URL (`format=json`) and returns it for use as the element's source; other URLs
 * pass through unchanged. Signed URLs live 15 minutes, so they are refetched after 10.
 */
import { SignedAssetLink } from '@diatonic/api-schemas';
import { useQuery } from '@tanstack/react-query';
import { apiAuthed } from '../../api/authed-request.ts';
import type { ApiPath } from '../../api/client.ts';

const assetRoute = /^\/api\/education\/modules\/[^/]+\/asset\?/;

export function useSignedAssetUrl(url: string | null | undefined): string | null {
  const needsSigning = typeof url === 'string' && assetRoute.test(url);
  const signed = useQuery({
    queryKey: ['education', 'signed-asset', url],
    enabled: needsSigning,
    staleTime: 10 * 60_000,
    refetchInterval: 10 * 60_000,
    queryFn: ({ signal }) => apiAuthed(`${url}&format=json` as ApiPath, SignedAssetLink, { signal }),
  });
  if (!url) return null;
  if (!needsSigning) return url;
  return signed.data?.url ?? null;
}
