/**
 * One stage of the platform: data, queues, identity, the four functions with their least-privilege
 * roles, the API, the web distribution and operations. Everything stage-specific comes from the
 * StageConfig; see README.md for what each stage gets and why.
 */
import { defaultModelCatalog, s3PresignedUrlOrigins, webContentSecurityPolicy } from '@diatonic/core';
import { Aws, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PublicApi } from './constructs/api.ts';
import { contentBucketNameFor, contentPrefixes, DataStore } from './constructs/data.ts';
import { AppFunction, type FunctionRole } from './constructs/functions.ts';
import { Operations, stageTagKey } from './constructs/operations.ts';
import { WebHosting } from './constructs/web.ts';
import { checkStageConfig, type StageConfig } from './stage-config.ts';

/** How often the scheduler runs; apps/api/src/periodic-jobs.ts `schedulerTickMinutes` must match. */
export const schedulerTickMinutes = 1;

/** Where the web app receives the authorization code (apps/web `cognitoCallbackPath`, apps/api config). */
export const webCallbackPath = '/auth/callback';
/** What the web app asks the hosted UI for; `openid` brings the id token it sends to the API. */
export const webOAuthScopes = ['openid', 'email', 'profile'] as const;

/** Bedrock models of the catalog: the only ones the functions may invoke. */
export function bedrockModelIds(): string[] {
  return defaultModelCatalog.filter((m) => m.provider === 'bedrock').map((m) => m.providerModelId);
}

const tableActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

export interface DiatonicStackProps extends StackProps {
  config: StageConfig;
}

export class DiatonicStack extends Stack {
  constructor(scope: Construct, id: string, props: DiatonicStackProps) {
    const config = checkStageConfig(props.config);
    super(scope, id, {
      ...props,
      env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
      description: `Diatonic AI platform, ${config.stage}`,
    });
    Tags.of(this).add(stageTagKey, config.stage);
    Tags.of(this).add('diatonic:app', 'diatonic-platform');

    // A created hosted UI's prefix fixes its origin, so the web app's policy can name it before the pool exists.
    const hostedUiPrefix =
      config.cognito.kind === 'create'
        ? (config.cognito.domainPrefix ?? `diatonic-${config.stage}-${Aws.ACCOUNT_ID}`)
        : '';
    const hostedUiOrigin =
      config.cognito.kind === 'import'
        ? config.cognito.domain
        : `https://${hostedUiPrefix}.auth.${config.region}.amazoncognito.com`;
    const web = new WebHosting(this, 'Web', {
      config,
      contentSecurityPolicy: webContentSecurityPolicy({
        blobOrigins: s3PresignedUrlOrigins(contentBucketNameFor(config), config.region),
        signInOrigins: hostedUiOrigin ? [hostedUiOrigin] : [],
      }),
    });
    const webOrigin = `https://${web.distribution.distributionDomainName}`;
    const data = new DataStore(this, 'Data', { config, webOrigins: [webOrigin, ...config.extraWebOrigins] });

    // Jobs: the general queue and the content-processing queue, each with a dead-letter queue.
    const queueFor = (name: string, fn: { timeoutSeconds: number }) => {
      const dlq = new sqs.Queue(this, `${name}DeadLetters`, {
        queueName: `diatonic-${config.stage}-${name}-dlq`,
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, `${name}Queue`, {
        queueName: `diatonic-${config.stage}-${name}`,
        // AWS's advice for Lambda sources: at least six times the function timeout.
        visibilityTimeout: Duration.seconds(fn.timeoutSeconds * 6),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: config.maxReceiveCount },
      });
      return { queue, dlq };
    };
    const jobs = queueFor('jobs', config.functions.worker);
    const contentJobs = queueFor('content-jobs', config.functions.content);

    // Identity: a new user pool, or the organisation's existing one.
    let userPoolId: string;
    let userPoolClientId: string;
    let hostedUiDomain: string | undefined;
    if (config.cognito.kind === 'import') {
      userPoolId = config.cognito.userPoolId;
      userPoolClientId = config.cognito.clientId;
      hostedUiDomain = config.cognito.domain;
    } else {
      const pool = new cognito.UserPool(this, 'Users', {
        userPoolName: `diatonic-${config.stage}`,
        selfSignUpEnabled: true,
        signInAliases: { email: true },
        autoVerify: { email: true },
        passwordPolicy: {
          minLength: 12,
          requireDigits: true,
          requireLowercase: true,
          requireUppercase: true,
          requireSymbols: false,
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        deletionProtection: config.retainData,
        removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      // The hosted UI, where the web app signs users in (and they sign up).
      const domain = pool.addDomain('HostedUi', {
        cognitoDomain: { domainPrefix: hostedUiPrefix },
      });
      // The web app is a public client: no secret, the authorization code grant only (no implicit grant), and
      // it always sends a PKCE S256 challenge (Cognito checks the verifier whenever a challenge was sent).
      // Callback and sign-out URLs are exactly the web origins' `/auth/callback` and `/`.
      const webOrigins = [webOrigin, ...config.extraWebOrigins];
      const client = pool.addClient('Web', {
        userPoolClientName: `diatonic-${config.stage}-web`,
        generateSecret: false,
        authFlows: { userSrp: true },
        preventUserExistenceErrors: true,
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: webOAuthScopes.map((scope) => cognito.OAuthScope.custom(scope)),
          callbackUrls: webOrigins.map((origin) => `${origin}${webCallbackPath}`),
          logoutUrls: webOrigins.map((origin) => `${origin}/`),
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        enableTokenRevocation: true,
        // The web app sends the id token as its bearer token: it lives as briefly as the access token.
        accessTokenValidity: Duration.minutes(15),
        idTokenValidity: Duration.minutes(15),
        refreshTokenValidity: Duration.days(30),
      });
      userPoolId = pool.userPoolId;
      userPoolClientId = client.userPoolClientId;
      hostedUiDomain = domain.baseUrl();
    }

    // Cursor signing must be the same on every instance: one generated secret, resolved by CloudFormation.
    const cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      secretName: `diatonic/${config.stage}/cursor-secret`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const commonEnv: Record<string, string> = {
      STORAGE: 'dynamodb',
      DYNAMODB_TABLE: data.table.tableName,
      QUEUE: 'sqs',
      SQS_QUEUE_URL: jobs.queue.queueUrl,
      LLM_PROVIDER: 'bedrock',
      AUTH: 'cognito',
      COGNITO_REGION: Aws.REGION,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: userPoolClientId,
      CURSOR_SECRET: SecretValue.secretsManager(cursorSecret.secretArn).unsafeUnwrap(),
      // Lambda's only writable directory; nothing durable is kept there on DynamoDB.
      DATA_DIR: '/tmp/diatonic',
      DEMO_DATA: 'false',
      LOG_LEVEL: config.stage === 'prod' ? 'info' : 'debug',
      BLOBS: 's3',
      S3_BUCKET: data.contentBucketName,
      SQS_CONTENT_QUEUE_URL: contentJobs.queue.queueUrl,
      STAGE: config.stage,
    };
    const make = (role: FunctionRole, env: Record<string, string> = {}) =>
      new AppFunction(this, `${role[0]!.toUpperCase()}${role.slice(1)}Function`, {
        config,
        role,
        sizing: config.functions[role],
        environment: { ...commonEnv, ...env },
      });
    const apiFn = make('api', {
      CORS_ORIGINS: config.extraWebOrigins.join(','),
      // Tells the web app where to sign in (GET /api/auth/config); only the API serves it.
      ...(hostedUiDomain ? { COGNITO_DOMAIN: hostedUiDomain, COGNITO_SCOPES: webOAuthScopes.join(' ') } : {}),
    });
    const workerFn = make('worker');
    const contentFn = make('content');
    const schedulerFn = make('scheduler');

    // Least privilege, written out per function.
    const tableResources = [data.table.tableArn, `${data.table.tableArn}/index/*`];
    const allow = (fn: AppFunction, actions: string[], resources: string[]) =>
      fn.role.addToPolicy(new iam.PolicyStatement({ actions, resources }));
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${data.contentBucketName}`;
    const objects = (...prefixes: string[]) => prefixes.map((p) => `${bucketArn}/${p}*`);
    const bedrockArns = bedrockModelIds().map(
      (id) => `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${id}`,
    );
    const bedrockActions = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
    const send = ['sqs:SendMessage', 'sqs:GetQueueAttributes'];

    for (const fn of [apiFn, workerFn, contentFn, schedulerFn]) allow(fn, tableActions, tableResources);
    // A deleted organisation's purge job sweeps its partitions with a Scan (ItemStore.scanPartitions);
    // only the worker runs it, so only the worker may scan (the table, not its indexes).
    allow(workerFn, ['dynamodb:Scan'], [data.table.tableArn]);
    // Blobs (packages/core/src/uploads/keys.ts): uploads land in `uploads/temp/`, processing moves them
    // under their owner's prefix (`orgs/<org>/modules/…`, `orgs/<org>/community/attachments/…`,
    // thumbnails included; `modules/` and `thumbnails/` are the plan's older layout).
    const owned = objects(contentPrefixes.orgs, contentPrefixes.modules, contentPrefixes.thumbnails);
    const temp = objects(contentPrefixes.uploadsTemp);
    // The blob store asks HeadObject whether a key exists (before a delete, a move, completing an
    // upload). Without s3:ListBucket on the bucket, S3 answers 403 instead of 404 for a missing key,
    // which the adapter cannot tell from a refusal; so every function that heads keys may list.
    // (A ListBucket limited by an s3:prefix condition does not count for that check.)
    const listBucket = (fn: AppFunction) => allow(fn, ['s3:ListBucket'], [bucketArn]);
    // API: presigned uploads into temp and downloads of processed files; owners discard their uploads.
    // It enqueues `uploads.process` on the content queue (SQS_CONTENT_QUEUE_URL) and the rest on `jobs`.
    allow(apiFn, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], temp);
    allow(apiFn, ['s3:GetObject', 's3:DeleteObject'], owned);
    listBucket(apiFn);
    allow(apiFn, send, [jobs.queue.queueArn, contentJobs.queue.queueArn]);
    allow(apiFn, bedrockActions, bedrockArns);
    // Worker: workbench steps and model calls, notifications, the upload sweeper (lists `uploads/temp/`
    // and deletes what is stale; deletes post attachments left unclaimed for 24 h) and the purges of a
    // deleted account's files (`community.purge-account-files`, `uploads.purge-organization`, which
    // lists `orgs/<org>/`). It deletes, never reads or writes. Upload processing has its own queue.
    allow(workerFn, ['s3:DeleteObject'], [...temp, ...objects(contentPrefixes.orgs)]);
    listBucket(workerFn);
    allow(workerFn, send, [jobs.queue.queueArn]);
    allow(workerFn, bedrockActions, bedrockArns);
    // Content processing (`uploads.process`): reads the upload, writes its thumbnail, moves it under
    // its owner (copy + delete), and deletes what a rejected upload left behind.
    allow(contentFn, ['s3:GetObject', 's3:DeleteObject'], temp);
    allow(contentFn, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], owned);
    listBucket(contentFn);
    allow(contentFn, send, [jobs.queue.queueArn]);
    // Scheduler: enqueues periodic jobs only.
    allow(schedulerFn, send, [jobs.queue.queueArn]);

    workerFn.fn.addEventSource(
      new SqsEventSource(jobs.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: config.workerMaxConcurrency,
      }),
    );
    // One upload per invocation: a slow video or a large PDF does not hold other uploads' messages.
    contentFn.fn.addEventSource(
      new SqsEventSource(contentJobs.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: config.contentMaxConcurrency,
      }),
    );
    new events.Rule(this, 'SchedulerTick', {
      ruleName: `diatonic-${config.stage}-scheduler-tick`,
      schedule: events.Schedule.rate(Duration.minutes(schedulerTickMinutes)),
      targets: [new targets.LambdaFunction(schedulerFn.fn, { retryAttempts: 2 })],
    });

    const api = new PublicApi(this, 'Api', { config, handler: apiFn.fn, webOrigins: config.extraWebOrigins });
    web.routeApi(api.domainName, api.originPath);

    new Operations(this, 'Operations', {
      config,
      api,
      functions: { api: apiFn.fn, worker: workerFn.fn, content: contentFn.fn, scheduler: schedulerFn.fn },
      deadLetterQueues: { jobs: jobs.dlq, contentJobs: contentJobs.dlq },
    });

    new CfnOutput(this, 'WebUrl', { value: webOrigin });
    new CfnOutput(this, 'WebBucket', { value: web.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: web.distribution.distributionId });
    new CfnOutput(this, 'ApiDomain', { value: api.domainName });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'JobsQueueUrl', { value: jobs.queue.queueUrl });
    new CfnOutput(this, 'ContentJobsQueueUrl', { value: contentJobs.queue.queueUrl });
    new CfnOutput(this, 'UserPoolId', { value: userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClientId });
    if (hostedUiDomain) new CfnOutput(this, 'HostedUiDomain', { value: hostedUiDomain });
  }
}
