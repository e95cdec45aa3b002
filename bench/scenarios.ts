/**
 * The routes the benchmark measures, as data. Each scenario says what request to send and how a bare
 * `node:http` server does the same work (the baseline). Later issues add their routes here: a method,
 * a path, optional headers, an optional body factory (called per request), and the baseline handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOfflineLlm } from '@diatonic/adapters/llm';
import type { Database } from 'better-sqlite3';
import { sendJson } from './baseline-frame.ts';
import { communityBaseline } from './community-baseline.ts';
import { communitySession, hasCommunitySession } from './community-session.ts';
import { educationBaseline } from './education-baseline.ts';
import { educationSession, hasEducationSession } from './education-session.ts';
import type { ProbeFigures } from './report.ts';
import { hasWorkbenchSession, stepOverhead, workbenchSession } from './workbench-session.ts';

export interface BaselineContext {
  /** The platform's own SQLite file, opened by the baseline server. */
  db: Database;
  startedAtMs: number;
}

export type BaselineHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface BenchScenario {
  /** Also the row label of the report, and how the baseline server picks its handler (`x-bench-scenario`). */
  name: string;
  /**
   * `throughput` (default): req/s against the baseline at saturation, and p99 at half capacity.
   * `overhead`: latency added to the same work at a fixed, moderate arrival rate (`overhead.rate`),
   * judged on the p95 difference — for routes whose cost is a downstream call, e.g. a model.
   * `absolute`: no bare baseline (no bare server can do a durable run's work honestly); req/s at
   * saturation against an absolute target, plus the scenario's own `probe` figure at a fixed rate.
   */
  mode?: 'throughput' | 'overhead' | 'absolute';
  overhead?: { rate: number; maxAddedP95Ms: number };
  absolute?: AbsoluteTargets;
  probe?: Probe;
  /** Platform requests carry the signed-in demo user's token and organisation (bench/demo-session.ts). */
  auth?: boolean;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, identical for both servers. */
  path: string;
  headers?: Record<string, string>;
  /** Builds the body of each request (e.g. a fresh title per POST). */
  body?: () => string;
  /** Builds the path of each request (e.g. spreading toggles over many items); `path` is the pre-flight's. */
  requestPath?: () => string;
  /**
   * How the pre-flight check compares one response of each server: `body` (equal JSON) or `fields`
   * (same top-level fields; for values such as uptime that differ between two processes).
   */
  sameResponse: 'body' | 'fields';
  /** Prepares the baseline's version of the route once (e.g. statements) and returns its handler. Not for `absolute`. */
  baseline?: (context: BaselineContext) => BaselineHandler;
}

export interface AbsoluteTargets {
  minRequestsPerSecond: number;
  /** The fixed arrival rate (one connection) of the probe phase, whose requests the probe reads back. */
  probeRate: number;
  /** Ceiling of the probe's p95 (the workbench: the engine's step overhead). */
  maxProbeP95Ms: number;
  /** Label of the probe figure in the report. */
  probeName: string;
}

/** Reads back what the requests sent in `[fromMs, toMs]` did, through the platform's API. */
export type Probe = (
  baseUrl: string,
  session: Record<string, string>,
  window: { fromMs: number; toMs: number },
) => Promise<ProbeFigures>;

export const scenarios: readonly BenchScenario[] = [
  {
    name: 'GET /api/health',
    method: 'GET',
    path: '/api/health',
    sameResponse: 'fields',
    baseline:
      ({ startedAtMs }) =>
      (_request, response) =>
        sendJson(response, 200, { status: 'ok', uptimeSeconds: Math.floor((Date.now() - startedAtMs) / 1000) }),
  },
  {
    // The item-store read route: one row by primary key from the platform's SQLite file.
    name: 'GET /api/platform',
    method: 'GET',
    path: '/api/platform',
    sameResponse: 'body',
    baseline: ({ db }) => {
      // The same statement as the SQLite ItemStore's `get` (all columns, live items only).
      const select = db.prepare<[string, string, number], { data: string; version: number }>(
        'SELECT pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at, version, data FROM items ' +
          'WHERE pk = ? AND sk = ? AND (expires_at IS NULL OR expires_at > ?)',
      );
      return (_request, response) => {
        const row = select.get('PLATFORM', 'PLATFORM', Date.now() / 1000);
        if (!row) return sendJson(response, 404, { error: { code: 'not_found', message: 'not seeded' } });
        const { name, instanceId, schemaVersion, seededAt, demoData } = JSON.parse(row.data);
        sendJson(response, 200, { name, instanceId, schemaVersion, seededAt, demoData });
      };
    },
  },
  {
    // The AI gateway's own cost: the platform's route (auth, limits, reservation, ledger, audit) around
    // the offline provider, against a bare server calling the same provider directly.
    name: 'POST /api/ai/complete (offline, no cache)',
    mode: 'overhead',
    overhead: { rate: 50, maxAddedP95Ms: 2 },
    auth: true,
    method: 'POST',
    path: '/api/ai/complete',
    headers: { 'content-type': 'application/json' },
    body: () =>
      JSON.stringify({ model: 'offline', prompt: 'Name three primary colours.', maxTokens: 64, cache: false }),
    sameResponse: 'fields',
    baseline: () => offlineCompletion(),
  },
  {
    // A cache hit: the same request every time, answered from the organisation's response cache.
    name: 'POST /api/ai/complete (cache hit)',
    mode: 'overhead',
    overhead: { rate: 50, maxAddedP95Ms: 2 },
    auth: true,
    method: 'POST',
    path: '/api/ai/complete',
    headers: { 'content-type': 'application/json' },
    body: () => JSON.stringify({ model: 'offline', prompt: 'Name three primary colours (cached).', maxTokens: 64 }),
    sameResponse: 'fields',
    baseline: () => offlineCompletion(),
  },
  // Education (issue 4): authenticated learner reads. Their data (a learner enrolled in published
  // modules) is made by education-session.ts once the platform runs (see run.ts), so path and headers
  // are read when the scenario is used.
  {
    name: 'GET /api/education/catalog',
    method: 'GET',
    path: '/api/education/catalog',
    get headers() {
      return learnerHeaders();
    },
    sameResponse: 'body',
    baseline: ({ db }) => (hasEducationSession() ? educationBaseline(db).catalog : notPrepared),
  },
  {
    name: 'GET /api/education/modules/{id}',
    method: 'GET',
    get path() {
      return `/api/education/modules/${hasEducationSession() ? educationSession().moduleId : 'unprepared'}`;
    },
    get headers() {
      return learnerHeaders();
    },
    sameResponse: 'body',
    baseline: ({ db }) => (hasEducationSession() ? educationBaseline(db).moduleView : notPrepared),
  },
  // Community (issue 5): a member's feed, writing a post (moderation's review, the post, its event and
  // audit) and toggling a like. Their member and posts are made by community-session.ts (see run.ts).
  {
    name: 'GET /api/community/posts',
    method: 'GET',
    path: '/api/community/posts',
    get headers() {
      return communityHeaders();
    },
    sameResponse: 'body',
    baseline: ({ db }) => (hasCommunitySession() ? communityBaseline(db).feed : notPrepared),
  },
  {
    name: 'POST /api/community/posts',
    method: 'POST',
    path: '/api/community/posts',
    get headers() {
      return { ...communityHeaders(), 'content-type': 'application/json' };
    },
    // Unique per request (moderation refuses an author's duplicate text). A word the profanity list
    // finds in it is censored (the session's word list), on both servers alike.
    body: () => {
      const n = `${process.pid}-${++postCounter}-${Math.random().toString().slice(2, 12)}`;
      return JSON.stringify({
        title: `Bench post ${n}`,
        content: `Does **batch norm** help here (run ${n})?\n\n- before the activation\n- or after it`,
        tags: ['bench'],
      });
    },
    sameResponse: 'fields',
    baseline: ({ db }) => (hasCommunitySession() ? communityBaseline(db).create : notPrepared),
  },
  {
    name: 'POST /api/community/posts/{id}/react',
    method: 'POST',
    get path() {
      return `/api/community/posts/${hasCommunitySession() ? communitySession().postId : 'unprepared'}/react`;
    },
    get headers() {
      return { ...communityHeaders(), 'content-type': 'application/json' };
    },
    // A toggle: each request flips a reaction, so the two servers' answers differ in value, not shape.
    // Round robin over the session's 20 posts and the 4 types, so 50 connections do not all race for
    // one reaction item (the platform retries a lost race after a pause; the baseline never races).
    requestPath: () => {
      const ids = hasCommunitySession() ? communitySession().postIds : ['unprepared'];
      return `/api/community/posts/${ids[reactCounter % ids.length]}/react`;
    },
    body: () => JSON.stringify({ reactionType: reactionTypes[Math.floor(reactCounter++ / 20) % 4] }),
    sameResponse: 'fields',
    baseline: ({ db }) => (hasCommunitySession() ? communityBaseline(db).react : notPrepared),
  },
  // Workbench (issue 7): trivial trigger → transform → output runs started by webhook and answered
  // synchronously (`?wait=`). The agent is created and published through the API by
  // workbench-session.ts (see run.ts). A run is queue jobs, claims, conditional writes and a log:
  // no bare server does that work honestly, so the targets are absolute (issue 7): runs per second
  // and the engine's step overhead p95, read back from the runs' own timestamps.
  {
    name: 'POST /api/hooks/{agentId}/{secret}?wait= (workbench run)',
    mode: 'absolute',
    absolute: { minRequestsPerSecond: 220, probeRate: 50, maxProbeP95Ms: 5, probeName: 'step overhead' },
    method: 'POST',
    get path() {
      return hasWorkbenchSession() ? workbenchSession().webhookPath : '/api/hooks/unprepared/unprepared';
    },
    headers: { 'content-type': 'application/json' },
    body: () => JSON.stringify({ n: ++webhookCounter }),
    sameResponse: 'fields',
    probe: async (baseUrl, session, window) => {
      const figures = await stepOverhead(baseUrl, session, { ...window, maxRuns: 400 });
      const { steps, ...rest } = figures;
      return { samples: steps, ...rest };
    },
  },
];

let postCounter = 0;
let reactCounter = 0;
const reactionTypes = ['like', 'love', 'insight', 'question'] as const;

/** The community member's bearer token and organisation. */
function communityHeaders(): Record<string, string> {
  if (!hasCommunitySession()) return {};
  const session = communitySession();
  return { authorization: `Bearer ${session.accessToken}`, 'x-organization-id': session.orgId };
}

/** Scenarios that need community-session.ts to have run against the platform first. */
export const needsCommunitySession = (scenario: BenchScenario) => scenario.path.startsWith('/api/community/');

let webhookCounter = 0;

/** Scenarios that need workbench-session.ts to have run against the platform first. */
export const needsWorkbenchSession = (scenario: BenchScenario) => scenario.name.includes('(workbench run)');

const notPrepared: BaselineHandler = (_request, response) =>
  sendJson(response, 503, { error: { code: 'unavailable', message: 'bench session not prepared' } });

/** The enrolled learner's bearer token and organisation. */
function learnerHeaders(): Record<string, string> {
  if (!hasEducationSession()) return {};
  const session = educationSession();
  return { authorization: `Bearer ${session.accessToken}`, 'x-organization-id': session.orgId };
}

/** Scenarios that need education-session.ts to have run against the platform first. */
export const needsEducationSession = (scenario: BenchScenario) => scenario.path.startsWith('/api/education/');

/** The direct call the gateway wraps: read the JSON body, ask the offline provider, answer its result. */
function offlineCompletion(): BaselineHandler {
  const llm = createOfflineLlm();
  let counter = 0;
  return (request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      const started = performance.now();
      const body = JSON.parse(raw) as { model: string; prompt: string; maxTokens: number };
      llm
        .complete({ model: body.model, messages: [{ role: 'user', content: body.prompt }], maxTokens: body.maxTokens })
        .then((result) =>
          sendJson(response, 200, {
            id: `usg_${++counter}`,
            model: body.model,
            text: result.text,
            usage: result.usage,
            costMicroUsd: 0,
            cached: false,
            offline: true,
            stopReason: result.stopReason,
            latencyMs: Math.round(performance.now() - started),
          }),
        )
        .catch((error: unknown) => sendJson(response, 500, { error: { code: 'internal', message: String(error) } }));
    });
  };
}
