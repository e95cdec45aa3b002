/**
 * The `next` parameter of /login and /signup: where to go after signing in. Only paths of this app are
 * accepted (`/…`, not `//host` or `/\host`, which browsers treat as other sites), so a crafted link cannot
 * send a freshly signed-in user elsewhere.
 */
export function safeNextPath(value: string | null, fallback = '/'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

export function withNext(path: '/login' | '/signup', next: string | null): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}
