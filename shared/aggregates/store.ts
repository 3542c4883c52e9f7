/**
 * Aggregate items: reading one quarter's counters (one Query), and applying counter deltas exactly once
 * per stream record (a conditional marker per record in the same transaction as the merged ADD updates).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  paginateQuery,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { clients } from '../store/clients.ts';
import { queryPages } from '../store/items.ts';
import { expiresAfterDays, type Key, keys } from '../store/keys.ts';
import { type AggregateCell, type Contribution, cellKey, type Delta } from './contributions.ts';

/** Stream markers outlive the stream's 24-hour retention (and Lambda's retries) with room to spare. */
const MARKER_TTL_DAYS = 3;
/** DynamoDB's limit on items per TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Counters per aggregate update, so an update expression stays far below DynamoDB's 4 KB limit. */
const MAX_ATTRIBUTES_PER_UPDATE = 250;

/** One aggregate item as read back: its cell and its counters and labels. */
export interface StoredCell extends AggregateCell {
  counters: Record<string, number>;
  labels: Record<string, string>;
}

const RESERVED = new Set(['PK', 'SK', 'entity', 'quarter', 'zone', 'theme', 'GSI1PK', 'GSI1SK', 'expiresAt']);

const toStoredCell = (item: Record<string, unknown>): StoredCell | undefined => {
  const { quarter, zone, theme } = item;
  if (typeof quarter !== 'string' || typeof zone !== 'string' || typeof theme !== 'string') return undefined;
  const counters: Record<string, number> = {};
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (RESERVED.has(name)) continue;
    if (typeof value === 'number') counters[name] = value;
    else if (typeof value === 'string') labels[name] = value;
  }
  return { quarter, zone, theme, counters, labels };
};

/** Every aggregate item of one quarter (one Query, paginated). */
export const readQuarter = async (quarter: string): Promise<StoredCell[]> => {
  const cells: StoredCell[] = [];
  const pages = queryPages({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.aggregatePartition(quarter) },
  });
  for await (const page of pages)
    for (const item of page) {
      const cell = item.entity === 'aggregate' ? toStoredCell(item) : undefined;
      if (cell) cells.push(cell);
    }
  return cells;
};

/** The headline counters of one aggregate item (zone × theme of a quarter). */
export interface CellTotals {
  zone: string;
  theme: string;
  meetings: number;
  participants: number;
  responses: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Meetings, participants and responses of every aggregate item of one quarter (one Query, paginated):
 * only those three counters cross the wire, not the rankings and labels `readQuarter` brings.
 */
export const readQuarterTotals = async (quarter: string): Promise<CellTotals[]> => {
  const cells: CellTotals[] = [];
  const pages = queryPages({
    KeyConditionExpression: 'PK = :pk',
    ProjectionExpression: '#e, #z, #t, meetings, participants, responses',
    ExpressionAttributeNames: { '#e': 'entity', '#z': 'zone', '#t': 'theme' },
    ExpressionAttributeValues: { ':pk': keys.aggregatePartition(quarter) },
  });
  for await (const page of pages)
    for (const item of page) {
      if (item.entity !== 'aggregate' || typeof item.zone !== 'string' || typeof item.theme !== 'string')
        continue;
      cells.push({
        zone: item.zone,
        theme: item.theme,
        meetings: num(item.meetings),
        participants: num(item.participants),
        responses: num(item.responses),
      });
    }
  return cells;
};

/**
 * Whether a quarter has meetings or responses, in `zones` (every zone when undefined): a count of the
 * matching aggregate items, so nothing but the count crosses the wire.
 */
export const quarterHasData = async (quarter: string, zones?: string[]): Promise<boolean> => {
  const names: Record<string, string> = { '#e': 'entity' };
  const values: Record<string, unknown> = {
    ':pk': keys.aggregatePartition(quarter),
    ':agg': 'aggregate',
    ':zero': 0,
  };
  let filter = '#e = :agg AND (meetings > :zero OR responses > :zero)';
  if (zones) {
    names['#z'] = 'zone';
    zones.forEach((z, i) => {
      values[`:z${i}`] = z;
    });
    filter += ` AND #z IN (${zones.map((_, i) => `:z${i}`).join(', ')})`;
  }
  const { doc, config } = clients();
  const pages = paginateQuery(
    { client: doc },
    {
      TableName: config.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      FilterExpression: filter,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Select: 'COUNT',
    },
  );
  for await (const page of pages) if ((page.Count ?? 0) > 0) return true;
  return false;
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An ADD/SET update of one aggregate item; every attribute goes through ExpressionAttributeNames. */
export const aggregateUpdate = (tableName: string, cell: Contribution): TransactItem => {
  const names: Record<string, string> = { '#e': 'entity', '#q': 'quarter', '#z': 'zone', '#t': 'theme' };
  const values: Record<string, unknown> = {
    ':e': 'aggregate',
    ':q': cell.quarter,
    ':z': cell.zone,
    ':t': cell.theme,
  };
  const sets = ['#e = :e', '#q = :q', '#z = :z', '#t = :t'];
  const adds: string[] = [];
  let i = 0;
  for (const [name, n] of Object.entries(cell.counters)) {
    names[`#n${i}`] = name;
    values[`:n${i}`] = n;
    adds.push(`#n${i} :n${i}`);
    i++;
  }
  for (const [name, label] of Object.entries(cell.labels)) {
    names[`#n${i}`] = name;
    values[`:n${i}`] = label;
    sets.push(`#n${i} = :n${i}`);
    i++;
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.aggregate(cell.quarter, cell.zone, cell.theme),
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

const markerPut = (tableName: string, eventId: string, now: Date): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.streamMarker(eventId),
      entity: 'stream-marker',
      expiresAt: expiresAfterDays(now, MARKER_TTL_DAYS),
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** A stream record reduced to what the aggregates need. */
export interface PendingRecord {
  eventId: string;
  delta: Delta;
}

/** Adds one contribution into the merged cells: counters summed, labels of the later one win. */
const addInto = (merged: Map<string, Contribution>, c: Contribution): void => {
  const key = cellKey(c);
  let cell = merged.get(key);
  if (!cell) {
    cell = { quarter: c.quarter, zone: c.zone, theme: c.theme, counters: {}, labels: {} };
    merged.set(key, cell);
  }
  for (const [name, n] of Object.entries(c.counters)) cell.counters[name] = (cell.counters[name] ?? 0) + n;
  Object.assign(cell.labels, c.labels);
};

const withoutZeroCounters = (c: Contribution): Contribution => ({
  ...c,
  counters: Object.fromEntries(Object.entries(c.counters).filter(([, n]) => n !== 0)),
});

/** Sum of deltas of several records, per aggregate cell (labels: the later record wins). */
export const mergeDeltas = (records: PendingRecord[]): Contribution[] => {
  const merged = new Map<string, Contribution>();
  for (const { delta } of records) for (const c of delta.values()) addInto(merged, c);
  // Deltas that cancel out (a record and its correction in one transaction) need no write.
  return [...merged.values()]
    .map(withoutZeroCounters)
    .filter((c) => Object.keys(c.counters).length > 0 || Object.keys(c.labels).length > 0);
};

const attributeCount = (c: Contribution) => Object.keys(c.counters).length + Object.keys(c.labels).length;

/**
 * A record whose delta has more attributes for one aggregate item than one update may carry (a meeting
 * with 100 action headings and 50 vote options, say) is applied in parts, each with its own marker
 * `${eventId}#part{n}`: each part is applied exactly once, so the whole record is too. The split is
 * deterministic (same images, same parts), so a re-delivered record finds the same markers.
 */
export const splitLargeRecord = (record: PendingRecord): PendingRecord[] => {
  const cells = [...record.delta.values()];
  if (cells.every((c) => attributeCount(c) <= MAX_ATTRIBUTES_PER_UPDATE)) return [record];
  const parts: Delta[] = [];
  for (const cell of cells) {
    const entries: ([string, number] | [string, string])[] = [
      ...Object.entries(cell.counters),
      ...Object.entries(cell.labels),
    ];
    for (let k = 0; k * MAX_ATTRIBUTES_PER_UPDATE < entries.length; k++) {
      const slice = entries.slice(k * MAX_ATTRIBUTES_PER_UPDATE, (k + 1) * MAX_ATTRIBUTES_PER_UPDATE);
      const part: Contribution = {
        quarter: cell.quarter,
        zone: cell.zone,
        theme: cell.theme,
        counters: {},
        labels: {},
      };
      for (const [name, value] of slice) {
        if (typeof value === 'number') part.counters[name] = value;
        else part.labels[name] = value;
      }
      let delta = parts[k];
      if (!delta) {
        delta = new Map();
        parts[k] = delta;
      }
      delta.set(cellKey(part), part);
    }
  }
  return parts.map((delta, k) => ({ eventId: `${record.eventId}#part${k + 1}`, delta }));
};

/**
 * Splits consecutive records into transactions: each holds one marker per record plus one merged update
 * per aggregate cell touched, within MAX_TRANSACTION_ITEMS items and MAX_ATTRIBUTES_PER_UPDATE per update.
 */
export const groupRecords = (records: PendingRecord[]): PendingRecord[][] => {
  const groups: PendingRecord[][] = [];
  let current: PendingRecord[] = [];
  const fits = (candidate: PendingRecord[]) => {
    const updates = mergeDeltas(candidate);
    return (
      candidate.length + updates.length <= MAX_TRANSACTION_ITEMS &&
      updates.every((u) => attributeCount(u) <= MAX_ATTRIBUTES_PER_UPDATE)
    );
  };
  for (const record of records) {
    if (current.length > 0 && !fits([...current, record])) {
      groups.push(current);
      current = [];
    }
    current.push(record);
  }
  if (current.length > 0) groups.push(current);
  return groups;
};

export interface ApplyOutcome {
  /** Records applied by this call. */
  applied: number;
  /** Records whose marker already existed: applied before (re-delivery), skipped. */
  duplicates: number;
  /** Transactions sent (including retries). */
  transactions: number;
}

export class ApplyFailedError extends Error {
  constructor(
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(`aggregate transaction failed: ${reason}`);
    this.name = 'ApplyFailedError';
  }
}

const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Full-jitter exponential backoff: 0..(25 ms × 2^attempt), at most 1 s. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(1000, 25 * 2 ** attempt));

/** Cancellation codes worth retrying after a pause: another transaction held an item, or throttling. */
const RETRYABLE = new Set(['TransactionConflict', 'ThrottlingError']);

/**
 * What cancelled a group's transaction: the records applied before (their marker's condition failed),
 * and every other failure code.
 */
const cancellationOf = (error: TransactionCanceledException, records: number) => {
  const reasons = error.CancellationReasons ?? [];
  const duplicates = new Set<number>();
  reasons.forEach((reason, index) => {
    if (index < records && reason.Code === 'ConditionalCheckFailed') duplicates.add(index);
  });
  const others = new Set(reasons.map((r) => r.Code ?? 'None'));
  others.delete('None');
  others.delete('ConditionalCheckFailed');
  return { error, duplicates, others: [...others] };
};

/** One transaction: a marker per record and the merged updates. Undefined when it committed. */
const sendGroup = async (pending: PendingRecord[], now: Date) => {
  const { doc, config } = clients();
  const items = [
    ...pending.map((r) => markerPut(config.TABLE_NAME, r.eventId, now)),
    ...mergeDeltas(pending).map((u) => aggregateUpdate(config.TABLE_NAME, u)),
  ];
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return undefined;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw new ApplyFailedError('write error', error);
    return cancellationOf(error, pending.length);
  }
};

/**
 * Applies one group of records atomically: their markers (each conditioned on not existing yet) and the
 * merged counter updates. A record whose marker exists was applied before: it is dropped and the rest
 * retried. Conflicts with concurrent transactions are retried with jittered backoff, a bounded number of
 * times; then ApplyFailedError.
 */
export const applyGroup = async (group: PendingRecord[], now = new Date()): Promise<ApplyOutcome> => {
  let pending = group;
  const outcome: ApplyOutcome = { applied: 0, duplicates: 0, transactions: 0 };
  // Dropping re-delivered records always shrinks `pending`; only conflict retries count as attempts.
  let attempt = 0;
  while (pending.length > 0) {
    if (attempt >= MAX_ATTEMPTS) throw new ApplyFailedError('too many attempts');
    outcome.transactions++;
    const cancelled = await sendGroup(pending, now);
    if (!cancelled) {
      outcome.applied += pending.length;
      return outcome;
    }
    const { error, duplicates, others } = cancelled;
    // Re-delivered records: already counted. Retry the others at once (they did not conflict).
    outcome.duplicates += duplicates.size;
    pending = pending.filter((_, index) => !duplicates.has(index));
    if (duplicates.size > 0 && others.length === 0) continue;
    if (!others.every((code) => RETRYABLE.has(code)))
      throw new ApplyFailedError(others.join(',') || 'cancelled', error);
    await backoff(attempt);
    attempt++;
  }
  return outcome;
};

/** DynamoDB's limit on requests per BatchWriteItem. */
const MAX_BATCH_WRITE = 25;
const MAX_BATCH_ATTEMPTS = 9;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

/** Writes a batch, retrying what DynamoDB left unprocessed with exponential backoff. */
const batchWrite = async (requests: WriteRequest[]): Promise<void> => {
  const { doc, config } = clients();
  let pending: WriteRequest[] | undefined = requests;
  for (let attempt = 0; pending && pending.length > 0; attempt++) {
    if (attempt >= MAX_BATCH_ATTEMPTS)
      throw new Error('aggregate batch write: unprocessed items after retries');
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [config.TABLE_NAME]: pending } }));
    pending = out.UnprocessedItems?.[config.TABLE_NAME] as WriteRequest[] | undefined;
    if (pending?.length) await sleep(50 * 2 ** attempt);
  }
};

/** Writes `cells` as the quarter's aggregate items (replacing them whole) and deletes `obsolete` ones. */
export const replaceCells = async (cells: StoredCell[], obsolete: AggregateCell[]): Promise<void> => {
  const requests: WriteRequest[] = [
    ...cells.map((c) => ({
      PutRequest: {
        Item: {
          ...keys.aggregate(c.quarter, c.zone, c.theme),
          entity: 'aggregate',
          quarter: c.quarter,
          zone: c.zone,
          theme: c.theme,
          ...c.labels,
          ...c.counters,
        },
      },
    })),
    ...obsolete.map((c) => ({ DeleteRequest: { Key: keys.aggregate(c.quarter, c.zone, c.theme) } })),
  ];
  for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE)
    await batchWrite(requests.slice(i, i + MAX_BATCH_WRITE));
};
