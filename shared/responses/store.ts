/** Reading responses: a survey's responses of one quarter, from its RESPONSE_SHARDS partitions. */
import type { StoredResponse } from '../records.ts';
import { queryPages, withoutStorageAttributes } from '../store/items.ts';
import { keys, RESPONSE_SHARDS } from '../store/keys.ts';

/** Response items are written only by submitResponse from validated input; this drops storage attributes. */
export const toStoredResponse = (item: Record<string, unknown>): StoredResponse =>
  withoutStorageAttributes(item) as unknown as StoredResponse;

/** How many shard partitions are read at once: enough to hide latency, few enough to stay gentle. */
const PARALLEL_SHARDS = 4;

/**
 * Pages of a survey's responses in one quarter. Shards are read a few at a time; pages are yielded as
 * they arrive (order across shards is not significant), so 100k responses never sit in memory at once.
 */
export async function* responsesInQuarter(
  surveyId: string,
  quarter: string,
): AsyncIterable<StoredResponse[]> {
  for (let first = 0; first < RESPONSE_SHARDS; first += PARALLEL_SHARDS) {
    const shards = Array.from(
      { length: Math.min(PARALLEL_SHARDS, RESPONSE_SHARDS - first) },
      (_, i) => first + i,
    );
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
