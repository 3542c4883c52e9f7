/**
 * Report runs in DynamoDB: immutable once finished. A run goes queued → running → succeeded | failed;
 * success marks the run and moves the period's LATEST pointer in one transaction, so a failed run never
 * replaces the last good report. The only report module that speaks DynamoDB.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { validationError } from '../errors.ts';
import { clients } from '../store/clients.ts';
import { withoutStorageAttributes } from '../store/items.ts';
import { GSI1, keys } from '../store/keys.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ReportFile {
  name: string;
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface ReportRun {
  period: string;
  runId: string;
  status: RunStatus;
  createdAt: string;
  requestedBy: string;
  startedAt?: string;
  finishedAt?: string;
  /** Why a run failed (no internals: a short, safe summary). */
  reason?: string;
  files?: ReportFile[];
  sourceCounts?: { meetings: number; responses: number; aggregateItems: number };
}

/** Time-sortable to the millisecond: 20260123T101500123Z-a1b2c3. */
const newRunId = (now: Date) =>
  `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;

/** Run items are written only here; this drops storage attributes. */
const toRun = (item: Record<string, unknown>): ReportRun =>
  withoutStorageAttributes(item) as unknown as ReportRun;

export const createRun = async (
  period: string,
  requestedBy: string,
  now = new Date(),
): Promise<ReportRun> => {
  const run: ReportRun = {
    period,
    runId: newRunId(now),
    status: 'queued',
    createdAt: now.toISOString(),
    requestedBy,
  };
  const { doc, config } = clients();
  await doc.send(
    new PutCommand({
      TableName: config.TABLE_NAME,
      Item: {
        ...keys.reportRun(period, run.runId),
        ...keys.reportIndex(run.createdAt, run.runId),
        entity: 'report-run',
        ...run,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return run;
};

const getRun = async (period: string, runId: string): Promise<ReportRun | undefined> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({
      TableName: config.TABLE_NAME,
      Key: keys.reportRun(period, runId),
      ConsistentRead: true,
    }),
  );
  return Item ? toRun(Item) : undefined;
};

/** queued → running; refuses a run that already started or finished (a duplicate invocation). */
export const markRunning = async (period: string, runId: string, now = new Date()): Promise<boolean> => {
  const { doc, config } = clients();
  try {
    await doc.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: keys.reportRun(period, runId),
        UpdateExpression: 'SET #status = :running, startedAt = :now',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const markSucceeded = async (
  run: Pick<ReportRun, 'period' | 'runId'>,
  result: Required<Pick<ReportRun, 'files' | 'sourceCounts'>>,
  now = new Date(),
): Promise<void> => {
  const { doc, config } = clients();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: config.TABLE_NAME,
            Key: keys.reportRun(run.period, run.runId),
            UpdateExpression:
              'SET #status = :succeeded, finishedAt = :now, files = :files, sourceCounts = :counts',
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':succeeded': 'succeeded',
              ':running': 'running',
              ':now': now.toISOString(),
              ':files': result.files,
              ':counts': result.sourceCounts,
            },
          },
        },
        {
          Put: {
            TableName: config.TABLE_NAME,
            Item: {
              ...keys.reportLatest(run.period),
              entity: 'report-latest',
              period: run.period,
              runId: run.runId,
            },
          },
        },
      ],
    }),
  );
};

export const markFailed = async (period: string, runId: string, reason: string, now = new Date()) => {
  const { doc, config } = clients();
  await doc.send(
    new UpdateCommand({
      TableName: config.TABLE_NAME,
      Key: keys.reportRun(period, runId),
      UpdateExpression: 'SET #status = :failed, finishedAt = :now, reason = :reason',
      ConditionExpression: '#status IN (:queued, :running)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':queued': 'queued',
        ':running': 'running',
        ':now': now.toISOString(),
        ':reason': reason.slice(0, 500),
      },
    }),
  );
};

/** The newest run of a period, whatever its status. */
export const newestRun = async (period: string): Promise<ReportRun | undefined> => {
  const { doc, config } = clients();
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: config.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :run)',
      ExpressionAttributeValues: { ':pk': keys.reportLatest(period).PK, ':run': keys.reportRunSortPrefix() },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const [item] = Items ?? [];
  return item ? toRun(item) : undefined;
};

/** The latest successful run of a period (the LATEST pointer). */
export const latestSuccessfulRun = async (period: string): Promise<ReportRun | undefined> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({ TableName: config.TABLE_NAME, Key: keys.reportLatest(period), ConsistentRead: true }),
  );
  return Item ? getRun(period, String(Item.runId)) : undefined;
};

const decodeCursor = (cursor: string): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'GSI1PK' in parsed) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the validation error
  }
  throw validationError([
    {
      path: 'cursor',
      code: 'invalid_cursor',
      message: { fr: 'Curseur de pagination invalide.', nl: 'Ongeldige pagineringscursor.' },
    },
  ]);
};

/** All runs, newest first, a page at a time (`cursor` is opaque). */
export const listRuns = async (
  limit: number,
  cursor?: string,
): Promise<{ runs: ReportRun[]; cursor?: string }> => {
  const { doc, config } = clients();
  const start = cursor ? decodeCursor(cursor) : undefined;
  const page = await doc.send(
    new QueryCommand({
      TableName: config.TABLE_NAME,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.reportIndexPartition() },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const next = page.LastEvaluatedKey
    ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url')
    : undefined;
  return { runs: (page.Items ?? []).map(toRun), ...(next ? { cursor: next } : {}) };
};
