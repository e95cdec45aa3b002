/**
 * Paths the rate limiter never counts: probes and docs stay reachable however busy a client is, and
 * probes must not touch the store. One list for the app and for the benchmark's bare baseline, which
 * sends the same `RateLimit-*` headers where the platform does.
 */
const unlimited = new Set(['/api/health', '/api/ready', '/api/openapi.json']);

export const isUnlimitedPath = (path: string): boolean =>
  unlimited.has(path) || path === '/api/docs' || path.startsWith('/api/docs/');
