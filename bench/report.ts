/** Verdicts against the targets, the printed table and the JSON record of a benchmark run. */
import type { LatencySummary } from './latency-recorder.ts';
import type { LoadResult } from './load.ts';

export const targets = {
  /** Platform req/s divided by the bare baseline's, measured in the same run. */
  minRatio: 0.75,
  /** p99 at a fixed arrival rate of half the platform's measured capacity. */
  maxP99AtHalfCapacityMs: 25,
};

export interface ScenarioReport {
  name: string;
  platform: { rounds: LoadResult[]; medianRequestsPerSecond: number; latency: LatencySummary | null };
  baseline: { rounds: LoadResult[]; medianRequestsPerSecond: number; latency: LatencySummary | null };
  ratio: number;
  halfCapacity: { rate: number; platform: LoadResult; baseline: LoadResult };
  pass: boolean;
  failures: string[];
}

export function judge(report: Omit<ScenarioReport, 'pass' | 'failures'>): ScenarioReport {
  const failures: string[] = [];
  if (report.ratio < targets.minRatio) failures.push(`ratio ${report.ratio.toFixed(2)} < ${targets.minRatio}`);
  const p99 = report.halfCapacity.platform.correctedP99Ms;
  if (p99 > targets.maxP99AtHalfCapacityMs) {
    failures.push(`p99 at half capacity ${p99} ms > ${targets.maxP99AtHalfCapacityMs} ms`);
  }
  const runs = [
    ...report.platform.rounds,
    ...report.baseline.rounds,
    report.halfCapacity.platform,
    report.halfCapacity.baseline,
  ];
  const bad = runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
  // A run with failed requests measured something else (429s, crashes), so its numbers do not count.
  if (bad > 0) failures.push(`${bad} non-2xx responses or socket errors`);
  return { ...report, pass: failures.length === 0, failures };
}

export function formatTable(reports: readonly ScenarioReport[]): string {
  const header = ['route', 'platform req/s', 'bare req/s', 'ratio', 'p50/p95/p99 ms', 'p99 @ ½ cap', 'result'];
  const rows = reports.map((r) => [
    r.name,
    String(r.platform.medianRequestsPerSecond),
    String(r.baseline.medianRequestsPerSecond),
    r.ratio.toFixed(2),
    r.platform.latency ? `${r.platform.latency.p50Ms}/${r.platform.latency.p95Ms}/${r.platform.latency.p99Ms}` : '-',
    `${r.halfCapacity.platform.correctedP99Ms} ms @ ${r.halfCapacity.rate}/s`,
    r.pass ? 'PASS' : `FAIL (${r.failures.join('; ')})`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
