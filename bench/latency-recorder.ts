/**
 * Collects every response time of a load run (autocannon's `response` event) so p50/p95/p99 come from
 * all samples; autocannon's own summary has no p95. Growing typed array: no per-sample allocation.
 */
import { percentileOfSorted } from './stats.ts';

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

export function createLatencyRecorder() {
  let values = new Float64Array(1 << 16);
  let count = 0;
  return {
    record(ms: number): void {
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = ms;
    },
    summary(): LatencySummary | null {
      if (count === 0) return null;
      const sorted = values.slice(0, count).sort();
      const at = (p: number) => round(percentileOfSorted(sorted, p));
      return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: round(sorted[count - 1]!), samples: count };
    },
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
