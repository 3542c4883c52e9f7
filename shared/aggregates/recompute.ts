/**
 * Recomputation of a quarter's aggregates from the source records, with the same contributionsOf as the
 * stream aggregator: the reference the running counters are tested against, and the rebuild used by
 * tooling (bulk loads that bypass the stream, repairs). Reads source records: never on a request path.
 */
import { meetingsInPeriod } from '../meetings/store.ts';
import { quartersOf } from '../period.ts';
import type { StoredMeeting, StoredResponse } from '../records.ts';
import { responsesInQuarter } from '../responses/store.ts';
import { listSurveys } from '../surveys/store.ts';
import { accumulate, cellKey, contributionsOf, type Delta } from './contributions.ts';
import { readQuarter, replaceCells, type StoredCell } from './store.ts';

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
 * The contributions of a period's source records, summed as the records go past (the recomputation's
 * core): it keeps one entry per aggregate cell, never the records, so a report run can feed it the pages
 * it reads for its data workbook and check the aggregates without reading the source a second time.
 */
export class SourceTally {
  private readonly quarters: Set<string>;
  private readonly delta: Delta = new Map();

  constructor(readonly period: string) {
    this.quarters = new Set(quartersOf(period));
  }

  /** Meetings as the store returns them (any period: only contributions to this period's quarters count). */
  addMeetings(meetings: StoredMeeting[]): void {
    // The store readers strip `entity` (a storage attribute): put it back for contributionsOf.
    this.add(meetings.map((meeting) => ({ entity: 'meeting', ...meeting })));
  }

  addResponses(responses: StoredResponse[]): void {
    this.add(responses.map((response) => ({ entity: 'response', ...response })));
  }

  /** What the quarter's aggregate items should hold, from the records added so far. */
  cellsOf(quarter: string): StoredCell[] {
    return [...this.delta.values()].filter((c) => c.quarter === quarter);
  }

  private add(items: Item[]): void {
    for (const item of items)
      accumulate(
        this.delta,
        contributionsOf(item).filter((c) => this.quarters.has(c.quarter)),
        1,
      );
  }
}

/**
 * What the quarter's aggregates should hold, computed from the source records. Responses are counted page
 * by page (a zone-quarter may hold 100,000), never held in memory all at once.
 */
export const recomputeAggregates = async (quarter: string): Promise<StoredCell[]> => {
  const tally = new SourceTally(quarter);
  tally.addMeetings(await meetingsInPeriod(quarter));
  for (const survey of await listSurveys())
    for await (const page of responsesInQuarter(survey.surveyId, quarter)) tally.addResponses(page);
  return tally.cellsOf(quarter);
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

/**
 * Replaces the quarter's aggregate items with the recomputed ones. For tooling, while no stream record of
 * the quarter is in flight (a record applied during the rebuild could be counted twice or not at all).
 */
export const rebuildAggregates = async (quarter: string): Promise<{ written: number; deleted: number }> => {
  const [expected, stored] = await Promise.all([recomputeAggregates(quarter), readQuarter(quarter)]);
  const keep = new Set(expected.map(cellKey));
  const obsolete = stored.filter((c) => !keep.has(cellKey(c)));
  await replaceCells(expected, obsolete);
  return { written: expected.length, deleted: obsolete.length };
};
