/**
 * Helpers run for every data cell, written for speed, checked against their plain versions: the
 * Brussels wall-clock time (one zone look-up per UTC hour, cached) equals a look-up per instant, around
 * both daylight-saving changes and at any instant of 2020–2035; the lines a text needs equal the count
 * over its split parts.
 */
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brusselsWallClock } from '../../shared/reports/council-workbook.ts';
import { linesFor } from '../../shared/reports/sheet-kit.ts';

/** The direct reading: the instant's Brussels fields, as UTC fields, whole seconds. */
const direct = (iso: string) => {
  const d = new TZDate(new Date(iso).getTime(), 'Europe/Brussels');
  return new Date(
    Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()),
  );
};

describe('brusselsWallClock', () => {
  it('gives the Brussels time around the daylight-saving changes', () => {
    expect(brusselsWallClock('2025-03-30T00:59:59.900Z').toISOString()).toBe('2025-03-30T01:59:59.000Z');
    expect(brusselsWallClock('2025-03-30T01:00:00.000Z').toISOString()).toBe('2025-03-30T03:00:00.000Z');
    expect(brusselsWallClock('2025-10-26T00:59:59.000Z').toISOString()).toBe('2025-10-26T02:59:59.000Z');
    expect(brusselsWallClock('2025-10-26T01:00:00.000Z').toISOString()).toBe('2025-10-26T02:00:00.000Z');
    expect(brusselsWallClock('2025-07-01T10:15:30.000Z').toISOString()).toBe('2025-07-01T12:15:30.000Z');
  });

  it('equals a look-up per instant at any time of 2020–2035', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }), (t) => {
        const iso = new Date(t).toISOString();
        expect(brusselsWallClock(iso)).toEqual(direct(iso));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('linesFor', () => {
  it('counts at least one line per part between line breaks, and wraps long parts', () => {
    expect(linesFor('', 10)).toBe(1);
    expect(linesFor('a\n', 10)).toBe(2);
    expect(linesFor('x'.repeat(9), 10)).toBe(1);
    expect(linesFor('x'.repeat(10), 10)).toBe(2);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\n') }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        (text, width, bold) => {
          const perLine = Math.max(1, Math.floor(width * (bold ? 0.9 : 1) - 1));
          const plain = text
            .split('\n')
            .reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
          expect(linesFor(text, width, bold)).toBe(plain);
        },
      ),
      { numRuns: 500 },
    );
  });
});
