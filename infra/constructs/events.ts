/**
 * The event-driven functions: the report worker (invoked asynchronously, failures to SQS), the stream
 * aggregator (DynamoDB stream, partial batch failures, failures to SQS, where the aggregate repair picks
 * them up) and the quarterly report schedule (EventBridge Scheduler, Brussels time, failures to SQS).
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
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
  readonly aggregateRepair: ZonedataFunction;
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

    // Batches the aggregator gave up on are repaired from source (functions/aggregate-repair.ts); a message
    // that still cannot be repaired after 10 tries lands in AggregateRepairFailures (alarmed).
    const repairFailures = failureQueue(this, 'AggregateRepairFailures');
    const aggregatorFailures = failureQueue(this, 'AggregatorFailures', {
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: repairFailures, maxReceiveCount: 10 },
    });
    this.aggregateRepair = new ZonedataFunction(this, `Fn-${eventFunctions.aggregateRepair.id}`, {
      ...props.functionDefaults,
      ...eventFunctions.aggregateRepair,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      description: 'recomputes from source the quarters of stream batches the aggregator gave up on',
      streamConsumer: true,
    });
    this.aggregateRepair.applyPermissions(eventFunctions.aggregateRepair.permissions, targets);
    this.aggregateRepair.fn.addEventSource(
      new SqsEventSource(aggregatorFailures, { batchSize: 1, reportBatchItemFailures: true }),
    );
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

    this.queues = [reportFailures, repairFailures, aggregatorFailures, scheduleFailures];
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
