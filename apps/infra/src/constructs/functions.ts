/**
 * The four Lambda functions, each bundled with esbuild (locally, never in Docker; bundle.ts) from the
 * same `apps/api/src/entry/` files the repository runs and tests. Content processing also ships sharp
 * with its linux-arm64 binaries (lambda-native.ts). Each gets its own role holding only the
 * statements it needs; no managed policies (AWSLambdaBasicExecutionRole grants logs on `*`).
 */
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSizing, StageConfig } from '../stage-config.ts';
import { bundledCode, type RuntimeFiles } from './bundle.ts';
import { sharpLinuxArm64NodeModules } from './lambda-native.ts';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const entryDir = `${repoRoot}apps/api/src/entry/`;

export const functionRoles = ['api', 'worker', 'content', 'scheduler'] as const;
export type FunctionRole = (typeof functionRoles)[number];

export const entryFiles: Record<FunctionRole, string> = {
  api: 'lambda-http.ts',
  worker: 'lambda-worker.ts',
  // Content processing runs the worker entry on its own queue, with more memory and time.
  content: 'lambda-worker.ts',
  scheduler: 'lambda-scheduler.ts',
};

const logRetention: Record<StageConfig['logRetentionDays'], logs.RetentionDays> = {
  7: logs.RetentionDays.ONE_WEEK,
  14: logs.RetentionDays.TWO_WEEKS,
  30: logs.RetentionDays.ONE_MONTH,
  90: logs.RetentionDays.THREE_MONTHS,
  365: logs.RetentionDays.ONE_YEAR,
};

/**
 * Files a bundle reads from disk at run time, copied next to it after bundling (from the repository's
 * node_modules, offline): the API serves Swagger UI's assets from `swagger-ui-dist` (http/api-docs.ts).
 */
const runtimeFiles: Partial<Record<FunctionRole, RuntimeFiles[]>> = {
  api: [
    {
      packageName: 'swagger-ui-dist',
      files: [
        'package.json',
        'swagger-ui.css',
        'swagger-ui-bundle.js',
        'favicon-16x16.png',
        'favicon-32x32.png',
        'index.css',
      ],
    },
  ],
};

export interface AppFunctionProps {
  config: StageConfig;
  role: FunctionRole;
  sizing: FunctionSizing;
  environment: Record<string, string>;
}

/** One function with its role and its own log group (retention from the stage config). */
export class AppFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { config, role, sizing } = props;
    const functionName = `diatonic-${config.stage}-${role}`;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logRetention[config.logRetentionDays],
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `diatonic ${config.stage} ${role} function`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new lambda.Function(this, 'Function', {
      functionName,
      code: bundledCode({
        id: role,
        repoRoot,
        entryFile: `${entryDir}${entryFiles[role]}`,
        ...(runtimeFiles[role] ? { runtimeFiles: runtimeFiles[role] } : {}),
        // Only content processing touches images (uploads.process runs on its queue).
        ...(role === 'content' ? { nodeModulesDir: sharpLinuxArm64NodeModules(repoRoot) } : {}),
      }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: sizing.memoryMb,
      timeout: Duration.seconds(sizing.timeoutSeconds),
      role: this.role,
      logGroup,
      environment: props.environment,
    });
  }
}
