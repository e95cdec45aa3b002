/**
 * Alarms and the monthly budget. Alarms notify an SNS topic (email subscribers from the stage config):
 * API 5xx rate and p95 latency, errors and throttles of every function, and messages waiting in any
 * dead-letter queue. The budget alerts at 80 % of actual and 100 % of forecast spend.
 */
import { Duration } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import type { PublicApi } from './api.ts';

export const stageTagKey = 'diatonic:stage';

export interface OperationsProps {
  config: StageConfig;
  api: PublicApi;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: Record<string, sqs.IQueue>;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { config, api } = props;
    this.topic = new sns.Topic(this, 'Alarms', { displayName: `diatonic ${config.stage} alarms`, enforceSSL: true });
    for (const email of config.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (_name: string, a: cloudwatch.Alarm) => {
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      return a;
    };
    const period = Duration.minutes(5);

    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: api.metrics.serverErrors.with({ period }), requests: api.metrics.count.with({ period }) },
      period,
      label: 'API 5xx %',
    });
    alarm(
      'Api5xx',
      errorRate.createAlarm(this, 'Api5xxRate', {
        alarmName: `diatonic-${config.stage}-api-5xx-rate`,
        alarmDescription: `More than ${config.alarms.api5xxPercent}% of API requests answered 5xx`,
        threshold: config.alarms.api5xxPercent,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    alarm(
      'ApiLatency',
      api.metrics.latency.with({ period }).createAlarm(this, 'ApiP95Latency', {
        alarmName: `diatonic-${config.stage}-api-p95-latency`,
        alarmDescription: `API p95 latency above ${config.alarms.apiP95LatencyMs} ms`,
        threshold: config.alarms.apiP95LatencyMs,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const [role, fn] of Object.entries(props.functions)) {
      alarm(
        `${role}Errors`,
        fn.metricErrors({ period, statistic: 'Sum' }).createAlarm(this, `${role}Errors`, {
          alarmName: `diatonic-${config.stage}-${role}-errors`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      alarm(
        `${role}Throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }).createAlarm(this, `${role}Throttles`, {
          alarmName: `diatonic-${config.stage}-${role}-throttles`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}Dlq`,
        dlq
          .metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })
          .createAlarm(this, `${name}DlqDepth`, {
            alarmName: `diatonic-${config.stage}-${name}-dlq-depth`,
            alarmDescription: 'Jobs reached the dead-letter queue: inspect and redrive them',
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    const subscribers = config.budget.alertEmails.map((address) => ({ subscriptionType: 'EMAIL', address }));
    new budgets.CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetName: `diatonic-${config.stage}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: config.budget.monthlyUsd, unit: 'USD' },
        // Only this stage's spend: every resource carries the stage tag (activate it as a cost
        // allocation tag once per account, see README.md).
        costFilters: { TagKeyValue: [`user:${stageTagKey}$${config.stage}`] },
      },
      notificationsWithSubscribers: [
        {
          notification: {
            notificationType: 'ACTUAL',
            comparisonOperator: 'GREATER_THAN',
            threshold: 80,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
        {
          notification: {
            notificationType: 'FORECASTED',
            comparisonOperator: 'GREATER_THAN',
            threshold: 100,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
      ],
    });
  }
}
