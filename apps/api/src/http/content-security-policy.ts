/**
 * The web app's Content-Security-Policy for this configuration: core's policy (see
 * web-content-security-policy.ts there for what it allows and why) with the origins the browser must
 * reach besides the page's own, read from where blobs live and who signs users in.
 */
import { s3PresignedUrlOrigins, webContentSecurityPolicy } from '@diatonic/core';
import type { AuthConfig, BlobsConfig } from '../config.ts';

export function webContentSecurityPolicyFor({ blobs, auth }: { blobs: BlobsConfig; auth: AuthConfig }): string {
  return webContentSecurityPolicy({
    blobOrigins: blobStoreOrigins(blobs),
    signInOrigins: auth.mode === 'cognito' && auth.hostedUi ? [auth.hostedUi.domain] : [],
  });
}

/** Where the browser reads and uploads blobs, when that is not the page's own origin. */
export function blobStoreOrigins(blobs: BlobsConfig): string[] {
  if (blobs.kind === 'local') return blobs.publicBaseUrl ? [new URL(blobs.publicBaseUrl).origin] : [];
  // A custom endpoint (MinIO, s3rver): the adapter signs path-style URLs on it.
  if (blobs.endpoint) return [new URL(blobs.endpoint).origin];
  return s3PresignedUrlOrigins(blobs.bucket, blobs.region);
}
