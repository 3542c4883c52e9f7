/**
 * Feeds DynamoDB Local's stream to a Lambda-style stream handler, as the Lambda event source mapping
 * does in the cloud: batches in shard order, partial batch failures retried from the first failed record
 * (bounded, with backoff), then set aside in a dead-letter file (the cloud's on-failure queue).
 * Checkpoints survive restarts when a checkpoint file is given.
 */
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './http-event.ts';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  ddbEndpoint: string;
  tableName: string;
  handler: StreamHandler;
  checkpointFile?: string;
  deadLetterFile?: string;
  intervalMs?: number;
  batchSize?: number;
  /** Attempts per failing batch before its records go to the dead-letter file. */
  maxAttempts?: number;
  region?: string;
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /** Resolves once every record in the stream when called has been handed to the handler. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

type Checkpoints = Record<string, string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stream record from GetRecords in the shape Lambda delivers. */
export const toLambdaRecord = (r: StreamRecord, streamArn: string, region: string): DynamoDBRecord => {
  const created = r.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    ...(r.userIdentity
      ? { userIdentity: { type: r.userIdentity.Type, principalId: r.userIdentity.PrincipalId } }
      : {}),
    dynamodb: {
      ...(r.dynamodb as NonNullable<DynamoDBRecord['dynamodb']>),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    },
  };
};

const readCheckpoints = async (file: string | undefined): Promise<Checkpoints> => {
  if (!file) return {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Checkpoints) : {};
  } catch {
    return {};
  }
};

export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const region = options.region ?? 'eu-west-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const ddb = new DynamoDBClient({ endpoint: options.ddbEndpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.ddbEndpoint, region, credentials });
  const intervalMs = options.intervalMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 5;

  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);

  const checkpoints = await readCheckpoints(options.checkpointFile);
  const iterators = new Map<string, string>();
  const closed = new Set<string>();
  let shards: Shard[] = [];
  let lastDescribe = 0;
  let stopped = false;
  const drainWaiters: { emptyRounds: number; resolve: () => void }[] = [];

  const saveCheckpoints = async () => {
    if (!options.checkpointFile) return;
    const tmp = `${options.checkpointFile}.tmp`;
    await writeFile(tmp, JSON.stringify(checkpoints));
    await rename(tmp, options.checkpointFile);
  };

  const describe = async () => {
    const all: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    shards = all;
    lastDescribe = Date.now();
  };

  const iteratorFor = async (shardId: string) => {
    const after = checkpoints[shardId];
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  };

  /** Hands records to the handler, retrying failures from the first failed one; returns when all are settled. */
  const deliver = async (records: DynamoDBRecord[], shardId: string) => {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failedFrom = pending.length;
      try {
        const result = await options.handler({ Records: pending }, lambdaContext('aggregator'));
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        const index = pending.findIndex(
          (r) => r.dynamodb?.SequenceNumber && failed.has(r.dynamodb.SequenceNumber),
        );
        if (index >= 0) failedFrom = index;
      } catch (error) {
        options.onError?.(error);
        failedFrom = 0;
      }
      const done = pending.slice(0, failedFrom);
      const last = done.at(-1)?.dynamodb?.SequenceNumber;
      if (last) checkpoints[shardId] = last;
      pending = pending.slice(failedFrom);
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) {
        if (options.deadLetterFile)
          await appendFile(options.deadLetterFile, `${pending.map((r) => JSON.stringify(r)).join('\n')}\n`);
        options.onError?.(
          new Error(`${pending.length} stream record(s) set aside after ${attempt} attempts`),
        );
        const lastFailed = pending.at(-1)?.dynamodb?.SequenceNumber;
        if (lastFailed) checkpoints[shardId] = lastFailed;
        break;
      }
      await sleep(Math.min(2_000, 50 * 2 ** attempt));
    }
    await saveCheckpoints();
  };

  /** One pass over every readable shard; returns how many records were delivered. */
  const pollOnce = async (): Promise<number> => {
    if (shards.length === 0 || Date.now() - lastDescribe > 5_000) await describe();
    let delivered = 0;
    const known = new Set(shards.map((s) => s.ShardId));
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || closed.has(shardId)) continue;
      // A child shard waits until its parent is fully read, so records stay in order.
      const parent = shard.ParentShardId;
      if (parent && known.has(parent) && !closed.has(parent)) continue;
      let iterator = iterators.get(shardId) ?? (await iteratorFor(shardId));
      if (!iterator) {
        closed.add(shardId);
        continue;
      }
      for (let page = 0; page < 10 && iterator; page++) {
        let out: { Records?: StreamRecord[]; NextShardIterator?: string };
        try {
          out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
        } catch (error) {
          if (!(error instanceof ExpiredIteratorException)) throw error;
          iterator = await iteratorFor(shardId);
          continue;
        }
        const records = (out.Records ?? []).map((r) => toLambdaRecord(r, streamArn, region));
        if (records.length > 0) await deliver(records, shardId);
        delivered += records.length;
        iterator = out.NextShardIterator;
        if (records.length === 0) break;
      }
      if (iterator) iterators.set(shardId, iterator);
      else {
        iterators.delete(shardId);
        closed.add(shardId);
      }
    }
    return delivered;
  };

  const loop = (async () => {
    while (!stopped) {
      let delivered = 0;
      try {
        delivered = await pollOnce();
      } catch (error) {
        if (stopped) break;
        options.onError?.(error);
      }
      // Drained: two consecutive empty rounds since drain() was called.
      for (const w of drainWaiters.splice(0)) {
        w.emptyRounds = delivered === 0 ? w.emptyRounds + 1 : 0;
        if (w.emptyRounds >= 2) w.resolve();
        else drainWaiters.push(w);
      }
      if (delivered === 0 && !stopped) await sleep(drainWaiters.length > 0 ? 20 : intervalMs);
    }
    for (const w of drainWaiters.splice(0)) w.resolve();
  })();

  return {
    drain: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        drainWaiters.push({ emptyRounds: 0, resolve });
      }),
    stop: async () => {
      stopped = true;
      await loop;
      ddb.destroy();
      streams.destroy();
    },
  };
};
