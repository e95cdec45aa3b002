/**
 * `npm run bench`: the platform (real server entry, SQLite, seeded data) against a bare node:http
 * baseline doing the same work, in the same run, on the same pinned core. See bench/README.md.
 * Exits 1 when a route misses a target, so it can gate.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareCommunitySession, publishCommunitySession } from './community-session.ts';
import { raiseDemoAiCeilings, type SessionHeaders, signInDemo } from './demo-session.ts';
import { prepareEducationSession, publishEducationSession } from './education-session.ts';
import { type LoadResult, runLoad } from './load.ts';
import { runPacedLoad } from './paced-load.ts';
import { cpuTimeMs, pinLoadGenerator, type ServerProcess, startServer } from './processes.ts';
import { formatTable, judge, judgeAbsolute, judgeOverhead, type ScenarioReport, targets } from './report.ts';
import {
  type BenchScenario,
  needsCommunitySession,
  needsEducationSession,
  needsWorkbenchSession,
  scenarios,
} from './scenarios.ts';
import { createServerPair, type ServerPair } from './server-pair.ts';
import { median } from './stats.ts';
import { prepareWorkbenchSession } from './workbench-session.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    'warmup-seconds': { type: 'string', default: '2' },
    'measure-seconds': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'rate-seconds': { type: 'string', default: '10' },
    /** Runs only scenarios whose name contains this; repeat it to run several, in the usual order. */
    route: { type: 'string', multiple: true },
    'log-level': { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
    /** Writes the platform's V8 CPU profile (node --cpu-prof) into this directory when it stops. */
    'cpu-prof': { type: 'string' },
    /** Extra node flags for the platform process only, for experiments (e.g. "--trace-gc"). */
    'platform-node-flags': { type: 'string' },
    /**
     * Measures every saturation round of a ratio scenario on the same pair of processes, instead of a
     * fresh platform and baseline for each round after the first (server-pair.ts).
     */
    'same-processes': { type: 'boolean', default: false },
  },
});
const positive = (name: string, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`--${name} must be a positive whole number`);
  return number;
};
const settings = {
  connections: positive('connections', args.connections),
  warmupSeconds: positive('warmup-seconds', args['warmup-seconds']),
  measureSeconds: positive('measure-seconds', args['measure-seconds']),
  rounds: positive('rounds', args.rounds),
  rateSeconds: positive('rate-seconds', args['rate-seconds']),
  freshPairPerRound: !args['same-processes'],
};
const routes = args.route ?? [];
const selected = scenarios.filter((s) => routes.length === 0 || routes.some((route) => s.name.includes(route)));
if (selected.length === 0) throw new Error(`no scenario matches --route ${routes.join(', ')}`);

const log = (message: string) => console.log(`[bench] ${message}`);

// Both servers get these: the baseline counts and logs as the platform does (baseline-frame.ts).
const frameEnv = {
  // Raised so the benchmark measures the work (the limiter's leases included), not 429s.
  RATE_LIMIT_REQUESTS: '1000000',
  RATE_LIMIT_WINDOW_SECONDS: '1',
  LOG_LEVEL: args['log-level'] ?? 'info',
};

async function main(): Promise<number> {
  const pinning = pinLoadGenerator();
  log(pinning.pinned ? 'servers on core 0, load on core 1' : `not pinned: ${pinning.reason}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'diatonic-bench-'));
  const sqliteFile = join(dataDir, 'app.db');
  let pair: ServerPair | null = null;
  let platform: ServerProcess | null = null;
  try {
    const startPlatform = () =>
      startServer({
        name: 'platform',
        args: [
          ...(args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : []),
          ...(args['platform-node-flags'] ? args['platform-node-flags'].split(' ').filter(Boolean) : []),
          '--import',
          'tsx',
          'apps/api/src/cli.ts',
          'start',
        ],
        env: { ...process.env, ...frameEnv, DATA_DIR: dataDir, SQLITE_FILE: sqliteFile },
        pinned: pinning.pinned,
        logFile: join(dataDir, 'platform.log'),
        cwd: repoRoot,
      });
    // Started after the sessions are prepared: it inherits them (tokens, ids) through its environment,
    // which `process.env` keeps for every later restart.
    const startBaseline = () =>
      startServer({
        name: 'baseline',
        args: ['--import', 'tsx', 'bench/baseline-server.ts'],
        env: { ...process.env, ...frameEnv, SQLITE_FILE: sqliteFile },
        pinned: pinning.pinned,
        logFile: join(dataDir, 'baseline.log'),
        cwd: repoRoot,
      });
    log(`starting the platform (DATA_DIR ${dataDir})`);
    platform = await startPlatform();
    if (selected.some(needsEducationSession)) {
      log('preparing the education data (users, published modules, an enrolment)');
      publishEducationSession(await prepareEducationSession(platform.baseUrl));
    }
    if (selected.some(needsCommunitySession)) {
      log('preparing the community data (a member and 20 posts)');
      publishCommunitySession(await prepareCommunitySession(platform.baseUrl));
    }
    log('starting the bare baseline');
    pair = createServerPair(
      { platform: startPlatform, baseline: startBaseline },
      { platform, baseline: await startBaseline() },
    );
    platform = null;
    // For the set-up below only: a restart gets a new port. The data, the signing keys (so the tokens
    // below stay valid) and the sessions all live in DATA_DIR's SQLite file, which restarts keep.
    const { baseUrl } = pair.platform;

    const needsWorkbench = selected.some(needsWorkbenchSession);
    const session = selected.some((s) => s.auth) || needsWorkbench ? await signInDemo(baseUrl) : {};
    const needsAiCeilings = selected.some((s) => s.path.startsWith('/api/ai/'));
    if (needsAiCeilings || needsWorkbench) {
      // The demo user becomes the platform admin of this throw-away installation to lift the AI
      // ceilings, or to move the demo organisation to a plan without a monthly run quota.
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'apps/api/src/cli.ts', 'create-platform-admin', '--email', 'demo@diatonic.local'],
        {
          cwd: repoRoot,
          env: { ...process.env, DATA_DIR: dataDir, SQLITE_FILE: sqliteFile },
          stdio: 'ignore',
        },
      );
      if (needsAiCeilings) await raiseDemoAiCeilings(baseUrl, session);
    }
    if (needsWorkbench) {
      log('preparing the workbench agent (enterprise plan, trigger → transform → output, published)');
      await prepareWorkbenchSession(baseUrl, session);
    }
    const reports: ScenarioReport[] = [];
    for (const scenario of selected) {
      const headers = headersFor(scenario, session);
      reports.push(
        scenario.mode === 'overhead'
          ? await benchOverhead(scenario, headers, pair.platform, pair.baseline)
          : scenario.mode === 'absolute'
            ? await benchAbsolute(scenario, headers, session, pair.platform)
            : await benchScenario(scenario, headers, pair),
      );
    }

    console.log(`\n${formatTable(reports)}\n`);
    const file = writeResults(reports, pinning.pinned);
    log(`results written to ${file}`);
    return reports.every((r) => r.pass) ? 0 : 1;
  } finally {
    await Promise.all([pair?.stop(), platform?.stop()]);
    if (args['keep-data']) log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

function headersFor(scenario: BenchScenario, session: SessionHeaders): Record<string, string> {
  return {
    ...scenario.headers,
    'x-bench-scenario': encodeURIComponent(scenario.name),
    ...(scenario.auth ? session : {}),
  };
}

/**
 * Runs one load round against `server` and reads its CPU time (from /proc) around it: the CPU ms per
 * request answered 2xx, or null where /proc is missing or nothing was answered.
 */
async function withCpuPerRequest(
  server: ServerProcess,
  run: () => Promise<LoadResult>,
): Promise<{ result: LoadResult; cpuMsPerRequest: number | null }> {
  const cpuBefore = cpuTimeMs(server.pid);
  const result = await run();
  const cpuAfter = cpuTimeMs(server.pid);
  const answered = result.requests - result.non2xx;
  const cpuMsPerRequest =
    cpuBefore === null || cpuAfter === null || answered <= 0 ? null : (cpuAfter - cpuBefore) / answered;
  return { result, cpuMsPerRequest };
}

/** The median of the rounds' CPU ms per request, to 0.01 ms; null when no round had one. */
const medianCpu = (values: number[]) => (values.length === 0 ? null : Math.round(median(values) * 100) / 100);

/**
 * Latency the platform adds to the same work at a fixed, moderate rate: interleaved rounds, the
 * median of each side's per-round p95, and the difference judged against the scenario's target.
 */
async function benchOverhead(
  scenario: BenchScenario,
  headers: Record<string, string>,
  platform: ServerProcess,
  baseline: ServerProcess,
): Promise<ScenarioReport> {
  const overhead = scenario.overhead ?? { rate: 100, maxAddedP95Ms: 2 };
  await checkSameResponse(scenario, headers, platform, baseline);
  const load = (server: ServerProcess, durationSeconds: number) =>
    runPacedLoad({
      baseUrl: server.baseUrl,
      scenario,
      headers,
      // Evenly spaced calls over one connection: each meets an idle server, so the p95 is the added
      // latency of one call, not queueing behind a burst.
      connections: 1,
      durationSeconds,
      rate: overhead.rate,
    });
  // Warm-up first as fast as each server answers on one connection, then at the measured rate. The
  // paced warm-up alone (2 s at 50/s: 100 calls) left the platform's code partly unoptimised by V8 for
  // the first rounds: measured on the same server at 50/s, p95 4.1–5.7 ms and 2.2–3.6 CPU ms a call in
  // rounds that came after 100 to 1,150 paced calls, 2.7–2.9 ms and 1.2–1.7 CPU ms once 6,000 calls had
  // run back to back. A production gateway under steady traffic runs optimised code; the target is
  // about that, not about the JIT's warm-up.
  log(`${scenario.name}: warm-up (back to back, then at ${overhead.rate}/s)`);
  for (const server of [platform, baseline]) {
    await runLoad({
      baseUrl: server.baseUrl,
      scenario,
      headers,
      connections: 1,
      durationSeconds: settings.warmupSeconds,
    });
    await load(server, settings.warmupSeconds);
  }
  const platformRounds: LoadResult[] = [];
  const baselineRounds: LoadResult[] = [];
  // CPU time per answered request, per side: on a shared machine the p95s move with the neighbours,
  // the CPU each call costs does not.
  const cpuMsPerRequest = { platform: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? (['platform', 'baseline'] as const) : (['baseline', 'platform'] as const);
    for (const side of order) {
      const server = side === 'platform' ? platform : baseline;
      const { result, cpuMsPerRequest: perRequest } = await withCpuPerRequest(server, () =>
        load(server, settings.measureSeconds),
      );
      (side === 'platform' ? platformRounds : baselineRounds).push(result);
      if (perRequest !== null) cpuMsPerRequest[side].push(perRequest);
      log(
        `${scenario.name}: round ${round + 1} ${side} p95 ${result.latency?.p95Ms ?? '-'} ms at ${overhead.rate}/s` +
          (perRequest === null ? '' : `, ${perRequest.toFixed(2)} CPU ms per request`),
      );
    }
  }
  return judgeOverhead({
    name: scenario.name,
    platform: {
      rounds: platformRounds,
      medianRequestsPerSecond: median(platformRounds.map((r) => r.requestsPerSecond)),
      latency: medianLatency(platformRounds),
    },
    baseline: {
      rounds: baselineRounds,
      medianRequestsPerSecond: median(baselineRounds.map((r) => r.requestsPerSecond)),
      latency: medianLatency(baselineRounds),
    },
    overhead: {
      ...overhead,
      cpuMsPerRequest: { platform: medianCpu(cpuMsPerRequest.platform), baseline: medianCpu(cpuMsPerRequest.baseline) },
    },
  });
}

/**
 * No baseline: req/s at saturation (interleaved with nothing, so the rounds are consecutive) judged
 * against an absolute target, then a probe phase at a fixed moderate rate on one connection whose
 * requests the scenario's probe reads back (the workbench: the engine's step overhead per step).
 */
async function benchAbsolute(
  scenario: BenchScenario,
  headers: Record<string, string>,
  session: SessionHeaders,
  platform: ServerProcess,
): Promise<ScenarioReport> {
  const absolute = scenario.absolute;
  if (!absolute || !scenario.probe) throw new Error(`${scenario.name}: an absolute scenario needs targets and a probe`);
  await checkAnswers(scenario, headers, platform);
  const load = (durationSeconds: number, connections: number) =>
    runLoad({ baseUrl: platform.baseUrl, scenario, headers, connections, durationSeconds });
  log(`${scenario.name}: warm-up`);
  await load(settings.warmupSeconds, settings.connections);
  const rounds: LoadResult[] = [];
  const cpuMsPerRequest: number[] = [];
  let underLoad: { fromMs: number; toMs: number } = { fromMs: 0, toMs: 0 };
  for (let round = 0; round < settings.rounds; round++) {
    const fromMs = Date.now();
    // Requests answered 2xx in the round (each one a completed run): the platform's CPU per request.
    const { result, cpuMsPerRequest: perRequest } = await withCpuPerRequest(platform, () =>
      load(settings.measureSeconds, settings.connections),
    );
    underLoad = { fromMs, toMs: Date.now() };
    rounds.push(result);
    if (perRequest !== null) cpuMsPerRequest.push(perRequest);
    log(
      `${scenario.name}: round ${round + 1} platform ${result.requestsPerSecond} req/s` +
        (perRequest === null ? '' : `, ${perRequest.toFixed(2)} CPU ms per request`),
    );
  }
  log(`${scenario.name}: probe at ${absolute.probeRate}/s on one connection`);
  const fromMs = Date.now();
  // Evenly spaced calls on one connection (paced-load.ts): each run meets an idle engine.
  await runPacedLoad({
    baseUrl: platform.baseUrl,
    scenario,
    headers,
    connections: 1,
    durationSeconds: settings.rateSeconds,
    rate: absolute.probeRate,
  });
  const probe = await scenario.probe(platform.baseUrl, session, { fromMs, toMs: Date.now() });
  log(`${scenario.name}: ${absolute.probeName} at ${absolute.probeRate}/s ${JSON.stringify(probe)}`);
  const loaded = await scenario.probe(platform.baseUrl, session, underLoad);
  log(`${scenario.name}: ${absolute.probeName} under load (last round) ${JSON.stringify(loaded)}`);
  return judgeAbsolute({
    name: scenario.name,
    platform: {
      rounds,
      medianRequestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
      latency: medianLatency(rounds),
    },
    absolute: {
      ...absolute,
      probe,
      underLoad: loaded,
      cpuMsPerRequest: medianCpu(cpuMsPerRequest),
    },
  });
}

/** An absolute scenario's pre-flight: one request, which must answer 200 (the run ended in time). */
async function checkAnswers(scenario: BenchScenario, headers: Record<string, string>, platform: ServerProcess) {
  const response = await fetch(`${platform.baseUrl}${scenario.path}`, {
    method: scenario.method,
    headers,
    ...(scenario.body ? { body: scenario.body() } : {}),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name}: platform answered ${response.status}: ${text}`);
}

async function benchScenario(
  scenario: BenchScenario,
  headers: Record<string, string>,
  pair: ServerPair,
): Promise<ScenarioReport> {
  await checkSameResponse(scenario, headers, pair.platform, pair.baseline);
  const load = (server: ServerProcess, durationSeconds: number) =>
    runLoad({
      baseUrl: server.baseUrl,
      scenario,
      headers,
      connections: settings.connections,
      durationSeconds,
    });

  const platformRounds: LoadResult[] = [];
  const baselineRounds: LoadResult[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    if (round > 0 && settings.freshPairPerRound) {
      await pair.restart();
      log(`${scenario.name}: fresh platform and baseline processes (pair ${pair.generation})`);
    }
    if (round === 0 || settings.freshPairPerRound) {
      log(`${scenario.name}: warm-up`);
      await load(pair.platform, settings.warmupSeconds);
      await load(pair.baseline, settings.warmupSeconds);
    }
    // Interleaved, alternating which goes first, so drift on a noisy machine hits both sides alike.
    const order = round % 2 === 0 ? (['platform', 'baseline'] as const) : (['baseline', 'platform'] as const);
    for (const side of order) {
      const result = await load(pair[side], settings.measureSeconds);
      (side === 'platform' ? platformRounds : baselineRounds).push(result);
      log(`${scenario.name}: round ${round + 1} ${side} ${result.requestsPerSecond} req/s`);
    }
  }
  const pairRatios = platformRounds.map((r, i) =>
    ratioOf(r.requestsPerSecond, baselineRounds[i]?.requestsPerSecond ?? 0),
  );
  log(`${scenario.name}: ratio per round ${pairRatios.map((ratio) => ratio.toFixed(2)).join(', ')}`);
  // The half-capacity rounds run on the last pair, warmed by the saturation rounds above.
  const { platform, baseline } = pair;

  const platformRps = median(platformRounds.map((r) => r.requestsPerSecond));
  const baselineRps = median(baselineRounds.map((r) => r.requestsPerSecond));
  const rate = Math.max(1, Math.round(platformRps / 2));
  log(`${scenario.name}: fixed rate ${rate} req/s (half of the platform's capacity)`);
  const paced = (server: ServerProcess, durationSeconds: number) =>
    runPacedLoad({
      baseUrl: server.baseUrl,
      scenario,
      headers,
      rate,
      durationSeconds,
      connections: settings.connections,
    });
  // The paced load uses node:http, not autocannon: its first seconds at thousands of requests a second
  // run on a cold client (measured: p50 2.8 s on the first run, 2 ms on the next, against the same
  // server at 52% of a core). Unwarmed, that cost fell on whichever side went first, the platform.
  log(`${scenario.name}: warm-up at ${rate} req/s`);
  await paced(platform, settings.warmupSeconds);
  await paced(baseline, settings.warmupSeconds);
  const platformAtRate: LoadResult[] = [];
  const baselineAtRate: LoadResult[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [side, server, results] of [
      ['platform', platform, platformAtRate],
      ['baseline', baseline, baselineAtRate],
    ] as const) {
      const result = await paced(server, settings.measureSeconds);
      results.push(result);
      log(
        `${scenario.name}: round ${round} ${side} at ${rate}/s p99 ${result.correctedP99Ms} ms; ` +
          `slowest ${result.slowest?.latencyMs} ms due ${new Date(result.slowest?.dueAtEpochMs ?? 0).toISOString()}; ` +
          `load generator's longest tick gap ${result.generatorMaxGapMs} ms` +
          (result.non2xx + result.errors + result.timeouts > 0
            ? `; non-2xx ${result.non2xx}, errors ${result.errors} (${result.firstError ?? '-'}), timeouts ${result.timeouts}`
            : ''),
      );
    }
  }
  const medianP99 = (results: LoadResult[]) => median(results.map((result) => result.correctedP99Ms));

  return judge({
    name: scenario.name,
    platform: { rounds: platformRounds, medianRequestsPerSecond: platformRps, latency: medianLatency(platformRounds) },
    baseline: { rounds: baselineRounds, medianRequestsPerSecond: baselineRps, latency: medianLatency(baselineRounds) },
    ratio: ratioOf(platformRps, baselineRps),
    halfCapacity: {
      rate,
      platform: platformAtRate,
      baseline: baselineAtRate,
      platformP99Ms: medianP99(platformAtRate),
      baselineP99Ms: medianP99(baselineAtRate),
    },
  });
}

/** Platform req/s over baseline req/s; 0 when the baseline answered nothing. */
const ratioOf = (platformRps: number, baselineRps: number) => (baselineRps === 0 ? 0 : platformRps / baselineRps);

/** Refuses to compare servers that do not do the same thing. */
async function checkSameResponse(
  scenario: BenchScenario,
  headers: Record<string, string>,
  platform: ServerProcess,
  baseline: ServerProcess,
) {
  const fetchOnce = async (server: ServerProcess) => {
    const response = await fetch(`${server.baseUrl}${scenario.path}`, {
      method: scenario.method,
      headers,
      ...(scenario.body ? { body: scenario.body() } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${scenario.name}: ${server.name} answered ${response.status}: ${text}`);
    return { body: JSON.parse(text) as Record<string, unknown>, headerNames: headerNamesOf(response.headers) };
  };
  const [fromPlatform, fromBaseline] = [await fetchOnce(platform), await fetchOnce(baseline)];
  const same =
    scenario.sameResponse === 'body'
      ? JSON.stringify(fromPlatform.body) === JSON.stringify(fromBaseline.body)
      : JSON.stringify(Object.keys(fromPlatform.body).sort()) === JSON.stringify(Object.keys(fromBaseline.body).sort());
  if (!same) {
    throw new Error(
      `${scenario.name}: the baseline does not answer like the platform\n  platform: ${JSON.stringify(fromPlatform.body)}\n  baseline: ${JSON.stringify(fromBaseline.body)}`,
    );
  }
  // The same headers too (the values differ: ids, counters), so the baseline writes what the platform writes.
  if (fromPlatform.headerNames !== fromBaseline.headerNames) {
    throw new Error(
      `${scenario.name}: the baseline does not send the platform's headers\n  platform: ${fromPlatform.headerNames}\n  baseline: ${fromBaseline.headerNames}`,
    );
  }
}

function headerNamesOf(headers: Headers): string {
  return [...headers.keys()].sort().join(', ');
}

function medianLatency(rounds: LoadResult[]) {
  const summaries = rounds.flatMap((r) => (r.latency ? [r.latency] : []));
  if (summaries.length === 0) return null;
  return {
    p50Ms: median(summaries.map((s) => s.p50Ms)),
    p95Ms: median(summaries.map((s) => s.p95Ms)),
    p99Ms: median(summaries.map((s) => s.p99Ms)),
    maxMs: Math.max(...summaries.map((s) => s.maxMs)),
    samples: summaries.reduce((sum, s) => sum + s.samples, 0),
  };
}

function writeResults(reports: ScenarioReport[], pinned: boolean): string {
  const startedAt = new Date();
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    writtenAt: startedAt.toISOString(),
    commit: gitCommit(),
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', pinned },
    settings,
    targets,
    scenarios: reports,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
    console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
    process.exit(1);
  },
);
