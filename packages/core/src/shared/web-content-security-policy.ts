/**
 * The Content-Security-Policy the web app runs under, wherever it is hosted: the Node server sets it on
 * what it serves (apps/api/src/http/web-app.ts) and CloudFront on the deployed site
 * (apps/infra/src/constructs/web.ts). One builder, so the two cannot drift apart.
 *
 * Why: the SPA keeps its refresh token in localStorage (apps/web/src/api/session-store.ts) and shows
 * sanitised user markdown, so a script injected through any future bug would own the session. Under this
 * policy the browser runs only the app's own script files: no inline script or event-handler attribute,
 * no `eval`, no plugin, no `<base>` rewrite, no framing by other sites. The app needs no more: Vite emits
 * script and style files, React sets styles through the CSSOM (which CSP does not govern), and every API
 * call is same-origin.
 *
 * Allowed beyond the page's own origin, and why:
 * - images from any https origin: community markdown may show external images (the server's sanitiser
 *   allows http(s) `img` sources); an image cannot run code;
 * - `blobOrigins` for images, media, PDF frames and uploads: S3 presigned URLs (or a local blob store's
 *   PUBLIC_BASE_URL) point at another origin than the page's;
 * - `signInOrigins` for `fetch`: the web app exchanges the sign-in code and revokes the refresh token at
 *   the Cognito hosted UI.
 */
export interface WebContentSecurityPolicyInput {
  blobOrigins: readonly string[];
  signInOrigins: readonly string[];
}

export function webContentSecurityPolicy({ blobOrigins, signInOrigins }: WebContentSecurityPolicyInput): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'https:', ...blobOrigins],
    'media-src': ["'self'", ...blobOrigins],
    'frame-src': ["'self'", ...blobOrigins],
    'connect-src': ["'self'", ...blobOrigins, ...signInOrigins],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`)
    .join('; ');
}

/**
 * The origins of the URLs S3 presigns for a bucket on AWS: virtual-hosted (`bucket.s3.region.amazonaws.com`)
 * unless the bucket name cannot be a host name over TLS (it has dots), when the SDK falls back to path
 * style (`s3.region.amazonaws.com/bucket`). apps/api's content-security-policy.test.ts checks both against
 * URLs the S3 adapter really signs.
 */
export function s3PresignedUrlOrigins(bucket: string, region: string): string[] {
  return [`https://${bucket}.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
}
