import { describe, expect, it } from 'vitest';
import { accumulate, contributionsOf } from '../../shared/aggregates/contributions.ts';
import { assembleReportBody } from '../../shared/aggregates/report.ts';
import type { StoredCell } from '../../shared/aggregates/store.ts';
import { type ReportBody, reportBodySchema } from '../../shared/report-body/schema.ts';

const cell = (
  quarter: string,
  zone: string,
  responses: number,
  extra: Record<string, number> = {},
): StoredCell => ({
  quarter,
  zone,
  theme: 'mental-health',
  counters: { responses, 'rs#mh': responses, ...extra },
  labels: {},
});

const assemble = (period: string, cells: StoredCell[], previousCells: StoredCell[] = []): ReportBody =>
  assembleReportBody({
    period,
    cells,
    previousCells,
    catalogue: { surveys: new Map(), older: new Map() },
    generatedAt: new Date('2026-01-05T08:00:00Z'),
    runId: null,
    codeVersion: 'test',
  });

const responsesOf = (body: ReportBody, zone: string) =>
  body.zones.find((z) => z.zone === zone)?.themes.find((t) => t.theme === 'mental-health')?.surveyResponses;

describe('assembleReportBody', () => {
  it('withholds a year cell whose single small quarter would follow from the published quarters', () => {
    // south: Q1 = 3 (withheld in the Q1 report), Q2–Q4 = 10 each: year 33 − 30 would give Q1 away.
    const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
    const cells = quarters.flatMap((q) => [
      cell(q, 'south', q === '2025-Q1' ? 3 : 10),
      cell(q, 'north', 10),
      cell(q, 'south-east', 12),
    ]);

    const q1 = assemble(
      '2025-Q1',
      cells.filter((c) => c.quarter === '2025-Q1'),
    );
    const year = assemble('2025', cells);

    expect(responsesOf(q1, 'south')).toBeNull();
    expect(responsesOf(year, 'south')).toBeNull();
    // and the year table is protected in turn: south is not the only withheld cell of its column.
    const withheld = year.zones.filter((z) => z.themes[0]?.surveyResponses === null).map((z) => z.zone);
    expect(withheld.length).toBeGreaterThanOrEqual(2);
    expect(reportBodySchema.safeParse(year).success).toBe(true);
  });

  it('publishes a year cell whose quarters are all published', () => {
    const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
    const cells = quarters.flatMap((q) => [cell(q, 'south', 6), cell(q, 'north', 10)]);

    const year = assemble('2025', cells);

    expect(responsesOf(year, 'south')).toBe(24);
    expect(responsesOf(year, 'north')).toBe(40);
  });

  it('gives change null when the previous period is withheld, and a number when both are published', () => {
    const body = assemble(
      '2025-Q2',
      [cell('2025-Q2', 'south', 12), cell('2025-Q2', 'north', 9)],
      [cell('2025-Q1', 'south', 2), cell('2025-Q1', 'north', 20), cell('2025-Q1', 'south-east', 30)],
    );

    const south = body.zones.find((z) => z.zone === 'south')?.themes[0];
    expect(south?.previous.surveyResponses).toBeNull();
    expect(south?.change.surveyResponses).toBeNull();
    expect(body.region.totals.change.surveyResponses).toBe(21 - 52);
  });

  it('adds the region pseudo-zone as a zone entry only when it has data', () => {
    const without = assemble('2025-Q2', [cell('2025-Q2', 'south', 12)]);
    const withRegion = assemble('2025-Q2', [cell('2025-Q2', 'south', 12), cell('2025-Q2', 'region', 8)]);

    expect(without.zones.map((z) => z.zone)).not.toContain('region');
    expect(withRegion.zones.map((z) => z.zone)).toContain('region');
    expect(withRegion.region.totals.surveyResponses).toBe(20);
  });

  it('keeps the questionnaire order of a withheld ranking (the order would betray the points)', () => {
    const ranking = (a: number, b: number) => ({
      'rq#mh#q': 3,
      'rp#mh#q#b': b,
      'rp#mh#q#a': a,
    });
    const body = assemble('2025-Q2', [
      cell('2025-Q2', 'south', 3, ranking(1, 9)),
      cell('2025-Q2', 'north', 20, { 'rq#mh#q': 20, 'rp#mh#q#a': 40, 'rp#mh#q#b': 20 }),
      cell('2025-Q2', 'south-east', 20, { 'rq#mh#q': 20, 'rp#mh#q#a': 10, 'rp#mh#q#b': 50 }),
    ]);

    const south = body.zones.find((z) => z.zone === 'south')?.themes[0]?.rankings[0];
    const north = body.zones.find((z) => z.zone === 'north')?.themes[0]?.rankings[0];
    expect(south?.suppressed).toBe(true);
    expect(south?.options.map((o) => o.option)).toEqual(['a', 'b']);
    expect(north?.options.map((o) => [o.option, o.points, o.rank])).toEqual([
      ['a', 40, 1],
      ['b', 20, 2],
    ]);
  });
});

describe('assembleReportBody: ranks, shares, tracks and vote labels', () => {
  const regionTheme = (body: ReportBody) => body.region.themes.find((t) => t.theme === 'mental-health');

  it('gives no rank to options without points, shares in percent and their change in percentage points', () => {
    const answered = { 'rq#mh#p': 10, 'rp#mh#p#a': 30, 'rp#mh#p#b': 10, 'rp#mh#p#c': 0, 'rf#mh#p#a': 10 };
    const before = { 'rq#mh#p': 10, 'rp#mh#p#a': 10, 'rp#mh#p#b': 10, 'rf#mh#p#a': 5 };

    const body = assemble(
      '2025-Q2',
      [cell('2025-Q2', 'south', 10, answered)],
      [cell('2025-Q1', 'south', 10, before)],
    );

    const options = regionTheme(body)?.rankings[0]?.options ?? [];
    expect(options.map((o) => [o.option, o.points, o.share, o.rank])).toEqual([
      ['a', 30, 75, 1],
      ['b', 10, 25, 2],
      ['c', 0, 0, null],
    ]);
    expect(options[0]?.previous).toMatchObject({ share: 50, rank: 1 });
    expect(options[0]?.change).toMatchObject({ share: 25, rank: 0, points: 20 });
    expect(options[2]?.change.rank).toBeNull();
    expect(reportBodySchema.safeParse(body).success).toBe(true);
  });

  it('counts action tracks with both labels and gives vote options FR and NL labels', () => {
    const meetingCell: StoredCell = {
      quarter: '2025-Q2',
      zone: 'north',
      theme: 'mental-health',
      counters: {
        meetings: 2,
        participants: 30,
        'ac#referral-access': 2,
        'ac#other': 1,
        'vp#x': 5,
        'vp#y': 0,
      },
      labels: { 'vlfr#x': 'Accès', 'vlnl#x': 'Toegang', 'vl#y': 'Oud label' },
    };

    const theme = regionTheme(assemble('2025-Q2', [meetingCell]));

    expect(theme?.actionTracks).toEqual([
      {
        track: 'referral-access',
        label: { fr: 'Orientation et accès', nl: 'Verwijzing en toegang' },
        count: 2,
      },
      { track: 'other', label: { fr: 'Autre', nl: 'Andere' }, count: 1 },
    ]);
    expect(theme?.meetingVotes.map((v) => [v.label, v.rank])).toEqual([
      [{ fr: 'Accès', nl: 'Toegang' }, 1],
      [{ fr: 'Oud label', nl: 'Oud label' }, null],
    ]);
  });
});

describe('assembleReportBody: 1st, 2nd and 3rd choices', () => {
  /** Stored cells built the way the aggregator builds them: the contributions of real source images. */
  const cellsOf = (items: Record<string, unknown>[]): StoredCell[] => [
    ...accumulate(new Map(), items.flatMap(contributionsOf), 1).values(),
  ];
  const answer = (zone: string, ranking: string[]) => ({
    entity: 'response',
    zone,
    theme: 'mental-health',
    quarter: '2025-Q2',
    surveyId: 'mh',
    answers: { q: ranking },
    rankingWeights: { q: [3, 2, 1] },
  });

  it('counts them per option from rankings and ballots, and withholds them with the ranking', () => {
    const cells = cellsOf([
      ...Array.from({ length: 20 }, (_, i) =>
        answer('north', i % 4 === 0 ? ['b', 'a', 'c'] : ['a', 'c', 'b']),
      ),
      // south is withheld (3 responses), south-east with it so that the region total does not give south away.
      ...Array.from({ length: 12 }, () => answer('south-east', ['c', 'b', 'a'])),
      ...Array.from({ length: 3 }, () => answer('south', ['a', 'b', 'c'])),
      {
        entity: 'meeting',
        zone: 'north',
        theme: 'mental-health',
        kind: 'open-day',
        date: '2025-05-06',
        participants: 9,
        votes: {
          options: [{ id: 'x', label: 'X' }],
          ballots: [
            ['x', 'y', 'z'],
            ['y', 'z', 'x'],
          ],
          points: { x: 4 },
        },
      },
    ]);

    const body = assemble('2025-Q2', cells);
    const north = body.zones.find((z) => z.zone === 'north')?.themes[0];
    const choices = (o: {
      option: string;
      firstChoices: number | null;
      secondChoices: number | null;
      thirdChoices: number | null;
    }) => [o.option, o.firstChoices, o.secondChoices, o.thirdChoices];
    // 15 answers a, c, b and 5 answers b, a, c.
    expect(north?.rankings[0]?.options.map(choices)).toEqual([
      ['a', 15, 5, 0],
      ['c', 0, 15, 5],
      ['b', 5, 0, 15],
    ]);
    // Points counted on the board (x: 4) add to the points only.
    expect(north?.meetingVotes.map((v) => [...choices(v), v.points])).toEqual([
      ['x', 1, 0, 1, 3 + 1 + 4],
      ['y', 1, 1, 0, 3 + 2],
      ['z', 0, 1, 1, 2 + 1],
    ]);
    for (const zone of ['south', 'south-east']) {
      const withheld = body.zones.find((z) => z.zone === zone)?.themes[0]?.rankings[0];
      expect(withheld?.suppressed, zone).toBe(true);
      expect(withheld?.options.map(choices), zone).toEqual([
        ['a', null, null, null],
        ['b', null, null, null],
        ['c', null, null, null],
      ]);
    }
    // The region sums every zone: a 15 + 3 + 0, 2nd choices 5 + 0 + 0 ...
    expect(body.region.themes[0]?.rankings[0]?.options.map(choices)).toEqual([
      ['a', 18, 5, 12],
      ['c', 12, 15, 8],
      ['b', 5, 15, 15],
    ]);
    expect(reportBodySchema.safeParse(body).success).toBe(true);
  });
});
