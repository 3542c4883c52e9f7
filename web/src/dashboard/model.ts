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

/** One option of a priority chart with its points split by where they came from. */
export interface OptionRow {
  option: string;
  label: Bilingual;
  points: number | null;
  firstChoices: number | null;
  /** Points from first choices (first choices × the first choice's weight). */
  firstPoints: number | null;
  /** The rest: 2nd and 3rd choices (and, for a vote counted on the board, points without detail). */
  otherPoints: number | null;
  share: number | null;
  rank: number | null;
}

export const optionRows = (options: (RankingOption | VoteOption)[], firstWeight: number): OptionRow[] =>
  options.map((o) => {
    const firstPoints =
      o.points === null || o.firstChoices === null ? null : Math.min(o.points, o.firstChoices * firstWeight);
    return {
      option: o.option,
      label: o.label,
      points: o.points,
      firstChoices: o.firstChoices,
      firstPoints,
      otherPoints: o.points === null || firstPoints === null ? null : o.points - firstPoints,
      share: o.share,
      rank: o.rank,
    };
  });

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
      rows: optionRows(r.options, r.weights[0] ?? 0),
    }),
  ),
  ...(theme.meetingVotes.length > 0
    ? [
        {
          key: 'votes',
          kind: 'votes' as const,
          suppressed: false,
          // Meeting ballots score 3-2-1 (docs/aggregates.md).
          rows: optionRows(theme.meetingVotes, 3),
        },
      ]
    : []),
];

/** A bar segment of a priority chart; withheld options and empty segments have none. */
export interface Bar {
  option: string;
  /** The y value: "rank. label". */
  y: string;
  part: 'first' | 'other';
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
    if (row.points === null || row.firstPoints === null || row.otherPoints === null) return [];
    const segments: Bar[] = [];
    const base = { option: row.option, y: yLabel(row, lang), total: row.points, rank: row.rank };
    if (row.firstPoints > 0) segments.push({ ...base, part: 'first', value: row.firstPoints });
    if (row.otherPoints > 0) segments.push({ ...base, part: 'other', value: row.otherPoints });
    return segments;
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
