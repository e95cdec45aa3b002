/**
 * The public API: API Gateway in front of the API function, throttled per stage, CORS for the web
 * origins. `http` (HTTP API) where cost matters most; `rest` (REST API) where WAF must sit on the API
 * itself — a regional web ACL cannot be associated with an HTTP API. See README.md.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';

export interface PublicApiProps {
  config: StageConfig;
  handler: lambda.IFunction;
  webOrigins: string[];
}

const corsHeaders = ['authorization', 'content-type', 'idempotency-key', 'last-event-id', 'x-request-id'];

export class PublicApi extends Construct {
  /** The API's host name, for CloudFront's `/api/*` origin. */
  readonly domainName: string;
  /** The path CloudFront prefixes to requests (the REST stage), or undefined. */
  readonly originPath: string | undefined;
  readonly metrics: { count: cloudwatch.Metric; serverErrors: cloudwatch.Metric; latency: cloudwatch.Metric };

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const { config, handler, webOrigins } = props;
    const region = Stack.of(this).region;
    if (config.apiKind === 'http') {
      const api = new apigwv2.HttpApi(this, 'HttpApi', {
        apiName: `diatonic-${config.stage}`,
        // The web app is same-origin through CloudFront; CORS is for the extra origins only.
        ...(webOrigins.length > 0
          ? {
              corsPreflight: {
                allowOrigins: webOrigins,
                allowMethods: [apigwv2.CorsHttpMethod.ANY],
                allowHeaders: corsHeaders,
                allowCredentials: false,
                exposeHeaders: ['x-request-id', 'retry-after'],
              },
            }
          : {}),
        createDefaultStage: false,
      });
      const integration = new HttpLambdaIntegration('LambdaIntegration', handler, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      });
      api.addRoutes({ path: '/api/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration });
      const stage = api.addStage('Stage', {
        stageName: '$default',
        autoDeploy: true,
        throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      });
      this.domainName = `${api.apiId}.execute-api.${region}.${Aws.URL_SUFFIX}`;
      this.originPath = undefined;
      const dims = { ApiId: api.apiId, Stage: stage.stageName };
      this.metrics = {
        count: new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName: 'Count',
          dimensionsMap: dims,
          statistic: 'Sum',
        }),
        serverErrors: new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName: '5xx',
          dimensionsMap: dims,
          statistic: 'Sum',
        }),
        latency: new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName: 'Latency',
          dimensionsMap: dims,
          statistic: 'p95',
        }),
      };
      return;
    }

    const stageName = 'live';
    const api = new apigw.LambdaRestApi(this, 'RestApi', {
      restApiName: `diatonic-${config.stage}`,
      handler,
      proxy: false,
      cloudWatchRole: false,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      deployOptions: {
        stageName,
        throttlingRateLimit: config.throttle.rateLimit,
        throttlingBurstLimit: config.throttle.burstLimit,
        metricsEnabled: true,
      },
      ...(webOrigins.length > 0
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: webOrigins,
              allowMethods: apigw.Cors.ALL_METHODS,
              allowHeaders: corsHeaders,
            },
          }
        : {}),
    });
    api.root.addResource('api').addProxy({ anyMethod: true });
    this.domainName = `${api.restApiId}.execute-api.${region}.${Aws.URL_SUFFIX}`;
    this.originPath = `/${stageName}`;
    const dims = { ApiName: `diatonic-${config.stage}`, Stage: stageName };
    this.metrics = {
      count: new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: 'Count',
        dimensionsMap: dims,
        statistic: 'Sum',
      }),
      serverErrors: new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '5XXError',
        dimensionsMap: dims,
        statistic: 'Sum',
      }),
      latency: new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: 'Latency',
        dimensionsMap: dims,
        statistic: 'p95',
      }),
    };

    if (config.waf) {
      const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
        name: `diatonic-${config.stage}-api`,
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          metricName: `diatonic-${config.stage}-api`,
          sampledRequestsEnabled: true,
        },
        rules: [
          managedRule('AWSManagedRulesCommonRuleSet', 1),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
          managedRule('AWSManagedRulesAmazonIpReputationList', 3),
          {
            name: 'rate-per-ip',
            priority: 10,
            action: { block: {} },
            // Requests per 5 minutes from one address; the app's own per-user limits sit behind it.
            statement: { rateBasedStatement: { limit: 2_000, aggregateKeyType: 'IP' } },
            visibilityConfig: {
              cloudWatchMetricsEnabled: true,
              metricName: 'rate-per-ip',
              sampledRequestsEnabled: true,
            },
          },
        ],
      });
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: api.deploymentStage.stageArn,
        webAclArn: acl.attrArn,
      });
    }
  }
}

function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}
