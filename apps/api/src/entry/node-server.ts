/**
 * The Node server: API + built web app on one port, with the queue workers in process. Shutdown on
 * SIGTERM/SIGINT is graceful: stop accepting, let in-flight requests finish (up to
 * SHUTDOWN_TIMEOUT_MS), stop the workers, close the database. Run directly, it migrates and serves;
 * `diatonic start` (cli.ts) also seeds first.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { warmMarkdown, warmProfanity, warmTokenizer } from '@diatonic/core';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { buildDeps, type Deps } from '../deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { FramedServerResponse } from '../http/framed-response.ts';
import { jobHandlers } from '../job-handlers.ts';
import { periodicJobs } from '../periodic-jobs.ts';
import { startPeriodicJobs } from './periodic-jobs.ts';

export interface RunningServer {
  url: string;
  /** Graceful stop; resolves once requests, workers and the database are done. Safe to call twice. */
  close(): Promise<void>;
}

export async function startNodeServer(deps: Deps, givenApp?: Pick<Hono<AppEnv>, 'fetch'>): Promise<RunningServer> {
  const app = givenApp ?? (await createApp(deps, { webDistDir: deps.config.web.distDir }));
  const { config, logger } = deps;
  // Loading the tokenizer's ranks takes about a second; pay it at start (`npm start` and the entry
  // alike), not in the first AI call. Markdown rendering and the profanity list load lazily (an API
  // Lambda's cold start skips them); a long-running server loads them here, so no first post waits.
  await Promise.all([warmTokenizer(), warmMarkdown(), warmProfanity()]);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.server.port,
        hostname: config.server.host,
        serverOptions: { ServerResponse: FramedServerResponse },
      },
      () => resolve(s as Server),
    );
    // Listen failures (port taken, no permission) arrive as an 'error' event, not a throw.
    s.once('error', reject);
  });
  const workers = deps.startWorkers(jobHandlers(deps));
  const periodic = startPeriodicJobs(deps, periodicJobs(deps));
  const { port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::'].includes(config.server.host) ? 'localhost' : config.server.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info({}, 'shutting down: finishing in-flight requests');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn({ timeoutMs: config.server.shutdownTimeoutMs }, 'shutdown timeout: closing open connections');
          server.closeAllConnections();
        }, config.server.shutdownTimeoutMs);
        // Keep-alive sockets become idle once their request is answered; close them as they do.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      periodic.stop();
      await workers.stop();
      await deps.close();
      logger.info({}, 'shutdown complete');
    })());
  return { url, close };
}

/** First SIGTERM/SIGINT: graceful close then exit; a second one exits at once. */
export function closeOnSignals(running: RunningServer, deps: Pick<Deps, 'logger'>): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    deps.logger.info({ signal }, 'signal received');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const deps = await buildDeps(loadConfig());
  await deps.migrate();
  const running = await startNodeServer(deps);
  closeOnSignals(running, deps);
  deps.logger.info({ url: running.url }, 'listening');
}
