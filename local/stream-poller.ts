/**
 * Feeds DynamoDB Local's stream to a Lambda-style stream handler, as the Lambda event source mapping
 * does in the cloud: batches in shard order, partial batch failures retried from the first failed record
 * with backoff. While the table does not answer, a batch is retried until it does (never set aside); a
 * record that keeps failing while the table answers is set aside in a dead-letter file (the cloud's
 * on-failure queue) and repaired from source once the poller is idle. Records set aside earlier are
 * re-applied at start. Checkpoints survive restarts when a checkpoint file is given. After DynamoDB Local
 * crashed, `rewind` hands over again what was handed over shortly before: the emulator can lose a write it
 * had acknowledged (bench/results.md), and the aggregator's markers make the second delivery safe.
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
import { toLambdaRecord } from '../functions/lib/stream-record.ts';
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
  /** Attempts (while the table answers) per failing batch before its records are set aside. */
  maxAttempts?: number;
  /**
   * Recomputes from source the figures touched by records set aside; resolves true once they equal the
   * source. Called when the poller is idle (nothing in flight), again later while it resolves false.
   */
  repair?: (records: DynamoDBRecord[]) => Promise<boolean>;
  region?: string;
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /** Resolves once every record in the stream when called has been handed to the handler. */
  drain(): Promise<void>;
  /**
   * Goes back to the checkpoints as they were at `before` (ms since the epoch), so every record handed
   * over since then is handed over again (from the next round on).
   */
  rewind(before: number): void;
  stop(): Promise<void>;
}

type Checkpoints = Record<string, string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long checkpoint snapshots are kept for `rewind`. */
const HISTORY_MS = 60_000;

export { toLambdaRecord };

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
  /** Checkpoints as they were at recent moments (the loaded ones count as older than any). */
  const history: { at: number; checkpoints: Checkpoints }[] = [{ at: 0, checkpoints: { ...checkpoints } }];
  let rewindTo: number | undefined;
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

  const tableAnswers = async () => {
    try {
      await ddb.send(new DescribeTableCommand({ TableName: options.tableName }));
      return true;
    } catch {
      return false;
    }
  };

  /** Set-aside records still to be repaired from source. */
  const toRepair: DynamoDBRecord[][] = [];

  const setAside = async (records: DynamoDBRecord[]) => {
    if (options.deadLetterFile)
      await appendFile(options.deadLetterFile, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    options.onError?.(new Error(`${records.length} stream record(s) set aside, to be repaired from source`));
    toRepair.push(records);
  };

  /** Hands a batch to the handler; returns the index of its first failed record (its length when none). */
  const handleBatch = async (pending: DynamoDBRecord[]): Promise<number> => {
    try {
      const result = await options.handler({ Records: pending }, lambdaContext('aggregator'));
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const index = pending.findIndex(
        (r) => r.dynamodb?.SequenceNumber && failed.has(r.dynamodb.SequenceNumber),
      );
      return index >= 0 ? index : pending.length;
    } catch (error) {
      options.onError?.(error);
      return 0;
    }
  };

  /** Moves the shard's checkpoint to `record` (when there is one with a sequence number). */
  const checkpointAt = (shardId: string, record: DynamoDBRecord | undefined) => {
    const seq = record?.dynamodb?.SequenceNumber;
    if (!seq) return;
    checkpoints[shardId] = seq;
    const now = Date.now();
    history.push({ at: now, checkpoints: { ...checkpoints } });
    // Keeps the last minute, and the newest snapshot older than that.
    while ((history[1]?.at ?? now) < now - HISTORY_MS) history.shift();
  };

  /** Applies a rewind asked for (between rounds, so no delivery is half-way). */
  const applyRewind = () => {
    if (rewindTo === undefined) return;
    const before = rewindTo;
    rewindTo = undefined;
    const snapshot = history.findLast((h) => h.at <= before) ?? history[0];
    for (const shardId of Object.keys(checkpoints)) delete checkpoints[shardId];
    Object.assign(checkpoints, snapshot?.checkpoints);
    iterators.clear();
    closed.clear();
  };

  /**
   * Sets the first record aside and checkpoints past it; returns the rest, to be tried again. Only the
   * first is set aside because Lambda bisects the same way.
   */
  const setAsideFirst = async (pending: DynamoDBRecord[], shardId: string): Promise<DynamoDBRecord[]> => {
    const [first, ...rest] = pending;
    if (first) await setAside([first]);
    checkpointAt(shardId, first);
    return rest;
  };

  /**
   * Hands records to the handler, retrying failures from the first failed one; returns when all are
   * settled (or the poller stops, without moving the checkpoint past what was applied).
   */
  const deliver = async (records: DynamoDBRecord[], shardId: string) => {
    let pending = records;
    let failuresWhileUp = 0;
    for (let attempt = 1; pending.length > 0 && !stopped; attempt++) {
      const failedFrom = await handleBatch(pending);
      checkpointAt(shardId, pending.slice(0, failedFrom).at(-1));
      pending = pending.slice(failedFrom);
      if (pending.length === 0) break;
      // Storage down: wait for it however long it takes; only failures while it answers count.
      if (await tableAnswers()) failuresWhileUp++;
      if (failuresWhileUp >= maxAttempts) {
        pending = await setAsideFirst(pending, shardId);
        failuresWhileUp = 0;
        continue;
      }
      await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)));
    }
    await saveCheckpoints();
  };

  /** Records set aside by an earlier run: handed to the handler again (markers make it safe), then repaired. */
  const reapplyDeadLetters = async () => {
    const file = options.deadLetterFile;
    if (!file) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return;
    }
    const records = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as DynamoDBRecord);
    if (records.length === 0) return;
    const result = await options
      .handler({ Records: records }, lambdaContext('aggregator'))
      .catch((error: unknown) => {
        options.onError?.(error);
        return { batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber ?? '' }] };
      });
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const from = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    await rename(file, `${file}.reapplied-${Date.now()}`);
    // Applied or not, their figures are checked against the source once the poller is idle.
    toRepair.push(records);
    if (from >= 0) options.onError?.(new Error(`${records.length - from} set-aside record(s) failed again`));
  };

  /** Repairs what was set aside, once nothing else is in flight; keeps what is not settled yet. */
  const repairSetAside = async () => {
    if (!options.repair) toRepair.length = 0;
    if (!options.repair || toRepair.length === 0) return;
    const batches = toRepair.splice(0);
    for (const [i, batch] of batches.entries()) {
      const settled = await options.repair(batch).catch((error: unknown) => {
        options.onError?.(error);
        return false;
      });
      if (!settled) {
        toRepair.push(...batches.slice(i));
        return;
      }
    }
  };

  /**
   * The id of a shard to read now: not closed and, for a child shard, only once its parent is fully read,
   * so records stay in order.
   */
  const readableShardId = (shard: Shard, known: Set<string | undefined>): string | undefined => {
    const shardId = shard.ShardId;
    if (!shardId || closed.has(shardId)) return undefined;
    const parent = shard.ParentShardId;
    if (parent && known.has(parent) && !closed.has(parent)) return undefined;
    return shardId;
  };

  /** One page of a shard; undefined when the iterator expired (the caller asks for a new one). */
  const getRecords = async (
    iterator: string,
  ): Promise<{ Records?: StreamRecord[]; NextShardIterator?: string } | undefined> => {
    try {
      return await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException)) throw error;
      return undefined;
    }
  };

  /** Keeps the iterator to go on from next pass, or marks the shard closed when it has none left. */
  const keepIterator = (shardId: string, iterator: string | undefined) => {
    if (iterator) iterators.set(shardId, iterator);
    else {
      iterators.delete(shardId);
      closed.add(shardId);
    }
  };

  /** Delivers the records of one page; returns how many there were. */
  const deliverPage = async (page: StreamRecord[], shardId: string): Promise<number> => {
    const records = page.map((r) => toLambdaRecord(r, streamArn, region));
    if (records.length > 0) await deliver(records, shardId);
    return records.length;
  };

  /** Up to 10 pages of one shard, each delivered; returns how many records were delivered. */
  const readShard = async (shardId: string): Promise<number> => {
    let iterator = iterators.get(shardId) ?? (await iteratorFor(shardId));
    if (!iterator) {
      closed.add(shardId);
      return 0;
    }
    let delivered = 0;
    for (let page = 0; page < 10 && iterator; page++) {
      const out = await getRecords(iterator);
      if (!out) {
        iterator = await iteratorFor(shardId);
        continue;
      }
      const count = await deliverPage(out.Records ?? [], shardId);
      delivered += count;
      iterator = out.NextShardIterator;
      if (count === 0) break;
    }
    keepIterator(shardId, iterator);
    return delivered;
  };

  /** One pass over every readable shard; returns how many records were delivered. */
  const pollOnce = async (): Promise<number> => {
    if (shards.length === 0 || Date.now() - lastDescribe > 5_000) await describe();
    let delivered = 0;
    const known = new Set(shards.map((s) => s.ShardId));
    for (const shard of shards) {
      const shardId = readableShardId(shard, known);
      if (shardId) delivered += await readShard(shardId);
    }
    return delivered;
  };

  /**
   * One round: a pass over the shards, then (when it found nothing) repairs. Returns how many records were
   * delivered, or undefined when it failed because the poller was stopped.
   */
  const pollRound = async (): Promise<number | undefined> => {
    let delivered = 0;
    try {
      applyRewind();
      delivered = await pollOnce();
      if (delivered === 0) await repairSetAside();
    } catch (error) {
      if (stopped) return undefined;
      options.onError?.(error);
      await sleep(intervalMs);
    }
    return delivered;
  };

  /** Drained: two consecutive empty rounds since drain() was called. */
  const advanceDrainWaiters = (delivered: number) => {
    for (const w of drainWaiters.splice(0)) {
      // Set-aside records count as in flight until they are repaired.
      w.emptyRounds = delivered === 0 && toRepair.length === 0 ? w.emptyRounds + 1 : 0;
      if (w.emptyRounds >= 2) w.resolve();
      else drainWaiters.push(w);
    }
  };

  const loop = (async () => {
    await reapplyDeadLetters().catch((error: unknown) => options.onError?.(error));
    while (!stopped) {
      const delivered = await pollRound();
      if (delivered === undefined) break;
      advanceDrainWaiters(delivered);
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
    rewind: (before) => {
      rewindTo = Math.min(before, rewindTo ?? before);
    },
    stop: async () => {
      stopped = true;
      await loop;
      ddb.destroy();
      streams.destroy();
    },
  };
};
