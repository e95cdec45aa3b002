/**
 * An open-loop load at a fixed arrival rate with evenly spaced requests, for the half-capacity p99.
 *
 * autocannon's `overallRate` gives each connection its share of the second and lets it send that share
 * back to back at the start of every second: at half capacity the server is saturated for half of each
 * second and every percentile above the median measures that queue (the bare server failed the 25 ms
 * target the same way). Here request i is due at start + i / rate; a 1 ms tick sends whatever is due,
 * over a keep-alive pool, and each latency is measured from the time the request was DUE, not sent, so
 * a server that falls behind is charged for the wait (no coordinated omission). The client is
 * raw-http-pool.ts: node:http's own was slower than the servers it measured.
 */
import { createLatencyRecorder } from './latency-recorder.ts';
import type { LoadResult } from './load.ts';
import { createRawHttpPool } from './raw-http-pool.ts';
import type { BenchScenario } from './scenarios.ts';

export interface PacedLoadOptions {
  baseUrl: string;
  scenario: BenchScenario;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationSeconds: number;
  /** Sockets at most; requests due while all are busy wait (and that wait counts). */
  connections: number;
  headers: Record<string, string>;
}

const tickMs = 1;
const requestTimeoutMs = 10_000;

export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const { baseUrl, scenario, rate, durationSeconds, connections, headers } = options;
  const pool = createRawHttpPool(baseUrl, connections, requestTimeoutMs);
  const recorder = createLatencyRecorder();
  const total = Math.round(rate * durationSeconds);
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let generatorMaxGapMs = 0;
  let firstError: string | undefined;
  let slowest = { latencyMs: 0, dueAtEpochMs: 0 };
  const epochOffsetMs = Date.now() - performance.now();

  await new Promise<void>((resolve) => {
    const startMs = performance.now();
    const finishOne = () => {
      settled++;
      if (settled === total) resolve();
    };
    const send = (dueMs: number) => {
      const body = scenario.body?.();
      const path = scenario.requestPath ? scenario.requestPath() : scenario.path;
      pool.request(scenario.method, path, headers, body).then(
        ({ status }) => {
          if (status < 200 || status >= 300) non2xx++;
          const latencyMs = performance.now() - dueMs;
          recorder.record(latencyMs);
          if (latencyMs > slowest.latencyMs) slowest = { latencyMs, dueAtEpochMs: Math.round(epochOffsetMs + dueMs) };
          finishOne();
        },
        (error: Error) => {
          if (error.message === 'timeout') timeouts++;
          else {
            errors++;
            firstError ??= error.message;
          }
          finishOne();
        },
      );
    };
    let lastTickMs = performance.now();
    const tick = () => {
      const nowMs = performance.now();
      generatorMaxGapMs = Math.max(generatorMaxGapMs, nowMs - lastTickMs);
      lastTickMs = nowMs;
      const elapsedMs = nowMs - startMs;
      const due = Math.min(total, Math.floor((elapsedMs / 1000) * rate) + 1);
      while (sent < due) {
        send(startMs + (sent / rate) * 1000);
        sent++;
      }
      if (sent < total) setTimeout(tick, tickMs);
    };
    tick();
  });
  pool.close();
  const latency = recorder.summary();
  return {
    requestsPerSecond: Math.round(total / durationSeconds),
    latency,
    correctedP99Ms: latency?.p99Ms ?? 0,
    requests: total,
    non2xx,
    errors,
    timeouts,
    generatorMaxGapMs: Math.round(generatorMaxGapMs * 10) / 10,
    ...(firstError === undefined ? {} : { firstError }),
    slowest: { latencyMs: Math.round(slowest.latencyMs * 10) / 10, dueAtEpochMs: slowest.dueAtEpochMs },
  };
}
