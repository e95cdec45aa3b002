/**
 * One typed configuration for every stage. Everything that differs between dev, staging and prod is
 * here, so the stack code has no `if (stage === 'prod')`; it reads these fields.
 */
export const stageNames = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

export interface FunctionSizing {
  memoryMb: number;
  timeoutSeconds: number;
}

export interface StageConfig {
  stage: StageName;
  /** Deploy-time account; undefined keeps the stack environment-agnostic (synth needs no credentials). */
  account?: string;
  region: string;
  /**
   * `http`: API Gateway HTTP API (cheapest, $1.00 per million requests). `rest`: REST API, which WAF
   * can protect directly ($3.50 per million). Staging runs what prod runs; see README.md.
   */
  apiKind: 'http' | 'rest';
  /** API Gateway throttling for the whole stage (steady requests per second and burst). */
  throttle: { rateLimit: number; burstLimit: number };
  /** WAF v2 web ACL on the API (the plan: production only). Requires apiKind `rest`. */
  waf: boolean;
  /** Extra browser origins allowed to call the API and upload to the bucket (e.g. a custom domain). */
  extraWebOrigins: string[];
  /**
   * Create a user pool (with a hosted UI domain `<domainPrefix>.auth.<region>.amazoncognito.com`; default
   * prefix `diatonic-<stage>-<account id>`, unique per account), or use one the organisation already has.
   * An imported pool's `domain` (its hosted UI origin) lets the web app sign in; its app client must allow
   * the code grant and the callback and sign-out URLs in docs/deploy-aws.md.
   */
  cognito:
    | { kind: 'create'; domainPrefix?: string }
    | { kind: 'import'; userPoolId: string; clientId: string; domain?: string };
  functions: { api: FunctionSizing; worker: FunctionSizing; content: FunctionSizing; scheduler: FunctionSizing };
  /** Upper bound of concurrent worker invocations the SQS event source starts (cost control). */
  workerMaxConcurrency: number;
  /** The same for content processing (uploads.process, one upload per invocation). */
  contentMaxConcurrency: number;
  /** Deliveries before SQS moves a job to the dead-letter queue. */
  maxReceiveCount: number;
  logRetentionDays: 7 | 14 | 30 | 90 | 365;
  /** Days the content bucket keeps objects under `logs/`. */
  bucketLogsRetentionDays: number;
  budget: { monthlyUsd: number; alertEmails: string[] };
  /** Who receives alarm notifications (SNS email subscriptions). */
  alarmEmails: string[];
  alarms: { api5xxPercent: number; apiP95LatencyMs: number };
  /** Keep data (table, content bucket, user pool) when the stack is deleted. */
  retainData: boolean;
}

const small: FunctionSizing = { memoryMb: 256, timeoutSeconds: 30 };

export const defaultRegion = 'us-east-2';

const alertEmail = 'platform-alerts@diatonic.ai';
const standardFunctions: StageConfig['functions'] = {
  api: { memoryMb: 1024, timeoutSeconds: 29 },
  worker: { memoryMb: 1024, timeoutSeconds: 120 },
  content: { memoryMb: 2048, timeoutSeconds: 300 },
  scheduler: small,
};

/** What every stage shares; each stage below states only how it differs. */
const shared = {
  region: defaultRegion,
  cognito: { kind: 'create' },
  functions: standardFunctions,
  contentMaxConcurrency: 2,
  maxReceiveCount: 5,
  bucketLogsRetentionDays: 30,
  budget: { monthlyUsd: 500, alertEmails: [alertEmail] },
  alarmEmails: [alertEmail],
  extraWebOrigins: [],
  waf: false,
  retainData: false,
} satisfies Partial<StageConfig>;

export const stageConfigs: Record<StageName, StageConfig> = {
  dev: {
    ...shared,
    stage: 'dev',
    apiKind: 'http',
    throttle: { rateLimit: 50, burstLimit: 100 },
    extraWebOrigins: ['http://localhost:5173'],
    workerMaxConcurrency: 5,
    logRetentionDays: 7,
    alarms: { api5xxPercent: 5, apiP95LatencyMs: 3_000 },
  },
  staging: {
    ...shared,
    stage: 'staging',
    apiKind: 'rest',
    throttle: { rateLimit: 100, burstLimit: 200 },
    workerMaxConcurrency: 10,
    logRetentionDays: 14,
    alarms: { api5xxPercent: 2, apiP95LatencyMs: 2_000 },
  },
  prod: {
    ...shared,
    stage: 'prod',
    apiKind: 'rest',
    throttle: { rateLimit: 500, burstLimit: 1_000 },
    waf: true,
    functions: {
      ...standardFunctions,
      api: { memoryMb: 1536, timeoutSeconds: 29 },
      content: { memoryMb: 3008, timeoutSeconds: 300 },
    },
    workerMaxConcurrency: 50,
    contentMaxConcurrency: 10,
    logRetentionDays: 90,
    bucketLogsRetentionDays: 365,
    budget: { monthlyUsd: 2_000, alertEmails: [alertEmail] },
    alarmEmails: [alertEmail, 'oncall@diatonic.ai'],
    alarms: { api5xxPercent: 1, apiP95LatencyMs: 1_500 },
    retainData: true,
  },
};

/** Refuses configurations that would deploy something other than what they say. */
export function checkStageConfig(config: StageConfig): StageConfig {
  const problems: string[] = [];
  if (config.waf && config.apiKind !== 'rest')
    problems.push('waf needs apiKind rest (HTTP APIs cannot take a web ACL)');
  if (config.maxReceiveCount < 1 || config.maxReceiveCount > 1000) problems.push('maxReceiveCount must be 1-1000');
  if (config.functions.api.timeoutSeconds > 29) problems.push('the API function must answer within API Gateway’s 29 s');
  if (config.workerMaxConcurrency < 2 || config.contentMaxConcurrency < 2)
    problems.push('workerMaxConcurrency and contentMaxConcurrency must be at least 2 (an SQS event source minimum)');
  for (const origin of config.extraWebOrigins) {
    if (new URL(origin).origin !== origin) problems.push(`${origin} is not an origin`);
  }
  if (config.cognito.kind === 'import' && !/^[a-z0-9-]+_[A-Za-z0-9]+$/.test(config.cognito.userPoolId)) {
    problems.push('cognito.userPoolId must look like us-east-2_AbC123');
  }
  if (config.cognito.kind === 'import' && config.cognito.domain !== undefined) {
    const { domain } = config.cognito;
    if (!domain.startsWith('https://') || new URL(domain).origin !== domain) {
      problems.push('cognito.domain must be the hosted UI origin, e.g. https://x.auth.us-east-2.amazoncognito.com');
    }
  }
  // Cognito reserves these words in domain prefixes; lower-case letters, digits and hyphens only.
  if (
    config.cognito.kind === 'create' &&
    config.cognito.domainPrefix !== undefined &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(config.cognito.domainPrefix) ||
      /aws|amazon|cognito/.test(config.cognito.domainPrefix))
  ) {
    problems.push('cognito.domainPrefix must be 1-63 of a-z0-9- without aws, amazon or cognito');
  }
  if (problems.length > 0) throw new Error(`Stage ${config.stage}: ${problems.join('; ')}`);
  return config;
}
