import { describe, expect, it } from 'vitest';
import {
  type CountTable,
  cellId,
  SUPPRESSION_RULE,
  suppressRankingLine,
  suppressTable,
  TOTAL,
} from '../../shared/aggregates/suppression.ts';

/** A table from rows of numbers: rows r0.., columns c0... */
const table = (values: number[][]): CountTable => ({
  rows: values.map((_, i) => `r${i}`),
  cols: (values[0] ?? []).map((_, j) => `c${j}`),
  value: (r, c) => values[Number(r.slice(1))]?.[Number(c.slice(1))] ?? 0,
});

/** Every cell of the extended table (totals included) with its true value. */
const extended = (t: CountTable): Map<string, number> => {
  const v = new Map<string, number>();
  let grand = 0;
  for (const r of t.rows) {
    let rt = 0;
    for (const c of t.cols) {
      v.set(cellId(r, c), t.value(r, c));
      rt += t.value(r, c);
    }
    v.set(cellId(r, TOTAL), rt);
    grand += rt;
  }
  for (const c of t.cols)
    v.set(
      cellId(TOTAL, c),
      t.rows.reduce((s, r) => s + t.value(r, c), 0),
    );
  v.set(cellId(TOTAL, TOTAL), grand);
  return v;
};

/**
 * One line equation (Σ inner members − total = 0) under the partial assignment `a`: a contradiction, or
 * the value of its one open member set in `a` ('forced'), or nothing learnt yet ('unchanged').
 */
const propagateLine = (
  line: { inner: string[]; total: string },
  a: Map<string, number>,
  bound: number,
): 'contradiction' | 'forced' | 'unchanged' => {
  const members = [...line.inner, line.total];
  const open = members.filter((m) => !a.has(m));
  const sum = line.inner.reduce((s, m) => s + (a.get(m) ?? 0), 0) - (a.get(line.total) ?? 0);
  if (open.length === 0) return sum !== 0 ? 'contradiction' : 'unchanged';
  if (open.length !== 1) return 'unchanged';
  const m = open[0] as string;
  const forced = m === line.total ? sum : -sum;
  if (forced < 0 || forced > bound) return 'contradiction';
  a.set(m, forced);
  return 'forced';
};

/**
 * The attacker: knows the published cells and that every line adds up; enumerates every non-negative
 * integer filling of the withheld cells and returns, per withheld cell, the values it can take.
 */
const possibleValues = (t: CountTable, hidden: Set<string>): Map<string, Set<number>> => {
  const truth = extended(t);
  const bound = (truth.get(cellId(TOTAL, TOTAL)) ?? 0) * 2 + 5;
  const rows = [...t.rows, TOTAL];
  const cols = [...t.cols, TOTAL];
  // Line: Σ inner members − total = 0.
  const lines = [
    ...rows.map((r) => ({ inner: t.cols.map((c) => cellId(r, c)), total: cellId(r, TOTAL) })),
    ...cols.map((c) => ({ inner: t.rows.map((r) => cellId(r, c)), total: cellId(TOTAL, c) })),
  ];
  const unknown = [...hidden];
  const seen = new Map(unknown.map((id) => [id, new Set<number>()]));
  const value = new Map<string, number>();
  for (const [id, x] of truth) if (!hidden.has(id)) value.set(id, x);

  const consistent = (assign: Map<string, number>): Map<string, number> | undefined => {
    const a = new Map(assign);
    for (let progress = true; progress; ) {
      progress = false;
      for (const line of lines) {
        const outcome = propagateLine(line, a, bound);
        if (outcome === 'contradiction') return undefined;
        if (outcome === 'forced') progress = true;
      }
    }
    return a;
  };

  const search = (assign: Map<string, number>): void => {
    const a = consistent(assign);
    if (!a) return;
    const next = unknown.find((id) => !a.has(id));
    if (next === undefined) {
      for (const id of unknown) seen.get(id)?.add(a.get(id) as number);
      return;
    }
    for (let x = 0; x <= bound; x++) {
      if ([...seen.values()].every((s) => s.size >= 2)) return; // nothing left to learn
      search(new Map(a).set(next, x));
    }
  };
  search(value);
  return seen;
};

const determined = (t: CountTable, hidden: Set<string>) =>
  [...possibleValues(t, hidden)].filter(([, values]) => values.size < 2).map(([id]) => id);

describe('suppressTable', () => {
  it('publishes a table without small counts unchanged', () => {
    const t = table([
      [10, 0],
      [7, 25],
    ]);

    const result = suppressTable(t);

    expect([...result.hidden]).toEqual([]);
  });

  it('hides one small cell and, hand-computed, its complements in its row and column', () => {
    // r0: 3 (primary) | 10 | total 13 ; r1: 8 | 12 | 20 ; r2: 20 | 7 | 27 ; totals 31 | 29 | 60
    const t = table([
      [3, 10],
      [8, 12],
      [20, 7],
    ]);

    const result = suppressTable(t);

    expect(result.primary).toBe(1);
    expect(result.hidden).toEqual(
      new Set([
        'r0|c0', // primary: 3
        'r0|c1', // row r0: smallest other non-zero (10 < total 13)
        'r1|c0', // column c0: smallest other (8)
        'r2|c1', // column c1: smallest other (7 < 12)
        'r1|c1', // then row r1 had one withheld: 12 < 20
        'r2|c0', // then row r2 had one withheld: 20 < 27
      ]),
    );
    expect(determined(t, result.hidden)).toEqual([]);
  });

  it('prefers a non-zero complement over a zero', () => {
    const t = table([
      [2, 0, 9],
      [6, 8, 11],
    ]);

    const result = suppressTable(t);

    expect(result.hidden.has('r0|c0')).toBe(true);
    expect(result.hidden.has('r0|c1')).toBe(false);
    expect(result.hidden.has('r0|c2')).toBe(true);
  });

  it('hides a small zone total even when its cells are zero or large', () => {
    const t = table([
      [0, 3, 0],
      [12, 30, 9],
      [15, 6, 22],
    ]);

    const result = suppressTable(t);

    expect(result.hidden.has(`r0|${TOTAL}`)).toBe(true);
    expect(result.hidden.has('r0|c1')).toBe(true);
    expect(determined(t, result.hidden)).toEqual([]);
  });

  it('leaves the attacker unable to recover any withheld cell from published totals', () => {
    // A zones × themes table like the real one: 6 rows (5 zones + region pseudo-zone), 3 themes.
    const t = table([
      [14, 2, 0],
      [9, 31, 4],
      [1, 12, 7],
      [22, 0, 6],
      [3, 18, 11],
      [0, 5, 1],
    ]);

    const result = suppressTable(t);
    const recovered = determined(t, result.hidden);

    expect(result.hidden.size).toBeGreaterThan(result.primary);
    expect(recovered).toEqual([]);
  });

  it('fails against the attacker when only primary suppression is applied (the attack works)', () => {
    const t = table([
      [3, 10],
      [8, 12],
    ]);

    const recovered = determined(t, new Set(['r0|c0']));

    expect(recovered).toEqual(['r0|c0']);
  });

  it('protects random tables (seeded) against the attacker', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 25; n++) {
      const values = Array.from({ length: 4 }, () =>
        Array.from({ length: 3 }, () =>
          random() < 0.5 ? Math.floor(random() * 6) : Math.floor(random() * 25),
        ),
      );
      const t = table(values);

      const result = suppressTable(t);

      expect({ values, recovered: determined(t, result.hidden) }).toEqual({ values, recovered: [] });
    }
  });
});

describe('suppressRankingLine', () => {
  it('withholds the rankings of withheld cells and of zones under the threshold', () => {
    const answered = new Map([
      ['a', 12],
      ['b', 3],
      ['c', 9],
      ['d', 20],
    ]);

    const result = suppressRankingLine(answered, new Set(['c']));

    expect(result.zones).toEqual(new Set(['b', 'c']));
    expect(result.region).toBe(false);
  });

  it('withholds the next smallest zone when only one zone would be withheld', () => {
    const answered = new Map([
      ['a', 12],
      ['b', 3],
      ['c', 9],
    ]);

    const result = suppressRankingLine(answered, new Set());

    expect(result.zones).toEqual(new Set(['b', 'c']));
    expect(result.region).toBe(false);
  });

  it('withholds the region when no other zone has answers to hide', () => {
    const answered = new Map([
      ['a', 0],
      ['b', 3],
      ['c', 0],
      ['d', 6],
    ]);

    const oneLeft = suppressRankingLine(new Map([...answered].filter(([z]) => z !== 'd')), new Set());
    const withD = suppressRankingLine(answered, new Set());

    expect(oneLeft.region).toBe(true);
    expect(withD.zones).toEqual(new Set(['b', 'd']));
  });
});

describe('SUPPRESSION_RULE', () => {
  it('states the threshold in both languages', () => {
    expect(SUPPRESSION_RULE.fr).toContain('1 à 4 réponses');
    expect(SUPPRESSION_RULE.nl).toContain('1 tot 4 antwoorden');
  });
});
