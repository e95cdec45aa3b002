/**
 * One Hono middleware that runs several in order. Hono's `compose` makes every middleware an `async`
 * dispatch (a promise and microtask hops per layer, per request); chained here, a middleware that
 * calls `next()` synchronously hands on without either, so the `/api/*` pipeline costs one layer.
 * Each middleware keeps its contract: it may throw, await `next()`, return its promise, or answer with a
 * Response of its own instead of calling `next()`.
 */
import type { Context, Env, MiddlewareHandler, Next } from 'hono';

export function chainMiddleware<E extends Env>(middlewares: readonly MiddlewareHandler<E>[]): MiddlewareHandler<E> {
  return (c, next) => runFrom(middlewares, 0, c, next);
}

// A module function, not a closure per request: under tsx each named closure costs a `__name` call.
function runFrom<E extends Env>(
  middlewares: readonly MiddlewareHandler<E>[],
  i: number,
  c: Context<E>,
  next: Next,
): Promise<void> {
  const middleware = middlewares[i];
  if (!middleware) return next();
  let handedOn: unknown;
  const result = middleware(c, () => {
    handedOn = runFrom(middlewares, i + 1, c, next);
    return handedOn as Promise<void>;
  });
  // Handed straight on: nothing of its own to keep (the usual case, and no extra promise hop).
  if (result === handedOn) return result as Promise<void>;
  // A Response of its own is kept as Hono's compose keeps it, whatever the middlewares around it return.
  if (result instanceof Promise) return result.then((response) => keepResponse(c, response));
  keepResponse(c, result);
  return Promise.resolve();
}

function keepResponse(c: Context, response: unknown): void {
  if (response instanceof Response && c.finalized === false) c.res = response;
}
