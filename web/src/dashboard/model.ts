/**
 * What the dashboard shows, computed from the report body (GET /api/aggregates) and the trend
 * (GET /api/aggregates/trend) without the DOM, so it is unit-tested in node: the scope in the address,
 * the headline figures, the zone × theme table, the rows and bars of the priority charts.
 */
import type { Trend } from '../../../shared/aggregates/schema.ts';
import type { Language } from '../../../shared/records.ts';
import type { Bilingual } from '../../../shared/reference/index.ts';
import type {
  RankingOption,
  ReportBody,
  ThemeFigures,
  Totals,
  VoteOption,
} from '../../../shared/report-body/schema.ts';

/** What the page shows: a period, optionally one zone and one theme. Lives in the address. */
export interface Scope {
  period?: string;
  zone?: string;
  theme?: string;
}

const PERIOD = /^\d{4}(-Q[1-4])?$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const scopeFromSearch = (search: string): Scope => {
  const p = new URLSearchParams(search);
  const get = (k: string, re: RegExp) => {
    const v = p.get(k);
    return v && re.test(v) ? v : undefined;
  };
  const period = get('period', PERIOD);
  const zone = get('zone', ID);
  const theme = get('theme', ID);
  return { ...(period ? { period } : {}), ...(zone ? { zone } : {}), ...(theme ? { theme } : {}) };
};

/** The address's query with the scope replaced; other parameters (lang) kept. */
export const searchWithScope = (search: string, scope: Scope): string => {
  const p = new URLSearchParams(search);
  for (const k of ['period', 'zone', 'theme'] as const) {
    const v = scope[k];
    if (v) p.set(k, v);
    else p.delete(k);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
};

export type { Trend };
export type Measure = 'meetings' | 'participants' | 'responses';
export const measures: Measure[] = ['meetings', 'participants', 'responses'];

/** The figures behind the headline: a zone's or the region's, for all themes or the chosen one. */
export type Headline = Pick<Totals, 'meetings' | 'participants' | 'surveyResponses' | 'previous' | 'change'>;

export const headlineOf = (body: ReportBody, scope: Scope): Headline | undefined => {
  if (scope.zone) {
    const zone = body.zones.find((z) => z.zone === scope.zone);
    if (!zone) return undefined;
    return scope.theme ? zone.themes.find((t) => t.theme === scope.theme) : zone.totals;
  }
  return scope.theme ? body.region.themes.find((t) => t.theme === scope.theme) : body.region.totals;
};

export interface Cell {
  meetings: number;
  participants: number;
  /** null: withheld (shown as the marker). */
  responses: number | null;
}
export interface MatrixRow {
  zone: string;
  label: Bilingual;
  colour?: string;
  cells: Cell[];
  /** Only when more than one theme is shown. */
  total?: Cell;
}
export interface Matrix {
  themes: { theme: string; label: Bilingual }[];
  rows: MatrixRow[];
  /** The region's line; left out when one zone is chosen (a coordinator sees their zone only). */
  totals?: MatrixRow;
}

const cellOf = (f: Pick<Totals, 'meetings' | 'participants' | 'surveyResponses'> | undefined): Cell => ({
  meetings: f?.meetings ?? 0,
  participants: f?.participants ?? 0,
  responses: f ? f.surveyResponses : 0,
});

/** The zone × theme table: the body's zones in reference order, the themes of the region's list. */
export const matrixOf = (body: ReportBody, scope: Scope): Matrix => {
  const themes = body.region.themes.map((t) => ({ theme: t.theme, label: t.label }));
  const several = themes.length > 1;
  const line = (
    zone: string,
    label: Bilingual,
    list: ThemeFigures[],
    totals: Totals,
    colour?: string,
  ): MatrixRow => ({
    zone,
    label,
    ...(colour ? { colour } : {}),
    cells: themes.map((t) => cellOf(list.find((x) => x.theme === t.theme))),
    ...(several ? { total: cellOf(totals) } : {}),
  });
  const rows = body.zones
    .filter((z) => !scope.zone || z.zone === scope.zone)
    .map((z) => line(z.zone, z.label, z.themes, z.totals, z.colour));
  return {
    themes,
    rows,
    ...(scope.zone
      ? {}
      : {
          totals: line(
            'region',
            { fr: 'Total région', nl: 'Totaal gewest' },
            body.region.themes,
            body.region.totals,
          ),
        }),
  };
};

/**
 * Where an option's points came from: its 1st, 2nd and 3rd choices (count × that choice's weight) and the
 * rest: for a meeting vote, points counted on the board (no per-choice detail); for a survey, choices past
 * the 3rd.
 */
export const PARTS = ['first', 'second', 'third', 'rest'] as const;
export type Part = (typeof PARTS)[number];

/** One option of a priority chart with its points split by where they came from. */
export interface OptionRow {
  option: string;
  label: Bilingual;
  points: number | null;
  firstChoices: number | null;
  /** Points per part (they add up to `points`); null where withheld. */
  parts: Record<Part, number> | null;
  share: number | null;
  rank: number | null;
}

/** Points per part: each choice's count × its weight, never more than the points not yet accounted for. */
const partsOf = (o: RankingOption | VoteOption, weights: readonly number[]): Record<Part, number> | null => {
  const choices = [o.firstChoices, o.secondChoices, o.thirdChoices];
  if (o.points === null || choices.some((c) => c === null)) return null;
  let left = o.points;
  const [first, second, third] = choices.map((c, i) => {
    const part = Math.min(left, (c ?? 0) * (weights[i] ?? 0));
    left -= part;
    return part;
  });
  return { first: first ?? 0, second: second ?? 0, third: third ?? 0, rest: left };
};

export const optionRows = (
  options: (RankingOption | VoteOption)[],
  weights: readonly number[],
): OptionRow[] =>
  options.map((o) => ({
    option: o.option,
    label: o.label,
    points: o.points,
    firstChoices: o.firstChoices,
    parts: partsOf(o, weights),
    share: o.share,
    rank: o.rank,
  }));

/** Meeting ballots score 3-2-1 (docs/aggregates.md). */
const MEETING_WEIGHTS = [3, 2, 1] as const;

/** Whether any option has points in the `rest` part (a column and a legend entry only then). */
export const hasRest = (chart: PriorityChart) => chart.rows.some((r) => (r.parts?.rest ?? 0) > 0);

/** A chart of a theme: a survey ranking question or the meetings' 3-2-1 votes. */
export interface PriorityChart {
  /** Unique within a zone × theme, usable in an element id. */
  key: string;
  kind: 'survey' | 'votes';
  /** The question's label (survey) or undefined (votes). */
  question?: Bilingual;
  suppressed: boolean;
  rows: OptionRow[];
}

export const chartsOfTheme = (theme: ThemeFigures): PriorityChart[] => [
  ...theme.rankings.map(
    (r): PriorityChart => ({
      key: `${r.surveyId}-${r.questionId}`,
      kind: 'survey',
      question: r.label,
      suppressed: r.suppressed,
      rows: optionRows(r.options, r.weights),
    }),
  ),
  ...(theme.meetingVotes.length > 0
    ? [
        {
          key: 'votes',
          kind: 'votes' as const,
          suppressed: false,
          rows: optionRows(theme.meetingVotes, MEETING_WEIGHTS),
        },
      ]
    : []),
];

/** A bar segment of a priority chart; withheld options and empty segments have none. */
export interface Bar {
  option: string;
  /** The y value: "rank. label". */
  y: string;
  part: Part;
  value: number;
  total: number;
  rank: number | null;
}

/** The y label of an option: its rank and its label in the chosen language. */
export const yLabel = (row: OptionRow, lang: Language) =>
  row.rank === null ? `– ${row.label[lang]}` : `${row.rank}. ${row.label[lang]}`;

export const barsOf = (chart: PriorityChart, lang: Language): Bar[] => {
  if (chart.suppressed) return [];
  return chart.rows.flatMap((row) => {
    const { points, parts } = row;
    if (points === null || parts === null) return [];
    const base = { option: row.option, y: yLabel(row, lang), total: points, rank: row.rank };
    return PARTS.filter((part) => parts[part] > 0).map((part) => ({ ...base, part, value: parts[part] }));
  });
};

export const localeOf = (lang: Language) => (lang === 'fr' ? 'fr-BE' : 'nl-BE');

export const formatNumber = (lang: Language, n: number) => new Intl.NumberFormat(localeOf(lang)).format(n);

/** +3, −2, 0 (a real minus sign). */
export const formatSigned = (lang: Language, n: number) =>
  new Intl.NumberFormat(localeOf(lang), { signDisplay: 'exceptZero' }).format(n);

export const formatShare = (lang: Language, n: number) =>
  `${new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)} %`;

/** The quarters (for `measure`) of a trend as rows: one value per series, null where withheld. */
export const trendRows = (trend: Trend, measure: Measure) =>
  trend.quarters.map((quarter) => ({
    quarter,
    values: trend.series.map((s) => {
      const point = s.points.find((p) => p.period === quarter);
      return point ? point[measure] : 0;
    }),
  }));
