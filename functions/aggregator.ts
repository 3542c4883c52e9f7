/**
 * DynamoDB stream → running aggregates. Each record's contribution (new image − old image) is applied
 * exactly once (shared/aggregates/apply.ts); a batch that cannot be applied is handed back as partial
 * batch failures from the first failing record on, so Lambda retries (bisecting on error) and finally
 * sends it to the on-failure queue. Locally, local/stream-poller.ts calls this same handler.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { applyChanges, type TableChange } from '../shared/aggregates/apply.ts';
import { coldStart, logger, metrics } from './lib/observability.ts';

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
type Value = Record<string, unknown>;

/**
 * DynamoDB Local's stream shows an empty map or list as `{}` (no type). Such values are dropped, so an
 * empty container reads as absent, which contributionsOf treats the same as empty.
 */
const typed = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.keys(v).length > 0;
const clean = (v: Value): Value => {
  if (v.M && typeof v.M === 'object') return { M: cleanMap(v.M as Record<string, Value>) };
  if (Array.isArray(v.L)) return { L: (v.L as Value[]).filter(typed).map(clean) };
  return v;
};
const cleanMap = (m: Record<string, Value>): Record<string, Value> =>
  Object.fromEntries(
    Object.entries(m)
      .filter(([, v]) => typed(v))
      .map(([k, v]) => [k, clean(v)]),
  );

// The stream event's AttributeValue type (aws-lambda) and the SDK's describe the same wire format.
const image = (i: StreamImage) =>
  i
    ? unmarshall(cleanMap(i as Record<string, Value>) as unknown as Record<string, AttributeValue>)
    : undefined;

/** TTL deletions are made by the DynamoDB service itself (documented userIdentity of TTL removals). */
const expiredByTtl = (r: DynamoDBRecord): boolean =>
  r.eventName === 'REMOVE' &&
  r.userIdentity?.type === 'Service' &&
  r.userIdentity?.principalId === 'dynamodb.amazonaws.com';

export const toTableChange = (r: DynamoDBRecord): TableChange => ({
  eventId: r.eventID ?? `${r.dynamodb?.SequenceNumber}`,
  sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
  oldImage: image(r.dynamodb?.OldImage),
  newImage: image(r.dynamodb?.NewImage),
  expiredByTtl: expiredByTtl(r),
});

const aggregate = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  if (event.Records.length === 0) return { batchItemFailures: [] };
  // A record whose images cannot be read fails with every record after it (order matters).
  const changes: TableChange[] = [];
  let unreadable: string[] = [];
  for (const [index, record] of event.Records.entries()) {
    try {
      changes.push(toTableChange(record));
    } catch {
      unreadable = event.Records.slice(index).map((r) => r.dynamodb?.SequenceNumber ?? '');
      break;
    }
  }
  const applied = await applyChanges(changes);
  const result =
    applied.failedSequenceNumbers.length > 0
      ? { ...applied, failedSequenceNumbers: [...applied.failedSequenceNumbers, ...unreadable] }
      : unreadable.length > 0
        ? { ...applied, failedSequenceNumbers: unreadable, failureReason: 'unreadable image' }
        : applied;
  metrics.addMetric('StreamRecords', MetricUnit.Count, event.Records.length);
  metrics.addMetric('AggregateRecordsApplied', MetricUnit.Count, result.applied);
  metrics.addMetric('AggregateRecordsDuplicate', MetricUnit.Count, result.duplicates);
  metrics.addMetric('AggregateTransactions', MetricUnit.Count, result.transactions);
  metrics.addMetric('AggregateRecordsFailed', MetricUnit.Count, result.failedSequenceNumbers.length);
  const counts = {
    records: event.Records.length,
    ignored: result.ignored,
    applied: result.applied,
    duplicates: result.duplicates,
    transactions: result.transactions,
    failed: result.failedSequenceNumbers.length,
  };
  if (result.failedSequenceNumbers.length > 0)
    logger.error('aggregate batch partly failed', { ...counts, reason: result.failureReason });
  else logger.info('aggregate batch applied', counts);
  return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
};

coldStart();

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(aggregate);
