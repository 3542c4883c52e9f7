/**
 * Operations: one KMS-encrypted SNS topic (with the stage's e-mail), alarms on every function's errors
 * and throttles, every failure queue's depth, API 5xx and failed report runs, and a dashboard.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import type { ZonedataFunction } from './zonedata-function.ts';

export interface MonitoringProps {
  config: StageConfig;
  httpApi: HttpApi;
  functions: ZonedataFunction[];
  queues: Queue[];
  aggregator: ZonedataFunction;
  reportWorker: ZonedataFunction;
  reportSchedule: ZonedataFunction;
}

const fiveMin = { period: Duration.minutes(5), statistic: 'Sum' };
const queueDepth = (q: Queue) =>
  q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });

export class Monitoring extends Construct {
  private readonly notify: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.notify = new SnsAction(this.alarmTopic(props.config));
    for (const f of props.functions) {
      this.alarm(`Errors-${f.routeId}`, f.fn.metricErrors(fiveMin), `${f.routeId}: function errors`);
      this.alarm(
        `Throttles-${f.routeId}`,
        f.fn.metricThrottles(fiveMin),
        `${f.routeId}: throttled invocations`,
      );
    }
    for (const q of props.queues)
      this.alarm(
        `Depth-${q.node.id}`,
        queueDepth(q),
        `${q.node.id}: failed events waiting (inspect and redrive)`,
      );
    this.alarm('Api5xx', props.httpApi.metricServerError(fiveMin), 'HTTP API 5xx responses');
    this.alarm(
      'ReportRunFailed',
      new MathExpression({
        expression: 'workerErrors + scheduleErrors',
        usingMetrics: {
          workerErrors: props.reportWorker.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
          scheduleErrors: props.reportSchedule.fn.metricErrors({
            period: Duration.hours(1),
            statistic: 'Sum',
          }),
        },
        period: Duration.hours(1),
      }),
      'A report run failed (worker or quarterly schedule): the previous report stays in place',
    );
    this.dashboard(props);
  }

  private alarmTopic(config: StageConfig): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'zonedata alarm topic encryption',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    if (config.alarmEmail) topic.addSubscription(new EmailSubscription(config.alarmEmail));
    return topic;
  }

  private alarm(id: string, metric: Metric | MathExpression, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.notify);
  }

  private dashboard({ config, httpApi, functions, queues, aggregator }: MonitoringProps): void {
    new Dashboard(this, 'Dashboard', {
      dashboardName: `zonedata-${config.stage}`,
      widgets: [
        [
          new GraphWidget({
            title: 'API requests / 4xx / 5xx',
            left: [
              httpApi.metricCount(fiveMin),
              httpApi.metricClientError(fiveMin),
              httpApi.metricServerError(fiveMin),
            ],
          }),
          new GraphWidget({
            title: 'Function errors',
            left: functions.map((f) => f.fn.metricErrors({ ...fiveMin, label: f.routeId })),
          }),
        ],
        [
          new GraphWidget({
            title: 'Aggregator duration and stream lag',
            left: [aggregator.fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' })],
          }),
          new GraphWidget({ title: 'Failure queues (depth)', left: queues.map(queueDepth) }),
        ],
      ],
    });
  }
}
