/**
 * The dashboard's data beside the report body: which periods have data (GET /api/aggregates/periods)
 * and the 8-quarter trend per zone (GET /api/aggregates/trend). Both read the aggregate items directly,
 * one Query per quarter in parallel, never a report body per quarter.
 */
import { assertCanReadAggregates, type Caller, coordinatedZones, isRar, isStaff } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { parsePeriod, quarterOfInstant } from '../period.ts';
import { REGION, reference } from '../reference/index.ts';
import { suppressionOfPeriod } from './report.ts';
import type { AggregatePeriods, Trend, TrendPoint, TrendQuery } from './schema.ts';
import { type CellTotals, quarterHasData, readQuarterTotals, type StoredCell } from './store.ts';
import { cellId, TOTAL } from './suppression.ts';

/** Quarters shown by the trend. */
export const TREND_QUARTERS = 8;

/**
 * The earliest year probed for data: Brusano was founded in 2018, and a response is dated when it
 * arrives. Quarters have no index of their own (one partition each), so each probe is one count query:
 * a meeting form dated before 2018 or after next year (the form allows 2000–2100) is counted in its
 * period's figures but not listed here.
 */
export const FIRST_DATA_YEAR = 2018;

/** Zones a caller may see, in reference order; undefined for every zone (staff, rar). */
const zonesInScope = (caller: Caller): string[] | undefined => {
  if (isStaff(caller) || isRar(caller)) return undefined;
  const own = new Set(coordinatedZones(caller));
  const zones = reference.zones.map((z) => z.id).filter((id) => own.has(id));
  if (zones.length === 0) throw forbidden();
  return zones;
};

const quartersOfYear = (year: number) => [4, 3, 2, 1].map((q) => `${year}-Q${q}`);

/**
 * Every year and quarter with meetings or responses in the caller's zones, newest first, each year
 * before its quarters. Probes each quarter from FIRST_DATA_YEAR to the end of next year (meetings may
 * be planned ahead) with a count query, all in parallel.
 */
export const periodsWithData = async (caller: Caller, now = new Date()): Promise<AggregatePeriods> => {
  const zones = zonesInScope(caller);
  const lastYear = parsePeriod(quarterOfInstant(now)).year + 1;
  const years = Array.from({ length: lastYear - FIRST_DATA_YEAR + 1 }, (_, i) => lastYear - i);
  const quarters = years.flatMap(quartersOfYear);
  const found = await Promise.all(quarters.map((q) => quarterHasData(q, zones)));
  const withData = new Set(quarters.filter((_, i) => found[i]));
  const periods = years.flatMap((year) => {
    const own = quartersOfYear(year).filter((q) => withData.has(q));
    return own.length > 0 ? [String(year), ...own] : [];
  });
  return { periods };
};

/** The TREND_QUARTERS quarters ending with `period` (a year: with its Q4), oldest first. */
export const trendQuarters = (period: string): string[] => {
  const p = parsePeriod(period);
  const end = p.year * 4 + (p.quarter ?? 4) - 1;
  return Array.from({ length: TREND_QUARTERS }, (_, i) => {
    const n = end - (TREND_QUARTERS - 1 - i);
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  });
};

/**
 * The series' zones (access already checked): the one asked for, a coordinator's own, or the care zones
 * and the region pseudo-zone when it has data in these quarters (as the report body lists it).
 */
const seriesZones = (query: TrendQuery, caller: Caller, cells: CellTotals[][]): string[] => {
  if (query.zone !== undefined) return [query.zone];
  const own = zonesInScope(caller);
  if (own) return own;
  const regionHasData = cells.some((q) =>
    q.some((c) => c.zone === REGION && (c.meetings > 0 || c.responses > 0)),
  );
  return reference.zones.map((z) => z.id).filter((id) => id !== REGION || regionHasData);
};

/** As StoredCell, so the quarter's suppression is decided by the very function the report body uses. */
const asStored = (quarter: string, c: CellTotals): StoredCell => ({
  quarter,
  zone: c.zone,
  theme: c.theme,
  counters: { meetings: c.meetings, participants: c.participants, responses: c.responses },
  labels: {},
});

/**
 * One zone's point per quarter: the figures the quarter's report body gives as that zone's totals,
 * the response count withheld exactly when the report withholds it (the zone's total cell).
 */
const pointsOf = (quarters: string[], cells: CellTotals[][]) => {
  const perQuarter = quarters.map((quarter, i) => {
    const list = cells[i] ?? [];
    const hidden = suppressionOfPeriod(
      quarter,
      list.map((c) => asStored(quarter, c)),
    ).cells;
    return { quarter, list, hidden };
  });
  return (zone: string): TrendPoint[] =>
    perQuarter.map(({ quarter, list, hidden }) => {
      const own = list.filter((c) => c.zone === zone);
      const total = (key: 'meetings' | 'participants' | 'responses') => own.reduce((n, c) => n + c[key], 0);
      const suppressed = hidden.has(cellId(zone, TOTAL));
      return {
        period: quarter,
        meetings: total('meetings'),
        participants: total('participants'),
        responses: suppressed ? null : total('responses'),
        suppressed,
      };
    });
};

/** The 8-quarter trend of meetings, participants and responses per zone in the caller's scope. */
export const trendOf = async (query: TrendQuery, caller: Caller): Promise<Trend> => {
  // Checked before any read: a refused caller costs nothing.
  if (query.zone !== undefined) assertCanReadAggregates(caller, query.zone);
  else zonesInScope(caller);
  const quarters = trendQuarters(query.period);
  const cells = await Promise.all(quarters.map(readQuarterTotals));
  const points = pointsOf(quarters, cells);
  const series = seriesZones(query, caller, cells).map((id) => {
    const z = reference.zones.find((x) => x.id === id);
    return {
      zone: id,
      label: z?.label ?? { fr: id, nl: id },
      colour: z?.colour ?? '000000',
      points: points(id),
    };
  });
  return { period: query.period, quarters, series };
};
