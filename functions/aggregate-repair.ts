/**
 * The aggregator's on-failure queue → repair from source. Lambda sends a batch it gave up on to the queue
 * as a pointer (shard and sequence numbers); this reads those records back from the stream, finds the
 * quarters they touch, and recomputes those quarters' figures from the source records (the truth),
 * rewriting only the cells that still differ after a settling pause. A message whose quarters are not
 * settled yet is handed back, so SQS tries it again later. Locally, local/stream-poller.ts repairs the
 * records it set aside through `repairRecords`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import middy from '@middy/core';
import type { DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { contributionsOf } from '../shared/aggregates/contributions.ts';
import { verifyPeriod } from '../shared/aggregates/verify.ts';
import { quarterOfInstant } from '../shared/period.ts';
import { toTableChange } from './aggregator.ts';
import { coldStart, logger } from './lib/observability.ts';
import { toLambdaRecord } from './lib/stream-record.ts';

/** The quarters whose figures a set of stream records changes (old and new images). */
export const quartersOfRecords = (records: DynamoDBRecord[]): string[] => {
  const quarters = new Set<string>();
  for (const record of records) {
    try {
      const change = toTableChange(record);
      for (const image of [change.oldImage, change.newImage])
        for (const c of contributionsOf(image)) quarters.add(c.quarter);
    } catch {
      // An unreadable image: its arrival quarter is the best guess left.
      const at = record.dynamodb?.ApproximateCreationDateTime;
      if (at) quarters.add(quarterOfInstant(new Date(at * 1000)));
    }
  }
  return [...quarters].sort();
};

/** Repairs the quarters the records touch; true once each equals the source. */
export const repairRecords = async (records: DynamoDBRecord[], settleMs: number): Promise<boolean> => {
  let settled = true;
  for (const quarter of quartersOfRecords(records)) {
    const result = await verifyPeriod(quarter, { repair: true, settleMs });
    logger.info('aggregates repaired from source', {
      quarter,
      checked: result.checked,
      differences: result.differences.length,
      repaired: result.repaired,
    });
    if (result.differences.length > result.repaired) settled = false;
  }
  return settled;
};

/** What the event source mapping puts on the on-failure queue for a DynamoDB stream batch. */
interface StreamFailure {
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    streamArn: string;
    approximateArrivalOfFirstRecord?: string;
    approximateArrivalOfLastRecord?: string;
  };
}

const streams = new DynamoDBStreamsClient({});
const MAX_PAGES = 50;

/** The batch's records read back from the stream (while it still holds them: 24 hours). */
const readBatch = async (info: StreamFailure['DDBStreamBatchInfo']): Promise<DynamoDBRecord[]> => {
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: info.streamArn,
      ShardId: info.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: info.startSequenceNumber,
    }),
  );
  const out: DynamoDBRecord[] = [];
  const end = BigInt(info.endSequenceNumber);
  let iterator = ShardIterator;
  for (let page = 0; page < MAX_PAGES && iterator; page++) {
    const { Records = [], NextShardIterator } = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
    );
    for (const r of Records) {
      if (BigInt(r.dynamodb?.SequenceNumber ?? '0') > end) return out;
      out.push(toLambdaRecord(r, info.streamArn, process.env.AWS_REGION ?? ''));
    }
    if (Records.length === 0) break;
    iterator = NextShardIterator;
  }
  return out;
};

/** When the records are gone from the stream: the quarters of their arrival times. */
const arrivalQuarters = (info: StreamFailure['DDBStreamBatchInfo']): DynamoDBRecord[] =>
  [info.approximateArrivalOfFirstRecord, info.approximateArrivalOfLastRecord]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => ({ dynamodb: { ApproximateCreationDateTime: Date.parse(t) / 1000 } }));

const repair = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of event.Records) {
    try {
      const { DDBStreamBatchInfo: info } = JSON.parse(message.body) as StreamFailure;
      const records = await readBatch(info).catch((error: unknown) => {
        logger.warn('stream records no longer readable; repairing their arrival quarters', {
          error: error as Error,
        });
        return arrivalQuarters(info);
      });
      if (!(await repairRecords(records.length > 0 ? records : arrivalQuarters(info), 10_000)))
        batchItemFailures.push({ itemIdentifier: message.messageId });
    } catch (error) {
      logger.error('repair failed; the message will be tried again', { error: error as Error });
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
};

coldStart();

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(repair);
