/** The dashboard's figures without the DOM (web/src/dashboard/model.ts) and its FR/NL texts. */
import { describe, expect, it } from 'vitest';
import type { RankingOption, ReportBody } from '../../shared/report-body/schema.ts';
import {
  barsOf,
  chartsOfTheme,
  formatSigned,
  hasRest,
  headlineOf,
  matrixOf,
  optionRows,
  scopeFromSearch,
  searchWithScope,
  trendRows,
} from '../../web/src/dashboard/model.ts';
import { dashboardFr, dashboardNl } from '../../web/src/i18n/dashboard.ts';

/** An option with its points and its 1st, 2nd and 3rd choices (null: withheld). */
const option = (
  id: string,
  points: number | null,
  choices: [number, number, number] | null,
  rank: number | null,
) =>
  ({
    option: id,
    label: { fr: `${id} fr`, nl: `${id} nl` },
    points,
    share: null,
    firstChoices: choices ? choices[0] : null,
    secondChoices: choices ? choices[1] : null,
    thirdChoices: choices ? choices[2] : null,
    rank,
    previous: { points: null, share: null, firstChoices: null, rank: null },
    change: { points: null, share: null, firstChoices: null, rank: null },
  }) satisfies RankingOption;

describe('dashboard scope in the address', () => {
  it('reads period, zone and theme, drops malformed values and keeps other parameters when written back', () => {
    expect(scopeFromSearch('?period=2025-Q3&zone=north&theme=mental-health&lang=nl')).toEqual({
      period: '2025-Q3',
      zone: 'north',
      theme: 'mental-health',
    });
    expect(scopeFromSearch('?period=2025-Q5&zone=North!&theme=')).toEqual({});
    expect(searchWithScope('?lang=nl&zone=south', { period: '2025' })).toBe('?lang=nl&period=2025');
    expect(searchWithScope('', {})).toBe('');
  });
});

describe('priority bars', () => {
  it('splits points into 1st, 2nd and 3rd choice points (count × weight) and the rest', () => {
    const rows = optionRows(
      [
        option('a', 135, [31, 15, 12], 1),
        option('b', 12, [0, 3, 6], 2),
        option('c', null, null, null),
        // A vote with points counted on the board as well: the rest has no per-choice detail.
        option('d', 20, [2, 1, 0], 3),
      ],
      [3, 2, 1],
    );
    expect(rows.map((r) => r.parts)).toEqual([
      { first: 93, second: 30, third: 12, rest: 0 },
      { first: 0, second: 6, third: 6, rest: 0 },
      null,
      { first: 6, second: 2, third: 0, rest: 12 },
    ]);
    // The question's own weights, not 3-2-1.
    expect(optionRows([option('e', 9, [1, 1, 1], 1)], [5, 3, 1])[0]?.parts).toEqual({
      first: 5,
      second: 3,
      third: 1,
      rest: 0,
    });
  });

  it('draws a segment per non-empty part, labelled with the rank; none for an option without points or a withheld ranking', () => {
    const chart = {
      key: 'k',
      kind: 'votes' as const,
      suppressed: false,
      rows: optionRows(
        [option('a', 11, [3, 1, 0], 1), option('b', 4, [0, 1, 2], 2), option('c', 0, [0, 0, 0], null)],
        [3, 2, 1],
      ),
    };
    expect(barsOf(chart, 'nl')).toEqual([
      { option: 'a', y: '1. a nl', part: 'first', value: 9, total: 11, rank: 1 },
      { option: 'a', y: '1. a nl', part: 'second', value: 2, total: 11, rank: 1 },
      { option: 'b', y: '2. b nl', part: 'second', value: 2, total: 4, rank: 2 },
      { option: 'b', y: '2. b nl', part: 'third', value: 2, total: 4, rank: 2 },
    ]);
    expect(hasRest(chart)).toBe(false);
    const board = { ...chart, rows: optionRows([option('a', 15, [3, 1, 0], 1)], [3, 2, 1]) };
    expect(barsOf(board, 'fr').map((b) => [b.part, b.value])).toEqual([
      ['first', 9],
      ['second', 2],
      ['rest', 4],
    ]);
    expect(hasRest(board)).toBe(true);
    expect(barsOf({ ...chart, suppressed: true }, 'fr')).toEqual([]);
  });
});

/** The parts of a report body the dashboard reads: two zones, two themes. */
const figures = (meetings: number, participants: number, surveyResponses: number | null) => ({
  meetings,
  participants,
  surveyResponses,
  previous: { meetings: 0, participants: 0, participantsMean: null, surveyResponses: 0 },
  change: { meetings, participants, surveyResponses },
});
const theme = (id: string, f: ReturnType<typeof figures>) => ({
  theme: id,
  label: { fr: id, nl: id },
  ...f,
  rankings: [],
  meetingVotes: [option('v', 10, [2, 1, 0], 1)],
});
const body = {
  region: {
    totals: figures(5, 50, 20),
    themes: [theme('mental-health', figures(3, 30, 20)), theme('prevention', figures(2, 20, 0))],
  },
  zones: [
    {
      zone: 'south',
      label: { fr: 'Sud', nl: 'Zuid' },
      colour: '2CA02C',
      totals: figures(4, 40, null),
      themes: [theme('mental-health', figures(2, 20, null)), theme('prevention', figures(2, 20, 0))],
    },
    {
      zone: 'north',
      label: { fr: 'Nord', nl: 'Noord' },
      colour: 'D62728',
      totals: figures(1, 10, null),
      themes: [theme('mental-health', figures(1, 10, null)), theme('prevention', figures(0, 0, 0))],
    },
  ],
} as unknown as ReportBody;

describe('zone × theme table and headline', () => {
  it('lists zones with their colour, a cell per theme, zone totals and the region line; withheld responses stay null', () => {
    const m = matrixOf(body, {});
    expect(m.themes.map((t) => t.theme)).toEqual(['mental-health', 'prevention']);
    expect(
      m.rows.map((r) => [r.zone, r.colour, r.cells.map((c) => c.meetings), r.total?.participants]),
    ).toEqual([
      ['south', '2CA02C', [2, 2], 40],
      ['north', 'D62728', [1, 0], 10],
    ]);
    expect(m.rows[1]?.cells[0]?.responses).toBeNull();
    expect(m.totals?.cells.map((c) => c.responses)).toEqual([20, 0]);
  });

  it('keeps a chosen zone to its own line, without the region', () => {
    const m = matrixOf(body, { zone: 'north' });
    expect(m.rows.map((r) => r.zone)).toEqual(['north']);
    expect(m.totals).toBeUndefined();
  });

  it('takes the headline from the region, a zone, or a zone × theme', () => {
    expect(headlineOf(body, {})?.meetings).toBe(5);
    expect(headlineOf(body, { theme: 'prevention' })?.participants).toBe(20);
    expect(headlineOf(body, { zone: 'south' })?.meetings).toBe(4);
    expect(headlineOf(body, { zone: 'south', theme: 'mental-health' })?.surveyResponses).toBeNull();
    expect(headlineOf(body, { zone: 'centre-west' })).toBeUndefined();
  });

  it('charts the meeting votes of a theme at 3-2-1 points, the rest as counted on the board', () => {
    const [votes] = chartsOfTheme(body.region.themes[0] as ReportBody['region']['themes'][number]);
    expect(votes?.kind).toBe('votes');
    expect(votes?.rows[0]?.parts).toEqual({ first: 6, second: 2, third: 0, rest: 2 });
  });

  it('writes changes with their sign', () => {
    expect([formatSigned('fr', 3), formatSigned('fr', 0), formatSigned('nl', -2)]).toEqual(['+3', '0', '-2']);
  });
});

describe('trend rows', () => {
  it('gives one value per zone for every quarter, null where withheld', () => {
    const rows = trendRows(
      {
        period: '2025-Q2',
        quarters: ['2025-Q1', '2025-Q2'],
        series: [
          {
            zone: 'south',
            label: { fr: 'Sud', nl: 'Zuid' },
            colour: '2CA02C',
            points: [
              { period: '2025-Q1', meetings: 1, participants: 9, responses: null, suppressed: true },
              { period: '2025-Q2', meetings: 0, participants: 0, responses: 7, suppressed: false },
            ],
          },
        ],
      },
      'responses',
    );
    expect(rows).toEqual([
      { quarter: '2025-Q1', values: [null] },
      { quarter: '2025-Q2', values: [7] },
    ]);
  });
});

describe('dashboard FR/NL texts', () => {
  it('have the same keys, each a non-empty text or a function of the same arity', () => {
    expect(Object.keys(dashboardNl).sort()).toEqual(Object.keys(dashboardFr).sort());
    for (const key of Object.keys(dashboardFr) as (keyof typeof dashboardFr)[]) {
      const [a, b] = [dashboardFr[key], dashboardNl[key]];
      expect(typeof b, key).toBe(typeof a);
      if (typeof a === 'string') expect(a.length, key).toBeGreaterThan(0);
      if (typeof a === 'function' && typeof b === 'function') expect(b.length, key).toBe(a.length);
    }
    expect(dashboardFr.periodPicker).toBe('Période / Periode');
    expect(dashboardNl.periodPicker).toBe('Période / Periode');
    expect([dashboardFr.quarter('2025', 1), dashboardNl.quarter('2025', 3)]).toEqual([
      '1er trimestre 2025',
      '3e kwartaal 2025',
    ]);
  });
});
