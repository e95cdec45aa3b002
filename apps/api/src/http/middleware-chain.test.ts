import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { chainMiddleware } from './middleware-chain.ts';

type Trace = { trace: string[] };

/** A middleware that notes its name before and after the rest of the chain. */
const noting =
  (name: string): MiddlewareHandler<{ Variables: Trace }> =>
  async (c, next) => {
    c.get('trace').push(`${name} in`);
    await next();
    c.get('trace').push(`${name} out`);
  };

function appWith(middlewares: MiddlewareHandler<{ Variables: Trace }>[], trace: string[]) {
  const app = new Hono<{ Variables: Trace }>();
  app.use('*', (c, next) => {
    c.set('trace', trace);
    return next();
  });
  app.use('*', chainMiddleware(middlewares));
  app.get('/x', (c) => {
    trace.push('handler');
    return c.json({ ok: true });
  });
  app.onError((error, c) => c.json({ error: error.message }, 418));
  return app;
}

describe('chainMiddleware', () => {
  it('runs the middlewares in order around the handler, as separate app.use calls would', async () => {
    const trace: string[] = [];
    const response = await appWith([noting('a'), noting('b')], trace).request('/x');
    expect(response.status).toBe(200);
    expect(trace).toEqual(['a in', 'b in', 'handler', 'b out', 'a out']);
  });

  it('hands on synchronously when a middleware returns next() itself', async () => {
    const trace: string[] = [];
    const passThrough: MiddlewareHandler<{ Variables: Trace }> = (c, next) => {
      c.get('trace').push('sync');
      return next();
    };
    const response = await appWith([passThrough, noting('b')], trace).request('/x');
    expect(response.status).toBe(200);
    expect(trace).toEqual(['sync', 'b in', 'handler', 'b out']);
  });

  it('stops at a middleware that answers without calling next()', async () => {
    const trace: string[] = [];
    const answering: MiddlewareHandler<{ Variables: Trace }> = async (c) => c.json({ stopped: true }, 202);
    const response = await appWith([noting('a'), answering, noting('never')], trace).request('/x');
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ stopped: true });
    expect(trace).toEqual(['a in', 'a out']);
  });

  it('hands a thrown error (sync or async) to the error handler, and the rest never runs', async () => {
    for (const thrower of [
      (() => {
        throw new Error('sync');
      }) as MiddlewareHandler<{ Variables: Trace }>,
      (async () => {
        throw new Error('async');
      }) as MiddlewareHandler<{ Variables: Trace }>,
    ]) {
      const trace: string[] = [];
      const response = await appWith([thrower, noting('never')], trace).request('/x');
      expect(response.status).toBe(418);
      expect(trace).toEqual([]);
    }
  });

  it('lets a middleware see the response of a handler that failed', async () => {
    const trace: string[] = [];
    const app = new Hono<{ Variables: Trace }>();
    app.use(
      '*',
      chainMiddleware<{ Variables: Trace }>([
        async (c, next) => {
          await next();
          trace.push(`after: ${c.res.status}`);
        },
      ]),
    );
    app.get('/x', () => {
      throw new Error('handler failed');
    });
    app.onError((error, c) => c.json({ error: error.message }, 500));
    const response = await app.request('/x');
    expect(response.status).toBe(500);
    expect(trace).toEqual(['after: 500']);
  });
});
