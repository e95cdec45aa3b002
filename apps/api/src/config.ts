/**
 * loadConfig: the only reader of the environment. It validates every variable at boot, reports every
 * problem in one error, and with no variables at all gives the embedded setup (SQLite, local blobs,
 * local queue, offline model under ./.data). `.env.example` documents each variable.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** A secret given in the environment, or a file under DATA_DIR that the composition root creates once. */
export type SecretSource = { kind: 'value'; value: string } | { kind: 'file'; path: string };

export interface Config {
  server: { host: string; port: number; shutdownTimeoutMs: number };
  dataDir: string;
  log: { level: LogLevel };
  storage: { kind: 'sqlite'; file: string } | { kind: 'dynamodb'; table: string; region: string; endpoint?: string };
  blobs: BlobsConfig;
  queue:
    | { kind: 'local'; concurrency: number; visibilityTimeoutMs: number }
    /** `contentQueueUrl`: where upload processing goes (its own Lambda with sharp and more memory); default queueUrl. */
    | { kind: 'sqs'; queueUrl: string; contentQueueUrl?: string; region: string; endpoint?: string };
  /** Workbench engine: how long a step's claim lasts before another worker may take a dead worker's step over. */
  workbench: { stepClaimMs: number };
  llm: LlmConfig;
  /** `toxicityModel`: a catalog model id that classifies toxicity for low-trust authors; null keeps the built-in lexicon. */
  moderation: { toxicityModel: string | null };
  /** Outbound webhooks (AI budget alerts) may reach loopback and private addresses (local receivers). */
  webhooks: { allowPrivateAddresses: boolean };
  http: {
    bodyLimitBytes: number;
    corsOrigins: string[];
    trustProxy: boolean;
    /** `requests` per key per fixed window of `windowSeconds`; 0 requests turns limiting off. */
    rateLimit: { requests: number; windowSeconds: number };
  };
  secrets: { cursor: SecretSource; blobSigning: SecretSource };
  web: { distDir: string };
  seed: { demoData: boolean };
  auth: AuthConfig;
}

/**
 * Where uploaded files live: a folder whose URLs the API signs and serves itself, or an S3 bucket with
 * presigned URLs (`endpoint` for S3-compatible servers such as MinIO; path-style addressing then).
 * `publicBaseUrl` makes the local adapter's URLs absolute (else same-origin paths).
 */
export type BlobsConfig =
  | { kind: 'local'; dir: string; publicBaseUrl?: string }
  | { kind: 's3'; bucket: string; region: string; endpoint?: string };

/**
 * Who signs users in. `issuer` and `clientId` are the built-in provider's `iss` and `client_id`/`aud`
 * (the public base URL, else `diatonic-local`). In Cognito mode the user pool's tokens are verified
 * instead and `jwksUrl` overrides where its keys are fetched from (tests serve them on loopback).
 */
export type AuthConfig =
  | { mode: 'builtin'; issuer: string; clientId: string }
  | {
      mode: 'cognito';
      issuer: string;
      clientId: string;
      region: string;
      userPoolId: string;
      jwksUrl?: string;
      /** The pool's hosted UI, where the web app signs users in; absent, the web app cannot sign in. */
      hostedUi?: CognitoHostedUi;
    };

/**
 * What the web app needs for the authorization code flow with PKCE (all public, no secret): the hosted
 * UI's origin, the scopes to ask for, and, when PUBLIC_BASE_URL fixes the web origin, the exact
 * callback and sign-out URIs registered on the app client (else the web app uses its own origin).
 */
export interface CognitoHostedUi {
  domain: string;
  scopes: string[];
  redirectUri?: string;
  logoutUri?: string;
}

/** Where the SPA receives the authorization code; the app client must list `<web origin>` + this path. */
export const cognitoCallbackPath = '/auth/callback';

/**
 * Which model provider answers besides the offline one (always available). `modelMap` sends catalog
 * models to an OpenAI-compatible server under that server's own names (catalog id → model name).
 */
export type LlmConfig =
  | { provider: 'offline' }
  | { provider: 'openai-compatible'; baseUrl: string; apiKey?: string; modelMap: Record<string, string> }
  | { provider: 'bedrock'; region: string; endpoint?: string };

export const llmProviders = ['offline', 'openai-compatible', 'bedrock'] as const;

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

// `.env` files often leave a variable empty to mean "unset"; treat it that way.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const int = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');
const secret = z.string().min(32, 'must be at least 32 characters');

const envSchema = z.object({
  PORT: optional(int(0, 65_535)),
  HOST: optional(z.string().min(1)),
  DATA_DIR: optional(z.string().min(1)),
  LOG_LEVEL: optional(z.enum(logLevels)),
  SHUTDOWN_TIMEOUT_MS: optional(int(0, 600_000)),
  STORAGE: optional(z.enum(['sqlite', 'dynamodb'])),
  SQLITE_FILE: optional(z.string().min(1)),
  DYNAMODB_TABLE: optional(z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a valid DynamoDB table name')),
  DYNAMODB_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  AWS_REGION: optional(z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be an AWS region such as eu-west-1')),
  BLOBS: optional(z.enum(['local', 's3'])),
  BLOBS_DIR: optional(z.string().min(1)),
  S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')),
  S3_REGION: optional(z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be an AWS region such as eu-west-1')),
  S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  QUEUE: optional(z.enum(['local', 'sqs'])),
  QUEUE_CONCURRENCY: optional(int(1, 64)),
  QUEUE_VISIBILITY_TIMEOUT_MS: optional(int(100, 12 * 60 * 60_000)),
  WORKBENCH_STEP_CLAIM_MS: optional(int(100, 60 * 60_000)),
  SQS_QUEUE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  SQS_CONTENT_QUEUE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  SQS_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  LLM_PROVIDER: optional(z.enum(llmProviders)),
  OPENAI_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  OPENAI_API_KEY: optional(z.string().max(4096)),
  OPENAI_MODEL_MAP: optional(z.string().max(8192)),
  MODERATION_TOXICITY_MODEL: optional(z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/, 'must be a model catalog id')),
  BEDROCK_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  BODY_LIMIT_BYTES: optional(int(1024, 100 * 1024 * 1024)),
  CORS_ORIGINS: optional(z.string()),
  TRUST_PROXY: optional(flag),
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: optional(flag),
  RATE_LIMIT_REQUESTS: optional(int(0, 1_000_000)),
  RATE_LIMIT_WINDOW_SECONDS: optional(int(1, 86_400)),
  CURSOR_SECRET: optional(secret),
  BLOB_SIGNING_SECRET: optional(secret),
  WEB_DIST_DIR: optional(z.string().min(1)),
  DEMO_DATA: optional(flag),
  PUBLIC_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  AUTH: optional(z.enum(['builtin', 'cognito'])),
  AUTH_CLIENT_ID: optional(z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be 1-128 of A-Za-z0-9._-')),
  COGNITO_REGION: optional(z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be an AWS region such as eu-west-1')),
  COGNITO_USER_POOL_ID: optional(
    z.string().regex(/^[a-z0-9-]{2,32}_[A-Za-z0-9]{1,64}$/, 'must look like eu-west-1_AbC123'),
  ),
  COGNITO_CLIENT_ID: optional(
    z.string().regex(/^[A-Za-z0-9]{1,128}$/, 'must be an app client id (letters and digits)'),
  ),
  COGNITO_JWKS_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  COGNITO_DOMAIN: optional(
    z
      .url({
        protocol: /^https?$/,
        error: 'must be the hosted UI origin, e.g. https://x.auth.eu-west-1.amazoncognito.com',
      })
      .refine((v) => new URL(v).origin === v.replace(/\/$/, ''), 'must be an origin (no path)'),
  ),
  COGNITO_SCOPES: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9._:/-]+( [A-Za-z0-9._:/-]+)*$/, 'must be scopes separated by single spaces')
      // The web app sends the id token (it carries the verified e-mail), which only `openid` brings.
      .refine((v) => v.split(' ').includes('openid'), 'must include openid'),
  ),
});

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

const modelMapEntry = /^([A-Za-z0-9._:/-]{1,128})=([A-Za-z0-9._:/@-]{1,256})$/;

/** `catalog-id=server-model,…`, e.g. `offline=llama3.1:8b`; ids contain `:` so the separator is `=`. */
function parseModelMap(raw: string | undefined, problems: ConfigProblem[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = modelMapEntry.exec(pair);
    if (!match) {
      problems.push({ variable: 'OPENAI_MODEL_MAP', message: `"${pair}" is not catalog-model-id=server-model-name` });
      continue;
    }
    if (map[match[1]!] !== undefined) {
      problems.push({ variable: 'OPENAI_MODEL_MAP', message: `${match[1]} is mapped twice` });
    }
    map[match[1]!] = match[2]!;
  }
  return map;
}

function parseOrigins(raw: string | undefined, problems: ConfigProblem[]): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let ok = false;
    try {
      ok = new URL(origin).origin === origin;
    } catch {}
    if (!ok)
      problems.push({ variable: 'CORS_ORIGINS', message: `"${origin}" is not an origin like https://app.example.com` });
  }
  return origins;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: ConfigProblem[] = [];
  // Parsed once per process: zod's JIT would first compile a fast path for this object (`new Function`),
  // which costs more than the one parse it speeds up.
  const parsed = envSchema.safeParse(env, { jitless: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ variable: String(issue.path[0]), message: issue.message });
  }
  // The cross-variable rules read the raw values so that one run reports everything, even when single
  // variables failed to parse.
  const storageKind = env.STORAGE?.trim() || 'sqlite';
  const queueKind = env.QUEUE?.trim() || 'local';
  const requiredWhen = new Map<string, string[]>();
  const required = (variable: string, when: string) => {
    if (!env[variable]?.trim()) requiredWhen.set(variable, [...(requiredWhen.get(variable) ?? []), when]);
  };
  if (storageKind === 'dynamodb') {
    required('DYNAMODB_TABLE', 'STORAGE=dynamodb');
    required('AWS_REGION', 'STORAGE=dynamodb');
    // Lambda instances share no disk: a generated secret would differ per instance and break cursors.
    required('CURSOR_SECRET', 'STORAGE=dynamodb');
  }
  if ((env.AUTH?.trim() || 'builtin') === 'cognito') {
    for (const variable of ['COGNITO_REGION', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'])
      required(variable, 'AUTH=cognito');
  }
  if ((env.BLOBS?.trim() || 'local') === 's3') {
    required('S3_BUCKET', 'BLOBS=s3');
    if (!env.S3_REGION?.trim()) required('AWS_REGION', 'BLOBS=s3 without S3_REGION');
  }
  if (queueKind === 'sqs') {
    required('SQS_QUEUE_URL', 'QUEUE=sqs');
    required('AWS_REGION', 'QUEUE=sqs');
  }
  const llmKind = env.LLM_PROVIDER?.trim() || 'offline';
  if (llmKind === 'openai-compatible') required('OPENAI_BASE_URL', 'LLM_PROVIDER=openai-compatible');
  if (llmKind === 'bedrock') required('AWS_REGION', 'LLM_PROVIDER=bedrock');
  for (const [variable, whens] of requiredWhen)
    problems.push({ variable, message: `is required when ${whens.join(' or ')}` });
  const corsOrigins = parseOrigins(env.CORS_ORIGINS, problems);
  const modelMap = parseModelMap(env.OPENAI_MODEL_MAP, problems);
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  const dataDir = resolve(e.DATA_DIR ?? '.data');
  const inData = (path: string) => (isAbsolute(path) ? path : join(dataDir, path));
  const secretFrom = (value: string | undefined, file: string): SecretSource =>
    value ? { kind: 'value', value } : { kind: 'file', path: join(dataDir, 'keys', file) };

  return deepFreeze<Config>({
    server: { host: e.HOST ?? '127.0.0.1', port: e.PORT ?? 3000, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 10_000 },
    dataDir,
    log: { level: e.LOG_LEVEL ?? 'info' },
    storage:
      e.STORAGE === 'dynamodb'
        ? {
            kind: 'dynamodb',
            table: e.DYNAMODB_TABLE!,
            region: e.AWS_REGION!,
            ...(e.DYNAMODB_ENDPOINT ? { endpoint: e.DYNAMODB_ENDPOINT } : {}),
          }
        : { kind: 'sqlite', file: inData(e.SQLITE_FILE ?? 'app.db') },
    blobs:
      e.BLOBS === 's3'
        ? {
            kind: 's3',
            bucket: e.S3_BUCKET!,
            region: e.S3_REGION ?? e.AWS_REGION!,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
          }
        : {
            kind: 'local',
            dir: inData(e.BLOBS_DIR ?? 'files'),
            ...(e.PUBLIC_BASE_URL ? { publicBaseUrl: new URL(e.PUBLIC_BASE_URL).origin } : {}),
          },
    queue:
      e.QUEUE === 'sqs'
        ? {
            kind: 'sqs',
            queueUrl: e.SQS_QUEUE_URL!,
            ...(e.SQS_CONTENT_QUEUE_URL ? { contentQueueUrl: e.SQS_CONTENT_QUEUE_URL } : {}),
            region: e.AWS_REGION!,
            ...(e.SQS_ENDPOINT ? { endpoint: e.SQS_ENDPOINT } : {}),
          }
        : {
            kind: 'local',
            // Steps that wait on a model or an HTTP call hold a slot while they wait; 2 would let two
            // slow agent steps hold up every other job of the server (issue 7).
            concurrency: e.QUEUE_CONCURRENCY ?? 8,
            visibilityTimeoutMs: e.QUEUE_VISIBILITY_TIMEOUT_MS ?? 60_000,
          },
    workbench: { stepClaimMs: e.WORKBENCH_STEP_CLAIM_MS ?? 30_000 },
    llm: llmConfig(e, modelMap),
    moderation: { toxicityModel: e.MODERATION_TOXICITY_MODEL ?? null },
    webhooks: { allowPrivateAddresses: e.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES ?? false },
    http: {
      bodyLimitBytes: e.BODY_LIMIT_BYTES ?? 1024 * 1024,
      corsOrigins,
      trustProxy: e.TRUST_PROXY ?? false,
      rateLimit: { requests: e.RATE_LIMIT_REQUESTS ?? 600, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS ?? 60 },
    },
    secrets: {
      cursor: secretFrom(e.CURSOR_SECRET, 'cursor-secret'),
      blobSigning: secretFrom(e.BLOB_SIGNING_SECRET, 'blob-signing-secret'),
    },
    web: { distDir: resolve(e.WEB_DIST_DIR ?? defaultWebDist) },
    seed: { demoData: e.DEMO_DATA ?? true },
    auth: authConfig(e),
  });
}

function llmConfig(e: z.infer<typeof envSchema>, modelMap: Record<string, string>): LlmConfig {
  switch (e.LLM_PROVIDER ?? 'offline') {
    case 'openai-compatible':
      return {
        provider: 'openai-compatible',
        baseUrl: e.OPENAI_BASE_URL!,
        ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
        modelMap,
      };
    case 'bedrock':
      return {
        provider: 'bedrock',
        region: e.AWS_REGION!,
        ...(e.BEDROCK_ENDPOINT ? { endpoint: e.BEDROCK_ENDPOINT } : {}),
      };
    default:
      return { provider: 'offline' };
  }
}

function authConfig(e: z.infer<typeof envSchema>): AuthConfig {
  // A URL's origin, without a trailing slash, is what clients compare `iss` against.
  const issuer = e.PUBLIC_BASE_URL ? new URL(e.PUBLIC_BASE_URL).origin : 'diatonic-local';
  if (e.AUTH === 'cognito') {
    const webOrigin = e.PUBLIC_BASE_URL ? new URL(e.PUBLIC_BASE_URL).origin : undefined;
    return {
      mode: 'cognito',
      issuer,
      clientId: e.COGNITO_CLIENT_ID!,
      region: e.COGNITO_REGION!,
      userPoolId: e.COGNITO_USER_POOL_ID!,
      ...(e.COGNITO_JWKS_URL ? { jwksUrl: e.COGNITO_JWKS_URL } : {}),
      ...(e.COGNITO_DOMAIN
        ? {
            hostedUi: {
              domain: new URL(e.COGNITO_DOMAIN).origin,
              scopes: (e.COGNITO_SCOPES ?? 'openid email profile').split(' '),
              ...(webOrigin ? { redirectUri: `${webOrigin}${cognitoCallbackPath}`, logoutUri: `${webOrigin}/` } : {}),
            },
          }
        : {}),
    };
  }
  return { mode: 'builtin', issuer, clientId: e.AUTH_CLIENT_ID ?? 'diatonic-web' };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
