import { describe, expect, it } from 'vitest';
import { dateRangeOf, previousPeriod, quarterOfInstant, quartersOf } from '../../shared/period.ts';

describe('periods', () => {
  it('places an instant by its Brussels date, across midnight and DST', () => {
    // 31 March 2025 22:30 UTC is 1 April 00:30 in Brussels (CEST, UTC+2): Q2.
    expect(quarterOfInstant(new Date('2025-03-31T22:30:00Z'))).toBe('2025-Q2');
    expect(quarterOfInstant(new Date('2025-03-31T21:59:59Z'))).toBe('2025-Q1');
    // 31 December 23:30 UTC is 1 January 00:30 in Brussels (CET, UTC+1): next year's Q1.
    expect(quarterOfInstant(new Date('2025-12-31T23:30:00Z'))).toBe('2026-Q1');
    expect(quarterOfInstant(new Date('2025-09-30T21:59:00Z'))).toBe('2025-Q3');
    expect(quarterOfInstant(new Date('2025-09-30T22:00:00Z'))).toBe('2025-Q4');
  });

  it('lists quarters, previous periods and date ranges', () => {
    expect(quartersOf('2025')).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(previousPeriod('2025-Q1')).toBe('2024-Q4');
    expect(previousPeriod('2025')).toBe('2024');
    expect(dateRangeOf('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(dateRangeOf('2025-Q2')).toEqual({ from: '2025-04-01', to: '2025-06-30' });
  });
});
