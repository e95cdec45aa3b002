/**
 * Assertions on the synthesised templates. One App holds every stage plus a variant using an existing
 * Cognito pool; it is synthesised once (esbuild bundles each entry once per process) and every test
 * reads the templates from it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeNames, createTableInput } from '@diatonic/adapters/dynamodb';
import { type DynamoDbLocal, dynamoDbLocalSkipReason, startDynamoDbLocal } from '@diatonic/adapters/testing';
import { defaultModelCatalog } from '@diatonic/core';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imitatedStageEnv, runColdStartProbe } from '../src/cold-start-probe.ts';
import { coldStartPlatformName, createColdStartTable } from '../src/cold-start-table.ts';
import { sharpLinuxArm64NodeModules } from '../src/constructs/lambda-native.ts';
import { createStages } from '../src/create-stages.ts';
import { bedrockModelIds, DiatonicStack } from '../src/diatonic-stack.ts';
import { checkStageConfig, type StageName, stageConfigs, stageNames } from '../src/stage-config.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };
const templates = {} as Record<StageName | 'imported', Template>;
let assetDirs: string[] = [];
const outdir = join(process.cwd(), '.cache', `cdk-test-${process.pid}`);

beforeAll(() => {
  const app = new App({ outdir });
  const stacks = createStages(app);
  const imported = new DiatonicStack(app, 'diatonic-imported', {
    config: {
      ...stageConfigs.dev,
      cognito: {
        kind: 'import',
        userPoolId: 'us-east-2_Existing1',
        clientId: 'existingclient123',
        domain: 'https://login.example.com',
      },
    },
  });
  const assembly = app.synth();
  for (const stage of stageNames) templates[stage] = Template.fromStack(stacks[stage]!);
  templates.imported = Template.fromStack(imported);
  assetDirs = readdirSync(assembly.directory)
    .filter((name) => name.startsWith('asset.'))
    .map((name) => join(assembly.directory, name));
}, 600_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

function onlyResource(template: Template, type: string): Resource {
  const found = resourcesOf(template, type);
  expect(found).toHaveLength(1);
  return found[0]![1];
}

function functionByName(template: Template, role: string, stage: string): [string, Resource] {
  const found = resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties?.FunctionName === `diatonic-${stage}-${role}`,
  );
  if (!found) throw new Error(`no ${role} function`);
  return found;
}

/** Every statement of every identity policy (roles' inline policies and AWS::IAM::Policy), by role. */
function statementsByRole(template: Template): Map<string, Record<string, unknown>[]> {
  const byRole = new Map<string, Record<string, unknown>[]>();
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const doc = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
    for (const role of policy.Properties!.Roles as { Ref: string }[]) {
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...doc.Statement]);
    }
  }
  return byRole;
}

/** A CloudFormation value as text: Fn::Join joined, Ref and Fn::GetAtt as `<Name>` and `<Name.Attr>`. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(rendered).join(separator);
  }
  if (typeof v.Ref === 'string') return `<${v.Ref}>`;
  if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The web site's Content-Security-Policy (its response headers policy) as directive → sources. */
function siteContentSecurityPolicy(template: Template): Map<string, string[]> {
  const [policyId, policy] = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
  const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties!.DistributionConfig as {
    DefaultCacheBehavior: { ResponseHeadersPolicyId: unknown };
  };
  expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  const config = policy.Properties!.ResponseHeadersPolicyConfig as {
    SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown; Override: boolean } };
  };
  expect(config.SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(true);
  const text = rendered(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
  return new Map(
    text.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name!, sources];
    }),
  );
}

describe.each(stageNames)('stage %s', (stage) => {
  const config = stageConfigs[stage];
  const t = () => templates[stage];

  it('has one table with exactly the adapter’s keys, indexes and TTL; on-demand, PITR and encryption on', () => {
    const table = onlyResource(t(), 'AWS::DynamoDB::Table').Properties!;
    const expected = createTableInput('ignored');
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(new Set(table.AttributeDefinitions as unknown[])).toEqual(new Set(expected.AttributeDefinitions));
    const sortByName = (list: unknown) =>
      [...(list as { IndexName: string }[])].sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(sortByName(table.GlobalSecondaryIndexes)).toEqual(sortByName(expected.GlobalSecondaryIndexes));
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: attributeNames.timeToLive, Enabled: true });
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it('has a private, encrypted, TLS-only content bucket with upload CORS and the lifecycle rules', () => {
    const buckets = resourcesOf(t(), 'AWS::S3::Bucket');
    for (const [, bucket] of buckets) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
    }
    const content = buckets.find(([id]) => id.startsWith('DataContent'))![1].Properties!;
    const rules = (content.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'uploads/temp/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'logs/', ExpirationInDays: config.bucketLogsRetentionDays }),
    );
    const cors = (content.CorsConfiguration as { CorsRules: Record<string, unknown>[] }).CorsRules[0]!;
    expect(cors.AllowedMethods).toEqual(expect.arrayContaining(['PUT', 'POST']));
    // The CloudFront origin (a token) plus the configured extra origins.
    expect(JSON.stringify(cors.AllowedOrigins)).toMatch(/"WebDistribution\w+","DomainName"/);
    for (const origin of config.extraWebOrigins) expect(cors.AllowedOrigins).toContain(origin);
    // Every bucket denies non-TLS requests.
    for (const [, policy] of resourcesOf(t(), 'AWS::S3::BucketPolicy')) {
      const statements = (policy.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('runs four ARM64 Node 22 functions with per-role sizing, stage environment and short logs outside prod', () => {
    for (const role of ['api', 'worker', 'content', 'scheduler'] as const) {
      const [, fn] = functionByName(t(), role, stage);
      const p = fn.Properties!;
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Handler).toBe('index.handler');
      expect(p.MemorySize).toBe(config.functions[role].memoryMb);
      expect(p.Timeout).toBe(config.functions[role].timeoutSeconds);
      const env = (p.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        STORAGE: 'dynamodb',
        QUEUE: 'sqs',
        AUTH: 'cognito',
        LLM_PROVIDER: 'bedrock',
        BLOBS: 's3',
      });
      expect(env.AWS_REGION).toBeUndefined();
      expect(JSON.stringify(env.CURSOR_SECRET)).toContain('resolve:secretsmanager');
    }
    const retention = resourcesOf(t(), 'AWS::Logs::LogGroup').map(([, g]) => g.Properties?.RetentionInDays);
    expect(retention).toEqual([
      config.logRetentionDays,
      config.logRetentionDays,
      config.logRetentionDays,
      config.logRetentionDays,
    ]);
  });

  it('feeds the worker from the jobs queue with partial batch failures, and dead-letters after maxReceiveCount', () => {
    const [workerId] = functionByName(t(), 'worker', stage);
    t().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: config.workerMaxConcurrency },
    });
    const queues = resourcesOf(t(), 'AWS::SQS::Queue');
    const jobs = queues.find(([, q]) => q.Properties?.QueueName === `diatonic-${stage}-jobs`)![1].Properties!;
    const dlqId = queues.find(([, q]) => q.Properties?.QueueName === `diatonic-${stage}-jobs-dlq`)![0];
    expect(jobs.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: config.maxReceiveCount,
    });
    expect(jobs.VisibilityTimeout).toBe(config.functions.worker.timeoutSeconds * 6);
    for (const [, q] of queues) expect(q.Properties?.SqsManagedSseEnabled).toBe(true);
  });

  it('sends upload processing to the content queue, consumed one upload at a time by the content function', () => {
    const queues = resourcesOf(t(), 'AWS::SQS::Queue');
    const idOf = (name: string) => queues.find(([, q]) => q.Properties?.QueueName === name)![0];
    const contentQueue = idOf(`diatonic-${stage}-content-jobs`);
    const contentDlq = idOf(`diatonic-${stage}-content-jobs-dlq`);
    const [contentFnId] = functionByName(t(), 'content', stage);
    const [workerId] = functionByName(t(), 'worker', stage);
    t().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: contentFnId },
      EventSourceArn: { 'Fn::GetAtt': [contentQueue, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: config.contentMaxConcurrency },
    });
    // The worker consumes only the jobs queue, the content function only the content queue.
    const mappings = resourcesOf(t(), 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties!);
    expect(mappings).toHaveLength(2);
    expect(mappings.find((m) => (m.FunctionName as { Ref: string }).Ref === workerId)!.EventSourceArn).toEqual({
      'Fn::GetAtt': [idOf(`diatonic-${stage}-jobs`), 'Arn'],
    });
    const content = queues.find(([id]) => id === contentQueue)![1].Properties!;
    expect(content.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [contentDlq, 'Arn'] },
      maxReceiveCount: config.maxReceiveCount,
    });
    expect(content.VisibilityTimeout).toBe(config.functions.content.timeoutSeconds * 6);
    // Every function knows where upload processing goes (the SQS JobQueue routes `uploads.process` there).
    for (const role of ['api', 'worker', 'content', 'scheduler']) {
      const [, fn] = functionByName(t(), role, stage);
      const env = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.SQS_CONTENT_QUEUE_URL).toEqual({ Ref: contentQueue });
    }
  });

  it('grants no wildcard resources or actions in any policy', () => {
    const policyTypes = [
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::S3::BucketPolicy',
      'AWS::SQS::QueuePolicy',
      'AWS::SNS::TopicPolicy',
    ];
    let statements = 0;
    for (const type of policyTypes) {
      for (const [id, resource] of resourcesOf(t(), type)) {
        const docs = [
          resource.Properties?.PolicyDocument,
          ...asList(resource.Properties?.Policies as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument),
        ].filter(Boolean) as { Statement: Record<string, unknown>[] }[];
        for (const doc of docs) {
          for (const statement of doc.Statement) {
            statements++;
            for (const r of asList(statement.Resource)) expect(r, `${id} resource`).not.toBe('*');
            // A Deny may be broad (the TLS-only policies deny `s3:*`/`sqs:*`); an Allow may not.
            if (statement.Effect === 'Deny') continue;
            for (const a of asList(statement.Action as string | string[])) {
              expect(a, `${id} action`).not.toBe('*');
              expect(a, `${id} action`).not.toMatch(/:\*$/);
            }
          }
        }
      }
    }
    expect(statements).toBeGreaterThan(20);
    // No managed policy either (AWSLambdaBasicExecutionRole allows logs on `*`).
    for (const [, role] of resourcesOf(t(), 'AWS::IAM::Role'))
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('lets each function do only what it needs; Bedrock only on the catalog’s models', () => {
    const byRole = statementsByRole(t());
    const roleOf = (role: string) => {
      const [, fn] = functionByName(t(), role, stage);
      return (fn.Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    };
    const actionsOf = (role: string) => new Set(byRole.get(roleOf(role))!.flatMap((s) => asList(s.Action as string[])));
    const scheduler = actionsOf('scheduler');
    expect([...scheduler].filter((a) => a.startsWith('s3:') || a.startsWith('bedrock:'))).toEqual([]);
    expect(scheduler.has('sqs:SendMessage')).toBe(true);
    const worker = actionsOf('worker');
    expect(worker.has('sqs:ReceiveMessage')).toBe(true);
    expect(worker.has('sqs:DeleteMessage')).toBe(true);
    expect(actionsOf('api').has('sqs:ReceiveMessage')).toBe(false);
    // Only the worker scans: the purge of a deleted organisation (identity's purge-organization.ts).
    expect(actionsOf('api').has('dynamodb:Scan')).toBe(false);
    expect(actionsOf('scheduler').has('dynamodb:Scan')).toBe(false);
    expect(worker.has('dynamodb:Scan')).toBe(true);

    const s3Resources = byRole
      .get(roleOf('api'))!
      .filter((s) => asList(s.Action as string[]).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))
      .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    expect(s3Resources.length).toBeGreaterThan(0);
    for (const r of s3Resources) expect(r).toMatch(/\/(uploads\/temp|orgs|modules|thumbnails)\/\*"/);
    // ListBucket (on the bucket itself, never on objects) lets S3 answer 404 to a HeadObject of a
    // missing key; the functions that head keys have it, the scheduler has no S3 access at all.
    for (const role of ['api', 'worker', 'content']) {
      const list = byRole.get(roleOf(role))!.filter((s) => asList(s.Action as string[]).includes('s3:ListBucket'));
      expect(list).toHaveLength(1);
      expect(asList(list[0]!.Action as string[])).toEqual(['s3:ListBucket']);
      expect(JSON.stringify(list[0]!.Resource)).toMatch(
        /^\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":s3:::diatonic-[a-z]+-content-/,
      );
      expect(JSON.stringify(list[0]!.Resource)).not.toContain('/');
    }
    // Only content processing writes processed files; the worker only deletes (stale temp uploads,
    // unclaimed post attachments and a deleted account's files under `orgs/`).
    const objectActions = (role: string) =>
      byRole
        .get(roleOf(role))!
        .filter((s) => asList(s.Action as string[]).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))
        .map((s) => ({ actions: asList(s.Action as string[]).sort(), resources: JSON.stringify(s.Resource) }));
    expect(objectActions('worker')).toEqual([{ actions: ['s3:DeleteObject'], resources: expect.any(String) }]);
    const workerObjects = objectActions('worker')[0]!.resources;
    expect(workerObjects).toMatch(/\/uploads\/temp\/\*"\]\]\}/);
    expect(workerObjects).toMatch(/\/orgs\/\*"\]\]\}/);
    expect(objectActions('content').flatMap((s) => s.actions)).toContain('s3:PutObject');
    // Sending: the API to both queues; everyone else only to the jobs queue.
    const sendTargets = (role: string) =>
      byRole
        .get(roleOf(role))!
        .filter((s) => asList(s.Action as string[]).includes('sqs:SendMessage'))
        .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    expect(sendTargets('api').some((r) => r.includes('contentjobsQueue'))).toBe(true);
    for (const role of ['worker', 'content', 'scheduler']) {
      expect(sendTargets(role).length).toBeGreaterThan(0);
      for (const r of sendTargets(role)) expect(r).toMatch(/"jobsQueue\w+"/);
    }

    const expectedModels = defaultModelCatalog.filter((m) => m.provider === 'bedrock').map((m) => m.providerModelId);
    expect(bedrockModelIds()).toEqual(expectedModels);
    for (const role of ['api', 'worker']) {
      const bedrock = byRole
        .get(roleOf(role))!
        .filter((s) => asList(s.Action as string[]).some((a) => a.startsWith('bedrock:')));
      expect(bedrock).toHaveLength(1);
      expect(new Set(asList(bedrock[0]!.Action as string[]))).toEqual(
        new Set(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']),
      );
      const resources = asList(bedrock[0]!.Resource).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(expectedModels.length);
      for (const [i, id] of expectedModels.entries()) expect(resources[i]).toContain(`::foundation-model/${id}"`);
    }
  });

  it('fronts the API with API Gateway throttled per stage, behind CloudFront’s /api/*', () => {
    if (config.apiKind === 'http') {
      t().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        DefaultRouteSettings: {
          ThrottlingRateLimit: config.throttle.rateLimit,
          ThrottlingBurstLimit: config.throttle.burstLimit,
        },
      });
      t().hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
      t().hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: config.extraWebOrigins }),
      });
      t().resourceCountIs('AWS::ApiGateway::RestApi', 0);
    } else {
      t().hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [
          Match.objectLike({
            ThrottlingRateLimit: config.throttle.rateLimit,
            ThrottlingBurstLimit: config.throttle.burstLimit,
          }),
        ],
      });
      t().resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    }
    const distribution = onlyResource(t(), 'AWS::CloudFront::Distribution').Properties!.DistributionConfig as Record<
      string,
      unknown
    >;
    const behaviors = distribution.CacheBehaviors as Record<string, unknown>[];
    expect(behaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE', 'PATCH']),
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      }),
    ]);
  });

  it(`has WAF on the API ${config.waf ? 'in prod' : 'nowhere (prod only)'}`, () => {
    t().resourceCountIs('AWS::WAFv2::WebACL', config.waf ? 1 : 0);
    t().resourceCountIs('AWS::WAFv2::WebACLAssociation', config.waf ? 1 : 0);
    if (config.waf) {
      t().hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
      const association = onlyResource(t(), 'AWS::WAFv2::WebACLAssociation').Properties!;
      expect(JSON.stringify(association.ResourceArn)).toContain('/restapis/');
    }
  });

  it('alarms on API 5xx rate and p95 latency, every function’s errors and throttles, and DLQ depth', () => {
    const names = resourcesOf(t(), 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties?.AlarmName);
    const expected = [
      'api-5xx-rate',
      'api-p95-latency',
      ...['api', 'worker', 'content', 'scheduler'].flatMap((r) => [`${r}-errors`, `${r}-throttles`]),
      'jobs-dlq-depth',
      'contentJobs-dlq-depth',
    ].map((n) => `diatonic-${stage}-${n}`);
    expect(new Set(names)).toEqual(new Set(expected));
    t().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `diatonic-${stage}-api-p95-latency`,
      ExtendedStatistic: 'p95',
      Threshold: config.alarms.apiP95LatencyMs,
    });
    for (const [, alarm] of resourcesOf(t(), 'AWS::CloudWatch::Alarm')) {
      expect(asList(alarm.Properties?.AlarmActions)).toHaveLength(1);
    }
  });

  it('has a monthly cost budget with actual and forecast alerts', () => {
    t().hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: config.budget.monthlyUsd, Unit: 'USD' },
      }),
      NotificationsWithSubscribers: [
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80 }) }),
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }) }),
      ],
    });
  });

  it('creates a Cognito pool and app client and configures the functions for them', () => {
    t().resourceCountIs('AWS::Cognito::UserPool', 1);
    const client = resourcesOf(t(), 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client[1].Properties?.GenerateSecret).toBe(false);
    const [, api] = functionByName(t(), 'api', stage);
    const env = (api.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.COGNITO_CLIENT_ID).toEqual({ Ref: client[0] });
  });

  it('lets the web app sign in at the hosted UI: code grant only, public client, exactly its callback and sign-out URLs', () => {
    // The client refers to the distribution, whose /api/* origin leads to the API function that gets the
    // client's id: Template.fromStack (beforeAll) refuses templates with a dependency cycle, so none arose.
    const [distributionId] = resourcesOf(t(), 'AWS::CloudFront::Distribution')[0]!;
    const cloudFront = `https://<${distributionId}.DomainName>`;
    const origins = [cloudFront, ...config.extraWebOrigins];
    const client = onlyResource(t(), 'AWS::Cognito::UserPoolClient').Properties!;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.GenerateSecret).toBe(false); // public client: PKCE, not a secret, protects the code
    expect(client.EnableTokenRevocation).toBe(true);
    expect(asList(client.CallbackURLs).map(rendered)).toEqual(origins.map((o) => `${o}/auth/callback`));
    expect(asList(client.LogoutURLs).map(rendered)).toEqual(origins.map((o) => `${o}/`));
    // The id token is the web app's bearer token: as short-lived as the access token.
    expect([client.IdTokenValidity, client.AccessTokenValidity]).toEqual([15, 15]);
    expect(client.TokenValidityUnits).toMatchObject({ IdToken: 'minutes', AccessToken: 'minutes' });

    const domain = onlyResource(t(), 'AWS::Cognito::UserPoolDomain').Properties!;
    expect(rendered(domain.Domain)).toBe(`diatonic-${stage}-<AWS::AccountId>`);
    const variables = (fn: string) =>
      (functionByName(t(), fn, stage)[1].Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    const [domainId] = resourcesOf(t(), 'AWS::Cognito::UserPoolDomain')[0]!;
    expect(rendered(variables('api').COGNITO_DOMAIN)).toBe(
      `https://<${domainId}>.auth.${config.region}.amazoncognito.com`,
    );
    expect(variables('api').COGNITO_SCOPES).toBe('openid email profile');
    for (const fn of ['worker', 'content', 'scheduler']) expect(variables(fn).COGNITO_DOMAIN).toBeUndefined();
  });

  it('serves the site under the web app’s Content-Security-Policy, open to the content bucket and the hosted UI', () => {
    t().resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 1);
    const policy = siteContentSecurityPolicy(t());
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    const bucketNames = resourcesOf(t(), 'AWS::S3::Bucket').map(([, b]) => rendered(b.Properties?.BucketName ?? ''));
    const contentBucket = bucketNames.find((name) => name.includes('-content-'));
    expect(contentBucket).toBe(`diatonic-${stage}-content-<AWS::AccountId>-${config.region}`);
    const bucketOrigin = `https://${contentBucket}.s3.${config.region}.amazonaws.com`;
    for (const directive of ['connect-src', 'img-src', 'media-src', 'frame-src']) {
      expect(policy.get(directive), directive).toContain(bucketOrigin);
    }
    const domain = onlyResource(t(), 'AWS::Cognito::UserPoolDomain').Properties!;
    const hostedUi = `https://${rendered(domain.Domain)}.auth.${config.region}.amazoncognito.com`;
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      bucketOrigin,
      `https://s3.${config.region}.amazonaws.com`,
      hostedUi,
    ]);
  });

  it('runs the scheduler on an EventBridge rule every minute', () => {
    const [schedulerId] = functionByName(t(), 'scheduler', stage);
    t().hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [schedulerId, 'Arn'] } })],
    });
  });
});

describe('infrastructure across stages', () => {
  it('uses us-east-2 by default, the HTTP API in dev and REST where WAF applies or will (staging mirrors prod)', () => {
    for (const stage of stageNames) expect(stageConfigs[stage].region).toBe('us-east-2');
    expect(stageConfigs.dev.budget.monthlyUsd).toBe(500);
    expect(stageConfigs.dev.logRetentionDays).toBeLessThanOrEqual(14);
    expect(stageConfigs.staging.logRetentionDays).toBeLessThanOrEqual(14);
    expect(stageNames.filter((s) => stageConfigs[s].waf)).toEqual(['prod']);
  });

  it('uses an existing Cognito pool from configuration without creating one', () => {
    const t = templates.imported;
    t.resourceCountIs('AWS::Cognito::UserPool', 0);
    t.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    const [, api] = functionByName(t, 'api', 'dev');
    expect((api.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      COGNITO_USER_POOL_ID: 'us-east-2_Existing1',
      COGNITO_CLIENT_ID: 'existingclient123',
      COGNITO_DOMAIN: 'https://login.example.com',
    });
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    // The web app signs in at the pool's own hosted UI, so its policy lets it fetch there.
    expect(siteContentSecurityPolicy(t).get('connect-src')).toContain('https://login.example.com');
  });

  it('refuses configurations that cannot deploy as written', () => {
    expect(() => checkStageConfig({ ...stageConfigs.dev, waf: true })).toThrow(/waf needs apiKind rest/);
    expect(() => checkStageConfig({ ...stageConfigs.dev, extraWebOrigins: ['https://x.example/path'] })).toThrow(
      /not an origin/,
    );
    expect(() =>
      checkStageConfig({
        ...stageConfigs.dev,
        functions: { ...stageConfigs.dev.functions, api: { memoryMb: 512, timeoutSeconds: 60 } },
      }),
    ).toThrow(/29 s/);
    const imported = { kind: 'import', userPoolId: 'us-east-2_Existing1', clientId: 'c1' } as const;
    expect(() =>
      checkStageConfig({ ...stageConfigs.dev, cognito: { ...imported, domain: 'https://login.example.com/oauth2' } }),
    ).toThrow(/hosted UI origin/);
    expect(() =>
      checkStageConfig({ ...stageConfigs.dev, cognito: { ...imported, domain: 'http://login.example.com' } }),
    ).toThrow(/hosted UI origin/);
    expect(() =>
      checkStageConfig({ ...stageConfigs.dev, cognito: { kind: 'create', domainPrefix: 'my-cognito-login' } }),
    ).toThrow(/domainPrefix/);
  });

  it('bundles every function with esbuild into an ES module plus lazily loaded chunks', () => {
    const bundles = assetDirs.filter((dir) => existsSync(join(dir, 'index.mjs')));
    // api, worker, content (the worker entry plus sharp) and scheduler.
    expect(bundles).toHaveLength(4);
    for (const dir of bundles) {
      expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(10_000);
      // Code split: pdf.js (unpdf) is only in a chunk, never in what a cold start reads.
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).not.toContain('pdfjs');
      const chunks = readdirSync(join(dir, 'chunks'));
      expect(chunks.some((c) => readFileSync(join(dir, 'chunks', c), 'utf8').includes('pdfjs'))).toBe(true);
    }
  });

  it('ships sharp with its linux-arm64 binaries in the content function’s asset, and only there', () => {
    const assetOf = (role: string) => {
      const [, fn] = functionByName(templates.dev, role, 'dev');
      const key = (fn.Properties!.Code as { S3Key: string }).S3Key;
      return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    };
    const content = assetOf('content');
    const binaryDir = join(content, 'node_modules/@img/sharp-linux-arm64/lib');
    const binary = readdirSync(binaryDir).find((f) => f.endsWith('.node'));
    const libvipsDir = join(content, 'node_modules/@img/sharp-libvips-linux-arm64/lib');
    const libvips = readdirSync(libvipsDir).find((f) => f.startsWith('libvips-cpp.so'));
    // ELF, 64-bit, little-endian, machine EM_AARCH64 (183): what Lambda's arm64 runtime loads.
    for (const file of [join(binaryDir, binary!), join(libvipsDir, libvips!)]) {
      const header = readFileSync(file).subarray(0, 20);
      expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(header[4]).toBe(2);
      expect(header.readUInt16LE(18)).toBe(183);
    }
    const version = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    // The sharp the repository's tests ran, and the binaries that sharp release asks for.
    const sharpDir = join(content, 'node_modules/sharp');
    expect(version(sharpDir)).toBe(version(join(process.cwd(), 'node_modules/sharp')));
    const wants = JSON.parse(readFileSync(join(sharpDir, 'package.json'), 'utf8')).optionalDependencies;
    expect(version(join(content, 'node_modules/@img/sharp-linux-arm64'))).toBe(wants['@img/sharp-linux-arm64']);
    expect(version(join(content, 'node_modules/@img/sharp-libvips-linux-arm64'))).toBe(
      wants['@img/sharp-libvips-linux-arm64'],
    );
    // The bundle leaves sharp to node_modules instead of inlining it.
    expect(readFileSync(join(content, 'index.mjs'), 'utf8')).toMatch(/import\(\s*["']sharp["']\s*\)/);
    for (const role of ['api', 'worker', 'scheduler']) {
      expect(existsSync(join(assetOf(role), 'node_modules/sharp'))).toBe(false);
    }
  });

  it('refuses to synthesise a content function without sharp’s linux-arm64 binaries', () => {
    const root = mkdtempSync(join(tmpdir(), 'diatonic-no-native-'));
    try {
      expect(() => sharpLinuxArm64NodeModules(root)).toThrow(/npm run lambda-native/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('each bundle starts on its own, as on Lambda: copied where no node_modules is reachable, it exports a handler', () => {
    const bundles = assetDirs.filter((dir) => existsSync(join(dir, 'index.mjs')));
    const env = imitatedStageEnv({ DATA_DIR: join(tmpdir(), 'diatonic-bundle-test') });
    for (const dir of bundles) {
      const isolated = mkdtempSync(join(tmpdir(), 'diatonic-bundle-'));
      try {
        cpSync(dir, isolated, { recursive: true });
        const index = join(isolated, 'index.mjs');
        // Where `import('sharp')` would load from: the asset's own node_modules (content) or nowhere.
        const probe = `import { createRequire } from 'node:module'; const m = await import(${JSON.stringify(index)}); let sharp = 'absent'; try { sharp = createRequire(${JSON.stringify(index)}).resolve('sharp'); } catch {} console.log(JSON.stringify({ handler: typeof m.handler, sharp }));`;
        const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' });
        const seen = JSON.parse(out.trim().split('\n').at(-1)!);
        expect(seen.handler).toBe('function');
        if (existsSync(join(isolated, 'node_modules/sharp'))) {
          expect(seen.sharp.startsWith(join(isolated, 'node_modules/sharp/'))).toBe(true);
        } else {
          expect(seen.sharp).toBe('absent');
        }
      } finally {
        rmSync(isolated, { recursive: true, force: true });
      }
    }
  });
});

// On CI a missing java fails here instead of skipping (suites never skip on CI).
const dynamoSkip = dynamoDbLocalSkipReason({ ci: process.env.CI === 'true' });

describe.skipIf(dynamoSkip !== undefined)(
  `the API bundle answers API Gateway events on DynamoDB Local${dynamoSkip ? ` (skipped: ${dynamoSkip})` : ''}`,
  () => {
    let emulator: DynamoDbLocal | undefined;
    beforeAll(async () => {
      emulator = await startDynamoDbLocal();
    }, 180_000);
    afterAll(() => emulator?.stop());

    it('in a fresh process, copied where no node_modules is reachable: /api/health, a store read, lazily loaded route groups', async () => {
      const [, api] = functionByName(templates.dev, 'api', 'dev');
      const key = (api.Properties!.Code as { S3Key: string }).S3Key;
      const asset = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const cursorSecret = 'd'.repeat(64);
      const table = await createColdStartTable(emulator!.endpoint, cursorSecret);
      const isolated = mkdtempSync(join(tmpdir(), 'diatonic-api-bundle-'));
      try {
        cpSync(asset, isolated, { recursive: true });
        const result = runColdStartProbe(
          join(isolated, 'index.mjs'),
          // Route groups other than the probes load on their first request (apps/api/src/route-groups.ts):
          // /api/auth/me loads the identity group, /api/openapi.json every group, from chunks/ in the copy.
          ['/api/health', '/api/platform', '/api/nope', '/api/auth/me', '/api/openapi.json'],
          imitatedStageEnv({
            DYNAMODB_TABLE: table,
            DYNAMODB_ENDPOINT: emulator!.endpoint,
            CURSOR_SECRET: cursorSecret,
            DATA_DIR: join(isolated, 'data'),
          }),
        );
        const [health, platform, missing, me, openApi] = result.responses;
        expect(health!.statusCode).toBe(200);
        expect(JSON.parse(health!.body)).toMatchObject({ status: 'ok' });
        // The platform record written to the table above, read back through the bundled DynamoDB adapter.
        expect(platform!.statusCode).toBe(200);
        expect(JSON.parse(platform!.body)).toMatchObject({ name: coldStartPlatformName, schemaVersion: 1 });
        expect(missing!.statusCode).toBe(404);
        expect(JSON.parse(missing!.body).error.code).toBe('not_found');
        expect(me!.statusCode).toBe(401);
        expect(JSON.parse(me!.body).error.code).toBe('unauthenticated');
        expect(openApi!.statusCode).toBe(200);
        const paths = Object.keys(JSON.parse(openApi!.body).paths);
        for (const path of [
          '/api/auth/me',
          '/api/education/modules',
          '/api/agents',
          '/api/community/posts',
          '/api/ai/complete',
        ]) {
          expect(paths).toContain(path);
        }
      } finally {
        rmSync(isolated, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
