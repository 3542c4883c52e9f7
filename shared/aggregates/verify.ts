/**
 * The running aggregates checked against the source records (the truth): every aggregate item of a
 * period compared with a recomputation, and optionally repaired. Used by `zonedata verify`, by every
 * report run (recorded in its manifest) and by the cloud's repair of records the stream could not apply.
 */
import { quartersOf } from '../period.ts';
import { cellKey } from './contributions.ts';
import { countersByCell, recomputeAggregates } from './recompute.ts';
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

const sameCounters = (a: Record<string, number> = {}, b: Record<string, number> = {}) =>
  JSON.stringify(a) === JSON.stringify(b);

const compareQuarter = async (quarter: string) => {
  const [expected, stored] = await Promise.all([recomputeAggregates(quarter), readQuarter(quarter)]);
  const want = countersByCell(expected);
  const have = countersByCell(stored);
  const cells = new Set([...Object.keys(want), ...Object.keys(have)]);
  const differences: CellDifference[] = [];
  for (const cell of [...cells].sort())
    if (!sameCounters(have[cell], want[cell]))
      differences.push({ cell, stored: have[cell] ?? {}, expected: want[cell] ?? {} });
  return { expected, stored, checked: cells.size, differences };
};

/**
 * Compares every aggregate item of `period` with a recomputation from source. With `repair`, a cell that
 * differs is rewritten from the recomputation (an empty one deleted). `settleMs`: when set, a difference
 * is only repaired if a second comparison after that wait shows the same difference, so a record still
 * on its way through the stream is not counted twice.
 */
export const verifyPeriod = async (
  period: string,
  options: { repair?: boolean; settleMs?: number } = {},
): Promise<VerifyResult> => {
  const result: VerifyResult = { period, checked: 0, differences: [], repaired: 0 };
  for (const quarter of quartersOf(period)) {
    let compared = await compareQuarter(quarter);
    result.checked += compared.checked;
    if (compared.differences.length === 0) continue;
    result.differences.push(...compared.differences);
    if (!options.repair) continue;
    if (options.settleMs) {
      const first = new Map(compared.differences.map((d) => [d.cell, JSON.stringify(d)]));
      await new Promise((r) => setTimeout(r, options.settleMs));
      compared = await compareQuarter(quarter);
      compared.differences = compared.differences.filter((d) => first.get(d.cell) === JSON.stringify(d));
    }
    const differing = new Set(compared.differences.map((d) => d.cell));
    const put = compared.expected.filter((c) => differing.has(cellKey(c)));
    const putKeys = new Set(put.map(cellKey));
    const remove: StoredCell[] = compared.stored.filter(
      (c) => differing.has(cellKey(c)) && !putKeys.has(cellKey(c)),
    );
    await replaceCells(put, remove);
    result.repaired += differing.size;
  }
  return result;
};
