/** One bounded autocannon run against one server for one scenario, as fast as the server answers. */
import autocannon from 'autocannon';
import { createLatencyRecorder, type LatencySummary } from './latency-recorder.ts';
import type { BenchScenario } from './scenarios.ts';

export interface LoadOptions {
  baseUrl: string;
  scenario: BenchScenario;
  connections: number;
  durationSeconds: number;
  /** Every request's headers (the scenario's, its name for the baseline, the session's). */
  headers: Record<string, string>;
}

export interface LoadResult {
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  /** Measured from every response (no coordinated-omission correction). */
  latency: LatencySummary | null;
  /** The p99 corrected for coordinated omission: autocannon's, or paced-load's (measured from each request's due time). */
  correctedP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * Paced load only: the longest gap between two ticks of the load generator's own 1 ms timer. A gap of
   * tens of ms means the generator itself stalled (its GC, the machine), and every request due in it
   * was charged the wait: read the round's p99 with that in mind.
   */
  generatorMaxGapMs?: number;
  /** Paced load only: the slowest request, and when it was due (epoch ms), to line it up with server logs. */
  slowest?: { latencyMs: number; dueAtEpochMs: number };
  /** Paced load only: the message of the first socket error, when there was one. */
  firstError?: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { baseUrl, scenario, connections, durationSeconds, headers } = options;
  const recorder = createLatencyRecorder();
  const makeBody = scenario.body;
  const makePath = scenario.requestPath;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: durationSeconds,
        requests: [
          {
            method: scenario.method,
            path: scenario.path,
            headers,
            ...(makeBody || makePath
              ? {
                  setupRequest: (request) => ({
                    ...request,
                    ...(makeBody ? { body: makeBody() } : {}),
                    ...(makePath ? { path: makePath() } : {}),
                  }),
                }
              : {}),
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => recorder.record(responseTimeMs));
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latency: recorder.summary(),
    correctedP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
