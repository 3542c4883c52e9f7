/**
 * Reporting periods: a quarter `YYYY-Qn` or a year `YYYY`. Instants are placed in a period by their
 * date in Europe/Brussels (a response sent at 00:30 on 1 April Brussels time belongs to Q2, even
 * though it is still 31 March in UTC).
 */
import { TZDate } from '@date-fns/tz';
import * as z from 'zod';
import { bilingualIssue } from './validation.ts';

const TIME_ZONE = 'Europe/Brussels';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

export const periodSchema = z.string().refine(
  (s) => QUARTER.test(s) || YEAR.test(s),
  bilingualIssue('invalid_period', {
    fr: 'Période invalide : utilisez AAAA-Tn (par ex. 2025-Q3) ou AAAA (par ex. 2025).',
    nl: 'Ongeldige periode: gebruik JJJJ-Qn (bv. 2025-Q3) of JJJJ (bv. 2025).',
  }),
);

export interface ParsedPeriod {
  period: string;
  kind: 'quarter' | 'year';
  year: number;
  /** 1..4 for a quarter. */
  quarter?: number;
}

export const parsePeriod = (period: string): ParsedPeriod => {
  const q = QUARTER.exec(period);
  if (q) return { period, kind: 'quarter', year: Number(q[1]), quarter: Number(q[2]) };
  const y = YEAR.exec(period);
  if (y) return { period, kind: 'year', year: Number(y[1]) };
  throw new Error(`not a period: ${period}`);
};

export const isPeriod = (s: string): boolean => QUARTER.test(s) || YEAR.test(s);

/** The quarters a period covers, in order. */
export const quartersOf = (period: string): string[] => {
  const p = parsePeriod(period);
  return p.kind === 'quarter' ? [period] : [1, 2, 3, 4].map((n) => `${p.year}-Q${n}`);
};

/** The period just before: 2025-Q1 → 2024-Q4, 2025 → 2024. */
export const previousPeriod = (period: string): string => {
  const p = parsePeriod(period);
  if (p.kind === 'year') return String(p.year - 1);
  return p.quarter === 1 ? `${p.year - 1}-Q4` : `${p.year}-Q${(p.quarter ?? 1) - 1}`;
};

/** Quarter of a calendar date `YYYY-MM-DD` (already a Brussels date, as on a meeting form). */
export const quarterOfDate = (date: string): string => {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
};

/** Brussels calendar date `YYYY-MM-DD` of an instant. */
const brusselsDate = (instant: Date): string => {
  const d = new TZDate(instant.getTime(), TIME_ZONE);
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
};

/** Quarter of an instant, decided by the Brussels calendar date. */
export const quarterOfInstant = (instant: Date): string => quarterOfDate(brusselsDate(instant));

/** First and last Brussels calendar dates of a period, inclusive. */
export const dateRangeOf = (period: string): { from: string; to: string } => {
  const p = parsePeriod(period);
  if (p.kind === 'year') return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
  const q = p.quarter ?? 1;
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return {
    from: `${p.year}-${String(lastMonth - 2).padStart(2, '0')}-01`,
    to: `${p.year}-${String(lastMonth).padStart(2, '0')}-${lastDay}`,
  };
};

/** The quarter that closed most recently before `now` (for the quarterly schedule). */
export const quarterJustClosed = (now: Date): string => previousPeriod(quarterOfInstant(now));
