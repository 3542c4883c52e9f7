/**
 * The running aggregates checked against the source records (the truth): every aggregate item of a
 * period compared with a recomputation, and optionally repaired. Used by `zonedata verify`, by every
 * report run (recorded in its manifest; the run feeds the recomputation from its own single pass over the
 * source, `verifyTally`) and by the cloud's repair of records the stream could not apply.
 */
import { quartersOf } from '../period.ts';
import { cellKey } from './contributions.ts';
import { countersByCell, recomputeAggregates, type SourceTally } from './recompute.ts';
import { readQuarter, replaceCells, type StoredCell } from './store.ts';

export interface CellDifference {
  /** `quarter|zone|theme` */
  cell: string;
  stored: Record<string, number>;
  expected: Record<string, number>;
}

export interface VerifyResult {
  period: string;
  /** Aggregate cells compared (stored or expected). */
  checked: number;
  differences: CellDifference[];
  repaired: number;
}

export interface VerifyOptions {
  repair?: boolean;
  /**
   * When set, a difference is only repaired if a second comparison after that wait (against a fresh
   * recomputation of its quarter) shows the same difference, so a record still on its way through the
   * stream is not counted twice.
   */
  settleMs?: number;
}

interface Comparison {
  expected: StoredCell[];
  stored: StoredCell[];
  checked: number;
  differences: CellDifference[];
}

const sameCounters = (a: Record<string, number> = {}, b: Record<string, number> = {}) =>
  JSON.stringify(a) === JSON.stringify(b);

/** The quarter's stored cells against `expected` (the recomputation when not given). */
const compareQuarter = async (quarter: string, expectedCells?: StoredCell[]): Promise<Comparison> => {
  const [expected, stored] = await Promise.all([
    expectedCells ?? recomputeAggregates(quarter),
    readQuarter(quarter),
  ]);
  const want = countersByCell(expected);
  const have = countersByCell(stored);
  const cells = new Set([...Object.keys(want), ...Object.keys(have)]);
  const differences: CellDifference[] = [];
  for (const cell of [...cells].sort())
    if (!sameCounters(have[cell], want[cell]))
      differences.push({ cell, stored: have[cell] ?? {}, expected: want[cell] ?? {} });
  return { expected, stored, checked: cells.size, differences };
};

/** Rewrites the cells that differ from the recomputation (an empty one deleted); returns how many. */
const repairQuarter = async (quarter: string, first: Comparison, settleMs?: number): Promise<number> => {
  let compared = first;
  if (settleMs) {
    const seen = new Map(first.differences.map((d) => [d.cell, JSON.stringify(d)]));
    await new Promise((r) => setTimeout(r, settleMs));
    compared = await compareQuarter(quarter);
    compared.differences = compared.differences.filter((d) => seen.get(d.cell) === JSON.stringify(d));
  }
  const differing = new Set(compared.differences.map((d) => d.cell));
  const put = compared.expected.filter((c) => differing.has(cellKey(c)));
  const putKeys = new Set(put.map(cellKey));
  const remove: StoredCell[] = compared.stored.filter(
    (c) => differing.has(cellKey(c)) && !putKeys.has(cellKey(c)),
  );
  await replaceCells(put, remove);
  return differing.size;
};

/** Quarter by quarter: compare with `expectedOf(quarter)` (recomputed when undefined), repair if asked. */
const checkPeriod = async (
  period: string,
  expectedOf: (quarter: string) => StoredCell[] | undefined,
  options: VerifyOptions,
): Promise<VerifyResult> => {
  const result: VerifyResult = { period, checked: 0, differences: [], repaired: 0 };
  for (const quarter of quartersOf(period)) {
    const compared = await compareQuarter(quarter, expectedOf(quarter));
    result.checked += compared.checked;
    if (compared.differences.length === 0) continue;
    result.differences.push(...compared.differences);
    if (options.repair) result.repaired += await repairQuarter(quarter, compared, options.settleMs);
  }
  return result;
};

/** Compares every aggregate item of `period` with a recomputation from source (read for the purpose). */
export const verifyPeriod = (period: string, options: VerifyOptions = {}): Promise<VerifyResult> =>
  checkPeriod(period, () => undefined, options);

/**
 * The same check, against a tally already fed with every source record of its period (a report run's
 * single pass over the source): no source record is read again unless a quarter differs and `settleMs`
 * asks for a second look.
 */
export const verifyTally = (tally: SourceTally, options: VerifyOptions = {}): Promise<VerifyResult> =>
  checkPeriod(tally.period, (quarter) => tally.cellsOf(quarter), options);
