import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('gives the embedded setup with no variables at all', () => {
    const config = loadConfig({});
    const dataDir = resolve('.data');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 3000, shutdownTimeoutMs: 10_000 });
    expect(config.dataDir).toBe(dataDir);
    expect(config.storage).toEqual({ kind: 'sqlite', file: join(dataDir, 'app.db') });
    expect(config.blobs).toEqual({ kind: 'local', dir: join(dataDir, 'files') });
    expect(config.queue).toEqual({ kind: 'local', concurrency: 8, visibilityTimeoutMs: 60_000 });
    expect(config.workbench).toEqual({ stepClaimMs: 30_000 });
    expect(config.llm).toEqual({ provider: 'offline' });
    expect(config.http).toEqual({
      bodyLimitBytes: 1024 * 1024,
      corsOrigins: [],
      trustProxy: false,
      rateLimit: { requests: 600, windowSeconds: 60 },
    });
    expect(config.secrets.cursor).toEqual({ kind: 'file', path: join(dataDir, 'keys', 'cursor-secret') });
    expect(config.seed.demoData).toBe(true);
    expect(config.log.level).toBe('info');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http.rateLimit)).toBe(true);
    expect(Object.isFrozen(config.http.corsOrigins)).toBe(true);
  });

  it('reads every variable and resolves paths inside DATA_DIR', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/diatonic',
      SQLITE_FILE: 'db/main.db',
      BLOBS_DIR: '/mnt/blobs',
      LOG_LEVEL: 'warn',
      BODY_LIMIT_BYTES: '2048',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      TRUST_PROXY: 'true',
      RATE_LIMIT_REQUESTS: '0',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      CURSOR_SECRET: 'x'.repeat(32),
      DEMO_DATA: 'false',
      QUEUE_CONCURRENCY: '8',
      QUEUE_VISIBILITY_TIMEOUT_MS: '5000',
      WORKBENCH_STEP_CLAIM_MS: '2000',
    });
    expect(config.server.port).toBe(8080);
    expect(config.storage).toEqual({ kind: 'sqlite', file: '/srv/diatonic/db/main.db' });
    expect(config.blobs).toEqual({ kind: 'local', dir: '/mnt/blobs' });
    expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.http.trustProxy).toBe(true);
    expect(config.http.rateLimit).toEqual({ requests: 0, windowSeconds: 10 });
    expect(config.secrets.cursor).toEqual({ kind: 'value', value: 'x'.repeat(32) });
    expect(config.seed.demoData).toBe(false);
    expect(config.queue).toEqual({ kind: 'local', concurrency: 8, visibilityTimeoutMs: 5000 });
    expect(config.workbench).toEqual({ stepClaimMs: 2000 });
  });

  it('builds the DynamoDB and SQS variants', () => {
    const config = loadConfig({
      STORAGE: 'dynamodb',
      DYNAMODB_TABLE: 'diatonic-items',
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      CURSOR_SECRET: 's'.repeat(40),
      QUEUE: 'sqs',
      SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123/jobs',
    });
    expect(config.storage).toEqual({
      kind: 'dynamodb',
      table: 'diatonic-items',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
    });
    expect(config.queue).toEqual({
      kind: 'sqs',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/jobs',
      region: 'eu-west-1',
    });
  });

  it('takes a separate SQS queue for content processing, and refuses one that is not a URL', () => {
    const sqs = {
      QUEUE: 'sqs',
      AWS_REGION: 'eu-west-1',
      SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123/jobs',
    };
    expect(
      loadConfig({ ...sqs, SQS_CONTENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123/content-jobs' }).queue,
    ).toEqual({
      kind: 'sqs',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/jobs',
      contentQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/content-jobs',
      region: 'eu-west-1',
    });
    expect(() => loadConfig({ ...sqs, SQS_CONTENT_QUEUE_URL: 'content-jobs' })).toThrow(/SQS_CONTENT_QUEUE_URL/);
  });

  it('builds the S3 blob store and reports its missing variables', () => {
    expect(loadConfig({ BLOBS: 's3', S3_BUCKET: 'diatonic-files', S3_REGION: 'eu-west-1' }).blobs).toEqual({
      kind: 's3',
      bucket: 'diatonic-files',
      region: 'eu-west-1',
    });
    expect(
      loadConfig({
        BLOBS: 's3',
        S3_BUCKET: 'diatonic-files',
        AWS_REGION: 'us-east-1',
        S3_ENDPOINT: 'http://127.0.0.1:4568',
      }).blobs,
    ).toEqual({ kind: 's3', bucket: 'diatonic-files', region: 'us-east-1', endpoint: 'http://127.0.0.1:4568' });
    expect(problemsOf({ BLOBS: 's3' })).toEqual([
      { variable: 'S3_BUCKET', message: 'is required when BLOBS=s3' },
      { variable: 'AWS_REGION', message: 'is required when BLOBS=s3 without S3_REGION' },
    ]);
    expect(problemsOf({ BLOBS: 's3', S3_BUCKET: 'Bad_Bucket', S3_REGION: 'x' }).map((p) => p.variable)).toEqual([
      'S3_BUCKET',
      'S3_REGION',
    ]);
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://learn.example.com/app' }).blobs).toMatchObject({
      kind: 'local',
      publicBaseUrl: 'https://learn.example.com',
    });
  });

  it('builds the OpenAI-compatible and Bedrock model providers', () => {
    expect(
      loadConfig({
        LLM_PROVIDER: 'openai-compatible',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434',
        OPENAI_API_KEY: 'sk-local',
        OPENAI_MODEL_MAP: 'meta.llama3-1-8b-instruct-v1:0=llama3.1:8b, offline=qwen2.5:0.5b',
      }).llm,
    ).toEqual({
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434',
      apiKey: 'sk-local',
      modelMap: { 'meta.llama3-1-8b-instruct-v1:0': 'llama3.1:8b', offline: 'qwen2.5:0.5b' },
    });
    expect(loadConfig({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: 'http://x.test' }).llm).toEqual({
      provider: 'openai-compatible',
      baseUrl: 'http://x.test',
      modelMap: {},
    });
    expect(loadConfig({ LLM_PROVIDER: 'bedrock', AWS_REGION: 'us-east-1' }).llm).toEqual({
      provider: 'bedrock',
      region: 'us-east-1',
    });
    expect(
      loadConfig({ LLM_PROVIDER: 'bedrock', AWS_REGION: 'us-east-1', BEDROCK_ENDPOINT: 'http://127.0.0.1:9000' }).llm,
    ).toEqual({ provider: 'bedrock', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' });
  });

  it('reports every model provider problem at once', () => {
    const problems = problemsOf({
      LLM_PROVIDER: 'openai-compatible',
      OPENAI_MODEL_MAP: 'offline=a,broken,offline=b',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { variable: 'OPENAI_BASE_URL', message: 'is required when LLM_PROVIDER=openai-compatible' },
        { variable: 'OPENAI_MODEL_MAP', message: '"broken" is not catalog-model-id=server-model-name' },
        { variable: 'OPENAI_MODEL_MAP', message: 'offline is mapped twice' },
      ]),
    );
    expect(problemsOf({ LLM_PROVIDER: 'bedrock' })).toEqual([
      { variable: 'AWS_REGION', message: 'is required when LLM_PROVIDER=bedrock' },
    ]);
    expect(problemsOf({ LLM_PROVIDER: 'gpt' }).map((p) => p.variable)).toEqual(['LLM_PROVIDER']);
    expect(
      problemsOf({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: 'ftp://x' }).map((p) => p.variable),
    ).toEqual(['OPENAI_BASE_URL']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DYNAMODB_TABLE: '  ', CORS_ORIGINS: '' }).server.port).toBe(3000);
  });

  it('reports every problem at once, naming each variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      BODY_LIMIT_BYTES: '-1',
      TRUST_PROXY: 'yes',
      STORAGE: 'dynamodb',
      CURSOR_SECRET: 'short',
      CORS_ORIGINS: 'https://ok.example.com,not a url,https://x.example.com/path',
      QUEUE: 'sqs',
    });
    const variables = problems.map((p) => p.variable).sort();
    expect(variables).toEqual([
      'AWS_REGION',
      'BODY_LIMIT_BYTES',
      'CORS_ORIGINS',
      'CORS_ORIGINS',
      'CURSOR_SECRET',
      'DYNAMODB_TABLE',
      'LOG_LEVEL',
      'PORT',
      'SQS_QUEUE_URL',
      'TRUST_PROXY',
    ]);
    expect(problems.find((p) => p.variable === 'DYNAMODB_TABLE')?.message).toBe('is required when STORAGE=dynamodb');
  });

  it('puts the whole list in the error message', () => {
    expect(() => loadConfig({ PORT: '70000', STORAGE: 'postgres' })).toThrow(/PORT: .*\n\s+STORAGE: /);
  });

  it('requires CURSOR_SECRET on DynamoDB, where instances share no disk', () => {
    const problems = problemsOf({ STORAGE: 'dynamodb', DYNAMODB_TABLE: 'items', AWS_REGION: 'us-east-1' });
    expect(problems).toEqual([{ variable: 'CURSOR_SECRET', message: 'is required when STORAGE=dynamodb' }]);
  });

  it('rejects invalid single values', () => {
    expect(problemsOf({ PORT: '3.5' })[0]?.variable).toBe('PORT');
    expect(problemsOf({ RATE_LIMIT_WINDOW_SECONDS: '0' })[0]?.variable).toBe('RATE_LIMIT_WINDOW_SECONDS');
    expect(problemsOf({ DYNAMODB_ENDPOINT: 'ftp://x' })[0]?.variable).toBe('DYNAMODB_ENDPOINT');
    expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: 'soon' })[0]?.variable).toBe('SHUTDOWN_TIMEOUT_MS');
  });
});
