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
  mode: 'throughput' | 'overhead' | 'absolute';
  platform: { rounds: LoadResult[]; medianRequestsPerSecond: number; latency: LatencySummary | null };
  baseline: { rounds: LoadResult[]; medianRequestsPerSecond: number; latency: LatencySummary | null };
  /** Throughput scenarios only. */
  ratio?: number;
  /**
   * Paced rounds at half the platform's capacity, platform and baseline alternating. The judged p99 is
   * the median of the rounds' p99s, as throughput is the median of its rounds: one 5 s window that meets
   * a hiccup of the shared machine (both servers showed 140–800 ms ones, the bare server included) does
   * not decide the verdict alone. Every round stays in the record and in the log.
   */
  halfCapacity?: {
    rate: number;
    platform: LoadResult[];
    baseline: LoadResult[];
    platformP99Ms: number;
    baselineP99Ms: number;
  };
  /** Overhead scenarios only: the fixed rate, the target and the p95 the platform added. */
  overhead?: {
    rate: number;
    maxAddedP95Ms: number;
    addedP95Ms: number;
    /** Median over the rounds of each server's CPU time per answered request (from /proc); not judged. */
    cpuMsPerRequest?: { platform: number | null; baseline: number | null };
  };
  /** Absolute scenarios only (no baseline): the targets, the probe's figures at its rate and under load. */
  absolute?: {
    minRequestsPerSecond: number;
    probeName: string;
    probeRate: number;
    maxProbeP95Ms: number;
    probe: ProbeFigures;
    underLoad: ProbeFigures | null;
    /**
     * Median over the rounds of the platform's CPU time per answered request (from /proc): on a
     * shared machine, 1000 / this is the capacity of one free core, which req/s alone cannot show.
     */
    cpuMsPerRequest: number | null;
  };
  pass: boolean;
  failures: string[];
}

type ThroughputInput = Omit<ScenarioReport, 'pass' | 'failures' | 'mode' | 'overhead'> & {
  ratio: number;
  halfCapacity: NonNullable<ScenarioReport['halfCapacity']>;
};

function failedRequests(runs: LoadResult[]): number {
  return runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
}

export function judgeOverhead(
  report: Pick<ScenarioReport, 'name' | 'platform' | 'baseline'> & {
    overhead: Omit<NonNullable<ScenarioReport['overhead']>, 'addedP95Ms'>;
  },
): ScenarioReport {
  const failures: string[] = [];
  const platformP95 = report.platform.latency?.p95Ms ?? Number.POSITIVE_INFINITY;
  const baselineP95 = report.baseline.latency?.p95Ms ?? 0;
  const addedP95Ms = Math.round((platformP95 - baselineP95) * 100) / 100;
  if (addedP95Ms > report.overhead.maxAddedP95Ms) {
    failures.push(`p95 added ${addedP95Ms} ms > ${report.overhead.maxAddedP95Ms} ms`);
  }
  const bad = failedRequests([...report.platform.rounds, ...report.baseline.rounds]);
  if (bad > 0) failures.push(`${bad} non-2xx responses or socket errors`);
  return {
    ...report,
    mode: 'overhead',
    overhead: { ...report.overhead, addedP95Ms },
    pass: failures.length === 0,
    failures,
  };
}

/** What a scenario's probe reads back after its load (the workbench: step overhead from the runs). */
export interface ProbeFigures {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  [figure: string]: number;
}

export function judgeAbsolute(
  report: Pick<ScenarioReport, 'name' | 'platform'> & { absolute: NonNullable<ScenarioReport['absolute']> },
): ScenarioReport {
  const failures: string[] = [];
  const { absolute } = report;
  if (report.platform.medianRequestsPerSecond < absolute.minRequestsPerSecond) {
    failures.push(`${report.platform.medianRequestsPerSecond} req/s < ${absolute.minRequestsPerSecond}`);
  }
  if (absolute.probe.samples === 0) failures.push(`no ${absolute.probeName} samples`);
  else if (!(absolute.probe.p95Ms <= absolute.maxProbeP95Ms)) {
    failures.push(`${absolute.probeName} p95 ${absolute.probe.p95Ms} ms > ${absolute.maxProbeP95Ms} ms`);
  }
  if ((absolute.probe.notCompleted ?? 0) > 0)
    failures.push(`${absolute.probe.notCompleted} probed runs did not complete`);
  const bad = failedRequests(report.platform.rounds);
  if (bad > 0) failures.push(`${bad} non-2xx responses or socket errors`);
  return {
    ...report,
    baseline: { rounds: [], medianRequestsPerSecond: 0, latency: null },
    mode: 'absolute',
    pass: failures.length === 0,
    failures,
  };
}

export function judge(report: ThroughputInput): ScenarioReport {
  const failures: string[] = [];
  if (report.ratio < targets.minRatio) failures.push(`ratio ${report.ratio.toFixed(2)} < ${targets.minRatio}`);
  const p99 = report.halfCapacity.platformP99Ms;
  if (p99 > targets.maxP99AtHalfCapacityMs) {
    failures.push(`p99 at half capacity ${p99} ms > ${targets.maxP99AtHalfCapacityMs} ms`);
  }
  const runs = [
    ...report.platform.rounds,
    ...report.baseline.rounds,
    ...report.halfCapacity.platform,
    ...report.halfCapacity.baseline,
  ];
  const bad = failedRequests(runs);
  // A run with failed requests measured something else (429s, crashes), so its numbers do not count.
  if (bad > 0) failures.push(`${bad} non-2xx responses or socket errors`);
  return { ...report, mode: 'throughput', pass: failures.length === 0, failures };
}

export function formatTable(reports: readonly ScenarioReport[]): string {
  const header = [
    'route',
    'platform req/s',
    'bare req/s',
    'ratio',
    'p50/p95/p99 ms',
    'p99 @ ½ cap | p95 added',
    'result',
  ];
  const latency = (summary: ScenarioReport['platform']['latency']) =>
    summary ? `${summary.p50Ms}/${summary.p95Ms}/${summary.p99Ms}` : '-';
  const rows = reports.map((r) => [
    r.name,
    String(r.platform.medianRequestsPerSecond),
    r.mode === 'absolute'
      ? `- (target ${r.absolute?.minRequestsPerSecond})`
      : String(r.baseline.medianRequestsPerSecond),
    r.ratio === undefined ? '-' : r.ratio.toFixed(2),
    latency(r.platform.latency),
    r.overhead
      ? `+${r.overhead.addedP95Ms} ms p95 @ ${r.overhead.rate}/s (bare ${r.baseline.latency?.p95Ms ?? '-'})` +
        (r.overhead.cpuMsPerRequest
          ? `; CPU ms/req ${r.overhead.cpuMsPerRequest.platform ?? '-'} vs bare ${r.overhead.cpuMsPerRequest.baseline ?? '-'}`
          : '')
      : r.absolute
        ? `${r.absolute.probeName} p95 ${r.absolute.probe.p95Ms} ms @ ${r.absolute.probeRate}/s` +
          (r.absolute.underLoad ? ` (${r.absolute.underLoad.p95Ms} ms under load)` : '') +
          (r.absolute.cpuMsPerRequest === null
            ? ''
            : `; ${r.absolute.cpuMsPerRequest} CPU ms/req ≈ ${Math.round(1000 / r.absolute.cpuMsPerRequest)}/s per free core`)
        : r.halfCapacity
          ? `${r.halfCapacity.platformP99Ms} ms @ ${r.halfCapacity.rate}/s (rounds ${r.halfCapacity.platform.map((round) => round.correctedP99Ms).join(', ')}; bare ${r.halfCapacity.baselineP99Ms})`
          : '-',
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
