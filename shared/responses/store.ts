/**
 * Responses in DynamoDB: each response with its submission guard (written in one transaction), and a
 * survey's responses of one quarter, read from its RESPONSE_SHARDS partitions. The only response module
 * that speaks DynamoDB.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredResponse } from '../records.ts';
import { clients } from '../store/clients.ts';
import { cancellationCodes } from '../store/failures.ts';
import { queryPages, withoutStorageAttributes } from '../store/items.ts';
import { expiresAfterDays, keys, RESPONSE_SHARDS } from '../store/keys.ts';

/** Response items are written only by this module from validated input; this drops storage attributes. */
const toStoredResponse = (item: Record<string, unknown>): StoredResponse =>
  withoutStorageAttributes(item) as unknown as StoredResponse;

/** What the guard of a stored submission remembers: the hash of its content and the response it made. */
export interface SubmissionGuard {
  bodyHash: string;
  responseId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the guard (consistently); retried briefly in case a twin's transaction is still settling. */
const readGuard = async (surveyId: string, submissionId: string): Promise<SubmissionGuard | undefined> => {
  const { doc, config } = clients();
  for (let attempt = 0; attempt < 20; attempt++) {
    const { Item } = await doc.send(
      new GetCommand({
        TableName: config.TABLE_NAME,
        Key: keys.submission(surveyId, submissionId),
        ConsistentRead: true,
      }),
    );
    if (Item) return { bodyHash: String(Item.bodyHash), responseId: String(Item.responseId) };
    await sleep(20 + attempt * 10);
  }
  return undefined;
};

/** The guard that cancelled a submission's transaction; the cancellation itself when it cannot be read. */
const existingGuard = async (response: StoredResponse, cancellation: unknown): Promise<SubmissionGuard> => {
  const guard = await readGuard(response.surveyId, response.submissionId);
  if (!guard) throw cancellation;
  return guard;
};

/** Twin requests committing on the same guard at the same instant are retried this many times. */
const MAX_TWIN_RETRIES = 4;

/** The response and its guard, in one transaction; the guard's condition makes a submission count once. */
const submissionTransaction = (response: StoredResponse, bodyHash: string, expiresAt: number) => {
  const { config } = clients();
  const { surveyId, submissionId, quarter, submittedAt, responseId } = response;
  return new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: {
            ...keys.submission(surveyId, submissionId),
            entity: 'submission',
            bodyHash,
            responseId,
            submittedAt,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: {
            ...keys.response(surveyId, quarter, submissionId, submittedAt, responseId),
            entity: 'response',
            ...response,
            expiresAt,
          },
        },
      },
    ],
  });
};

/**
 * Stores a response and its submission guard in one transaction. When the guard already exists (a replay,
 * or a twin that committed first), nothing is stored and the existing guard is returned instead.
 */
export const insertResponse = async (
  response: StoredResponse,
  bodyHash: string,
  now: Date,
): Promise<'stored' | SubmissionGuard> => {
  const { doc, config } = clients();
  const transaction = submissionTransaction(response, bodyHash, expiresAfterDays(now, config.RETENTION_DAYS));
  for (let attempt = 0; ; attempt++) {
    try {
      await doc.send(transaction);
      return 'stored';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return existingGuard(response, error);
      // A twin request is committing on the same guard at this instant: try again shortly.
      if (attempt >= MAX_TWIN_RETRIES) throw error;
      await sleep(25 * 2 ** attempt + Math.random() * 25);
    }
  }
};

/** How many shard partitions are read at once: enough to hide latency, few enough to stay gentle. */
const PARALLEL_SHARDS = 4;

/**
 * Pages of a survey's responses in one quarter. Shards are read `parallel` at a time; pages are yielded
 * as they arrive (order across shards is not significant), so 100k responses never sit in memory at once.
 * Each shard read in parallel keeps a page of up to 1 MB (several MB once parsed) in flight.
 */
export async function* responsesInQuarter(
  surveyId: string,
  quarter: string,
  parallel = PARALLEL_SHARDS,
): AsyncIterable<StoredResponse[]> {
  for (let first = 0; first < RESPONSE_SHARDS; first += parallel) {
    const shards = Array.from({ length: Math.min(parallel, RESPONSE_SHARDS - first) }, (_, i) => first + i);
    const iterators = shards.map((shard) =>
      queryPages({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.responsePartition(surveyId, quarter, shard) },
      })[Symbol.asyncIterator](),
    );
    // Pull one page from every shard in turn, in parallel, until all are exhausted.
    let pending = iterators.map((it) => ({ it, next: it.next() }));
    while (pending.length > 0) {
      const results = await Promise.all(pending.map((p) => p.next));
      const still: typeof pending = [];
      for (const [i, result] of results.entries()) {
        const p = pending[i];
        if (!p || result.done) continue;
        if (result.value.length > 0) yield result.value.map(toStoredResponse);
        still.push({ it: p.it, next: p.it.next() });
      }
      pending = still;
    }
  }
}
