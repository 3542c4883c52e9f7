/**
 * Recomputation of a quarter's aggregates from the source records, with the same contributionsOf as the
 * stream aggregator: the reference the running counters are tested against, and the rebuild used by
 * tooling (bulk loads that bypass the stream, repairs). Reads source records: never on a request path.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { meetingsInPeriod } from '../meetings/store.ts';
import { responsesInQuarter } from '../responses/store.ts';
import { clients } from '../store/clients.ts';
import { keys } from '../store/keys.ts';
import { listSurveys } from '../surveys/store.ts';
import { type AggregateCell, accumulate, cellKey, contributionsOf, type Delta } from './contributions.ts';
import { readQuarter, type StoredCell } from './store.ts';

type Item = Record<string, unknown>;

/** Aggregate cells from source items (pure): the sum of their contributions, for one quarter. */
export const cellsFromItems = (items: Item[], quarter: string): StoredCell[] => {
  const delta: Delta = new Map();
  for (const item of items)
    accumulate(
      delta,
      contributionsOf(item).filter((c) => c.quarter === quarter),
      1,
    );
  return [...delta.values()];
};

/**
 * What the quarter's aggregates should hold, computed from the source records. Responses are counted page
 * by page (a zone-quarter may hold 100,000), never held in memory all at once.
 */
export const recomputeAggregates = async (quarter: string): Promise<StoredCell[]> => {
  const delta: Delta = new Map();
  const add = (items: Item[]) =>
    accumulate(
      delta,
      items.flatMap((item) => contributionsOf(item).filter((c) => c.quarter === quarter)),
      1,
    );
  // The store readers strip `entity` (a storage attribute): put it back for contributionsOf.
  add((await meetingsInPeriod(quarter)).map((meeting) => ({ entity: 'meeting', ...meeting })));
  for (const survey of await listSurveys())
    for await (const page of responsesInQuarter(survey.surveyId, quarter))
      add(page.map((response) => ({ entity: 'response', ...response })));
  return [...delta.values()];
};

/** Counters per cell without zero entries (the stream leaves 0 after a subtraction), for comparisons. */
export const countersByCell = (cells: StoredCell[]): Record<string, Record<string, number>> => {
  const out: Record<string, Record<string, number>> = {};
  for (const cell of cells) {
    const counters = Object.fromEntries(
      Object.entries(cell.counters)
        .filter(([, n]) => n !== 0)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    if (Object.keys(counters).length > 0) out[cellKey(cell)] = counters;
  }
  return out;
};

/** Writes `put` over their aggregate items and deletes `remove`, in batches of 25, retrying what is left. */
export const replaceCells = async (put: StoredCell[], remove: AggregateCell[]): Promise<void> => {
  const { doc, config } = clients();
  const requests = [
    ...put.map((c) => ({
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
    ...remove.map((c) => ({ DeleteRequest: { Key: keys.aggregate(c.quarter, c.zone, c.theme) } })),
  ];
  for (let i = 0; i < requests.length; i += 25) {
    let pending: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('replaceCells: unprocessed items after retries');
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [config.TABLE_NAME]: pending } }));
      pending = out.UnprocessedItems?.[config.TABLE_NAME] as typeof requests | undefined;
      if (pending?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
};

/**
 * Replaces the quarter's aggregate items with the recomputed ones. For tooling, while no stream record of
 * the quarter is in flight (a record applied during the rebuild could be counted twice or not at all).
 */
export const rebuildAggregates = async (quarter: string): Promise<{ written: number; deleted: number }> => {
  const [expected, stored] = await Promise.all([recomputeAggregates(quarter), readQuarter(quarter)]);
  const keep = new Set(expected.map(cellKey));
  const remove = stored.filter((c) => !keep.has(cellKey(c)));
  await replaceCells(expected, remove);
  return { written: expected.length, deleted: remove.length };
};
