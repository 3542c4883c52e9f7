import { beforeAll, describe, expect, it } from 'vitest';
import { handler as aggregatesHandler } from '../../functions/aggregates-get.ts';
import { handler as periodsHandler } from '../../functions/aggregates-periods.ts';
import { handler as trendHandler } from '../../functions/aggregates-trend.ts';
import { rebuildAggregates } from '../../shared/aggregates/recompute.ts';
import { trendSchema } from '../../shared/aggregates/schema.ts';
import type { ReportBody } from '../../shared/report-body/schema.ts';
import { keys } from '../../shared/store/keys.ts';
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { expectRejected } from '../support/storage.ts';
import { meetingItem, putItems, responseItem, surveyItems } from './aggregates.fixtures.ts';

type Handler = typeof periodsHandler;

const call = async (
  handler: Handler,
  path: string,
  query: Record<string, string>,
  claims: Record<string, unknown> | null = claimsFor('staff'),
) => {
  const res = await handler(
    httpEvent({ method: 'GET', path, query, ...(claims !== null ? { claims } : {}) }),
    lambdaContext(),
  );
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
};

const periods = (claims?: Record<string, unknown> | null) =>
  call(periodsHandler, '/api/aggregates/periods', {}, claims);
const trend = (query: Record<string, string>, claims?: Record<string, unknown> | null) =>
  call(trendHandler, '/api/aggregates/trend', query, claims);
const aggregates = async (query: Record<string, string>): Promise<ReportBody> => {
  const { status, body } = await call(aggregatesHandler, '/api/aggregates', query);
  expect(status).toBe(200);
  return body;
};

interface Point {
  period: string;
  meetings: number;
  participants: number;
  responses: number | null;
  suppressed: boolean;
}
interface Series {
  zone: string;
  points: Point[];
}

const CARE_ZONES = ['centre-west', 'south', 'south-east', 'north-east', 'north'];

beforeAll(async () => {
  const may = '2025-05-10T10:00:00.000Z';
  const responses = [
    ...Array.from({ length: 8 }, () =>
      responseItem({ zone: 'south', submittedAt: may, ranking: ['access'] }),
    ),
    ...Array.from({ length: 9 }, () => responseItem({ zone: 'south-east', submittedAt: may })),
    ...Array.from({ length: 7 }, () => responseItem({ zone: 'north', submittedAt: may })),
    // 2 responses: withheld (and north's 7 with it, as complement).
    ...Array.from({ length: 2 }, () => responseItem({ zone: 'centre-west', submittedAt: may })),
    ...Array.from({ length: 6 }, () =>
      responseItem({ zone: 'south', submittedAt: '2025-02-10T10:00:00.000Z' }),
    ),
  ];
  const meetings = [
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2024-08-20', participants: 11 }),
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-03-31', participants: 9 }),
    meetingItem({ zone: 'region', theme: 'prevention', date: '2025-02-14', participants: 30 }),
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-04-03', participants: 10 }),
    meetingItem({ zone: 'north', theme: 'prevention', date: '2025-06-01', participants: 20 }),
  ];
  // What the stream leaves after every record of a quarter was erased: an item whose counters are 0.
  const erased = {
    ...keys.aggregate('2023-Q2', 'south', 'mental-health'),
    entity: 'aggregate',
    quarter: '2023-Q2',
    zone: 'south',
    theme: 'mental-health',
    meetings: 0,
    participants: 0,
  };
  await putItems([...surveyItems(), ...responses, ...meetings, erased]);
  for (const q of ['2024-Q3', '2025-Q1', '2025-Q2']) await rebuildAggregates(q);
});

describe('GET /api/aggregates/periods', () => {
  it('lists the years and quarters with data, newest first, each year before its quarters', async () => {
    const { status, body } = await periods();

    expect(status).toBe(200);
    // 2023-Q2 has an aggregate item, but only zeros (all erased): no data, not listed.
    expect(body).toEqual({ periods: ['2025', '2025-Q2', '2025-Q1', '2024', '2024-Q3'] });
  });

  it('gives rar the same list', async () => {
    const { status, body } = await periods(claimsFor('rar'));

    expect(status).toBe(200);
    expect(body.periods).toEqual(['2025', '2025-Q2', '2025-Q1', '2024', '2024-Q3']);
  });

  it('gives a coordinator only the periods with data in their zone', async () => {
    const north = await periods(claimsFor('zone-north'));
    const south = await periods(claimsFor('zone-south'));

    expect(north).toEqual({ status: 200, body: { periods: ['2025', '2025-Q2'] } });
    expect(south.body.periods).toEqual(['2025', '2025-Q2', '2025-Q1', '2024', '2024-Q3']);
  });

  it('answers 401 without a verified caller and 403 to a caller without a reading group', async () => {
    expect((await periods(null)).status).toBe(401);
    const refused = await expectRejected(403, () =>
      periodsHandler(
        httpEvent({ method: 'GET', path: '/api/aggregates/periods', claims: claimsFor('someone-else') }),
        lambdaContext(),
      ),
    );
    expect(refused.message.fr).toBeTruthy();
  });
});

describe('GET /api/aggregates/trend', () => {
  it('gives the 8 quarters ending with a year’s Q4, oldest first, one series per zone in reference order', async () => {
    const { status, body } = await trend({ period: '2025' });

    expect(status).toBe(200);
    expect(trendSchema.safeParse(body).success).toBe(true);
    expect(body.period).toBe('2025');
    expect(body.quarters).toEqual([
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
    ]);
    // The region pseudo-zone has a meeting in 2025-Q1, so it has a series (last, as in the reference).
    expect(body.series.map((s: Series) => s.zone)).toEqual([...CARE_ZONES, 'region']);
    expect(body.series[0]).toMatchObject({
      zone: 'centre-west',
      label: { fr: expect.any(String), nl: expect.any(String) },
      colour: '1F77B4',
    });
    for (const s of body.series as Series[]) expect(s.points.map((p) => p.period)).toEqual(body.quarters);
  });

  it('ends with the period itself when it is a quarter', async () => {
    const { body } = await trend({ period: '2025-Q2' });
    const first = await trend({ period: '2025-Q1' });

    expect(body.quarters[0]).toBe('2023-Q3');
    expect(body.quarters.at(-1)).toBe('2025-Q2');
    expect(body.quarters).toHaveLength(8);
    expect(first.body.quarters).toEqual([
      '2023-Q2',
      '2023-Q3',
      '2023-Q4',
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
    ]);
  });

  it('gives every zone and quarter the figures GET /api/aggregates gives for that zone and quarter', async () => {
    const { body } = await trend({ period: '2025' });

    let suppressed = 0;
    let withData = 0;
    for (const s of body.series as Series[])
      for (const p of s.points) {
        const report = await aggregates({ period: p.period, zone: s.zone });
        const totals = report.zones[0]?.totals;
        expect(report.zones.map((z) => z.zone)).toEqual([s.zone]);
        expect(p).toEqual({
          period: p.period,
          meetings: totals?.meetings,
          participants: totals?.participants,
          responses: totals?.surveyResponses,
          suppressed: totals?.suppressed,
        });
        if (p.suppressed) suppressed++;
        if (p.meetings > 0 || (p.responses ?? 1) > 0) withData++;
      }
    // The comparison covers withheld figures and figures with data, not only zeros.
    expect(suppressed).toBeGreaterThan(0);
    expect(withData).toBeGreaterThan(3);
  });

  it('withholds a zone’s response total as the report does (null, suppressed)', async () => {
    const { body } = await trend({ period: '2025-Q2' });

    const centreWest = (body.series as Series[]).find((s) => s.zone === 'centre-west');
    expect(centreWest?.points.at(-1)).toMatchObject({ responses: null, suppressed: true });
  });

  it('gives zeros for quarters without data', async () => {
    const { body } = await trend({ period: '2025' });

    for (const s of body.series as Series[])
      for (const p of s.points.filter((x) => ['2024-Q1', '2025-Q3', '2025-Q4'].includes(x.period)))
        expect(p).toEqual({
          period: p.period,
          meetings: 0,
          participants: 0,
          responses: 0,
          suppressed: false,
        });
  });

  it('leaves the region pseudo-zone out when it has no data in the 8 quarters', async () => {
    const { body } = await trend({ period: '2024-Q4' });

    expect(body.series.map((s: Series) => s.zone)).toEqual(CARE_ZONES);
  });

  it('gives one zone when asked for one', async () => {
    const { body } = await trend({ period: '2025', zone: 'south' });

    expect(body.series.map((s: Series) => s.zone)).toEqual(['south']);
    expect(body.series[0].points.find((p: Point) => p.period === '2025-Q1')).toMatchObject({
      meetings: 1,
      participants: 9,
      responses: 6,
    });
  });

  it('gives a coordinator their own zone only; another zone is 403, as for /api/aggregates', async () => {
    const own = await trend({ period: '2025' }, claimsFor('zone-south'));
    const asked = await trend({ period: '2025', zone: 'south' }, claimsFor('zone-south'));
    const other = await trend({ period: '2025', zone: 'north' }, claimsFor('zone-south'));
    const otherReport = await call(
      aggregatesHandler,
      '/api/aggregates',
      { period: '2025', zone: 'north' },
      claimsFor('zone-south'),
    );

    expect(own.status).toBe(200);
    expect(own.body.series.map((s: Series) => s.zone)).toEqual(['south']);
    expect(asked.body).toEqual(own.body);
    expect(other.status).toBe(403);
    expect(other.status).toBe(otherReport.status);
    expect(other.body.message).toEqual(otherReport.body.message);
  });

  it('answers 401 without a verified caller and 403 to a caller without a reading group', async () => {
    expect((await trend({ period: '2025' }, null)).status).toBe(401);
    expect((await trend({ period: '2025' }, claimsFor('someone-else'))).status).toBe(403);
  });

  it('rejects a malformed or missing period with a FR/NL message and stores nothing', async () => {
    const bad = await expectRejected(400, () =>
      trendHandler(
        httpEvent({
          method: 'GET',
          path: '/api/aggregates/trend',
          query: { period: '2025-Q5' },
          claims: claimsFor('staff'),
        }),
        lambdaContext(),
      ),
    );
    expect(bad.issues).toEqual([
      expect.objectContaining({
        path: 'period',
        code: 'invalid_period',
        message: {
          fr: expect.stringContaining('Période invalide'),
          nl: expect.stringContaining('Ongeldige periode'),
        },
      }),
    ]);
    const missing = await expectRejected(400, () =>
      trendHandler(
        httpEvent({ method: 'GET', path: '/api/aggregates/trend', query: {}, claims: claimsFor('staff') }),
        lambdaContext(),
      ),
    );
    expect(missing.issues[0]).toMatchObject({ path: 'period', code: 'required' });
  });

  it('rejects an unknown zone with a FR/NL message and stores nothing', async () => {
    const body = await expectRejected(400, () =>
      trendHandler(
        httpEvent({
          method: 'GET',
          path: '/api/aggregates/trend',
          query: { period: '2025', zone: 'atlantis' },
          claims: claimsFor('staff'),
        }),
        lambdaContext(),
      ),
    );
    expect(body.issues[0].path).toBe('zone');
  });
});
