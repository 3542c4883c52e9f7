/**
 * The event-driven functions: the report worker (invoked asynchronously, failures to SQS), the stream
 * aggregator (DynamoDB stream, partial batch failures, failures to SQS) and the quarterly report schedule
 * (EventBridge Scheduler, Brussels time, failures to SQS).
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { eventFunctions } from '../../functions/routes.ts';
import { failureQueue } from './failure-queue.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import { type FunctionDefaults, ZonedataFunction } from './zonedata-function.ts';

export interface EventsProps {
  functionDefaults: FunctionDefaults;
  table: ITable;
  reportBucket: IBucket;
}

export class Events extends Construct {
  readonly reportWorker: ZonedataFunction;
  readonly aggregator: ZonedataFunction;
  readonly reportSchedule: ZonedataFunction;
  /** Every failure queue, for alarms. */
  readonly queues: Queue[];

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const targets = { table: props.table, bucket: props.reportBucket };

    const reportFailures = failureQueue(this, 'ReportWorkerFailures');
    this.reportWorker = new ZonedataFunction(this, `Fn-${eventFunctions.reportWorker.id}`, {
      ...props.functionDefaults,
      ...eventFunctions.reportWorker,
      memorySize: 2048,
      timeout: Duration.minutes(5),
      description: 'builds one report run (sized for 100k responses in a zone-quarter)',
    });
    this.reportWorker.applyPermissions(eventFunctions.reportWorker.permissions, targets);
    this.reportWorker.fn.configureAsyncInvoke({
      onFailure: new SqsDestination(reportFailures),
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
    });

    const aggregatorFailures = failureQueue(this, 'AggregatorFailures');
    this.aggregator = new ZonedataFunction(this, `Fn-${eventFunctions.aggregator.id}`, {
      ...props.functionDefaults,
      ...eventFunctions.aggregator,
      memorySize: 1024,
      timeout: Duration.seconds(60),
      streamConsumer: true,
    });
    this.aggregator.applyPermissions(eventFunctions.aggregator.permissions, targets);
    this.aggregator.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(aggregatorFailures),
      }),
    );

    const scheduleFailures = failureQueue(this, 'ReportScheduleFailures');
    this.reportSchedule = new ZonedataFunction(this, `Fn-${eventFunctions.reportSchedule.id}`, {
      ...props.functionDefaults,
      ...eventFunctions.reportSchedule,
    });
    this.reportSchedule.applyPermissions(eventFunctions.reportSchedule.permissions, {
      ...targets,
      reportWorker: this.reportWorker.fn,
    });
    this.scheduleQuarterlyReport(scheduleFailures);

    this.queues = [reportFailures, aggregatorFailures, scheduleFailures];
  }

  /** 06:00 Brussels time on the first day of each quarter: the report of the quarter just closed. */
  private scheduleQuarterlyReport(deadLetterQueue: Queue): void {
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the quarterly report function',
    });
    acknowledgeWildcardResource(
      role,
      `${this.reportSchedule.fn.functionArn}:*`,
      'The Scheduler target grant covers the report-schedule function and its versions/aliases (ARN:*); it is still that one function.',
    );
    new Schedule(this, 'QuarterlyReport', {
      description: 'Report for the quarter just closed: 06:00 Brussels time on the first day of each quarter',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: '6',
        day: '1',
        month: '1,4,7,10',
        timeZone: TimeZone.EUROPE_BRUSSELS,
      }),
      target: new LambdaInvoke(this.reportSchedule.fn, {
        input: ScheduleTargetInput.fromObject({ source: 'zonedata.schedule' }),
        role,
        deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });
  }
}
