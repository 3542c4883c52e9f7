import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/aggregates-get.ts';
import { rebuildAggregates } from '../../shared/aggregates/recompute.ts';
import { type ReportBody, reportBodySchema } from '../../shared/report-body/schema.ts';
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { meetingItem, putItems, responseItem, surveyItems } from './aggregates.fixtures.ts';

const get = async (
  query: Record<string, string>,
  claims: Record<string, unknown> | null = claimsFor('staff'),
) => {
  const res = await handler(
    httpEvent({ method: 'GET', path: '/api/aggregates', query, ...(claims !== null ? { claims } : {}) }),
    lambdaContext(),
  );
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
};

const zoneOf = (body: ReportBody, zone: string) => body.zones.find((z) => z.zone === zone);
const mentalHealth = (body: ReportBody, zone: string) =>
  zoneOf(body, zone)?.themes.find((t) => t.theme === 'mental-health');

beforeAll(async () => {
  const at = '2025-05-10T10:00:00.000Z';
  const responses = [
    ...Array.from({ length: 8 }, () =>
      responseItem({ zone: 'south', submittedAt: at, ranking: ['access', 'collab', 'training'] }),
    ),
    ...Array.from({ length: 4 }, () =>
      responseItem({ zone: 'south', submittedAt: at, ranking: ['collab', 'access'] }),
    ),
    ...Array.from({ length: 9 }, () =>
      responseItem({ zone: 'south-east', submittedAt: at, ranking: ['training'] }),
    ),
    ...Array.from({ length: 7 }, () => responseItem({ zone: 'north', submittedAt: at, ranking: ['collab'] })),
    ...Array.from({ length: 2 }, () =>
      responseItem({ zone: 'centre-west', submittedAt: at, ranking: ['access'] }),
    ),
  ];
  const meetings = [
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-04-03', participants: 10 }),
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-05-03', participants: 14 }),
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-06-30', participants: 12 }),
    meetingItem({
      zone: 'north',
      theme: 'prevention',
      date: '2025-06-01',
      participants: 20,
      kind: 'prevention-meeting',
    }),
    meetingItem({ zone: 'south', theme: 'mental-health', date: '2025-03-31', participants: 9 }),
  ];
  await putItems([...surveyItems(), ...responses, ...meetings]);
  await rebuildAggregates('2025-Q1');
  await rebuildAggregates('2025-Q2');
});

describe('GET /api/aggregates', () => {
  it('answers staff with a report body that validates against the published schema', async () => {
    const { status, body } = await get({ period: '2025-Q2' });

    expect(status).toBe(200);
    expect(reportBodySchema.safeParse(body).success).toBe(true);
    expect(body.runId).toBeNull();
    expect(body.region.totals).toMatchObject({ meetings: 4, participants: 56, surveyResponses: 30 });
  });

  it('gives meetings, participants, mean and change against the previous quarter', async () => {
    const { body } = await get({ period: '2025-Q2' });

    expect(mentalHealth(body, 'south')).toMatchObject({
      meetings: 3,
      participants: 36,
      participantsMean: 12,
      meetingsByKind: { 'thematic-consultation': 3 },
      surveyResponses: 12,
      suppressed: false,
      previous: { meetings: 1, participants: 9, surveyResponses: 0 },
      change: { meetings: 2, participants: 27, surveyResponses: 12 },
    });
  });

  it('ranks the priorities with 3-2-1 points and first choices', async () => {
    const { body } = await get({ period: '2025-Q2' });

    const ranking = mentalHealth(body, 'south')?.rankings[0];
    // 8 × [access, collab, training] + 4 × [collab, access]: access 24 + 8, collab 16 + 12, training 8.
    expect(ranking?.options.map((o) => [o.option, o.points, o.firstChoices, o.rank])).toEqual([
      ['access', 32, 8, 1],
      ['collab', 28, 4, 2],
      ['training', 8, 0, 3],
    ]);
    expect(ranking?.label).toEqual({ fr: 'Priorités', nl: 'Prioriteiten' });
    expect(ranking?.options[0]?.label).toEqual({ fr: 'Accessibilité', nl: 'Toegankelijkheid' });
  });

  it('publishes survey cells under 5 responses as null, with a complement so totals give nothing away', async () => {
    const { body } = await get({ period: '2025-Q2' });

    const small = mentalHealth(body, 'centre-west');
    expect(small).toMatchObject({ surveyResponses: null, suppressed: true });
    expect(small?.rankings[0]).toMatchObject({ suppressed: true, answered: null });
    expect(small?.rankings[0]?.options.every((o) => o.points === null && o.rank === null)).toBe(true);
    // centre-west (2) alone would follow from the region's 30; north (7, the smallest other) is withheld too.
    expect(mentalHealth(body, 'north')).toMatchObject({ surveyResponses: null, suppressed: true });
    expect(zoneOf(body, 'centre-west')?.totals.surveyResponses).toBeNull();
    expect(
      body.region.themes.find((t: { theme: string }) => t.theme === 'mental-health').surveyResponses,
    ).toBe(30);
    expect(body.suppression.primaryCells).toBeGreaterThan(0);
    expect(body.suppression.secondaryCells).toBeGreaterThan(0);
  });

  it('never suppresses meeting figures', async () => {
    const { body } = await get({ period: '2025-Q2' });

    expect(zoneOf(body, 'north')?.themes.find((t) => t.theme === 'prevention')).toMatchObject({
      meetings: 1,
      participants: 20,
      meetingsByKind: { 'prevention-meeting': 1 },
    });
  });

  it('filters on zone and theme but keeps the unfiltered region totals', async () => {
    const { status, body } = await get({ period: '2025-Q2', zone: 'south', theme: 'mental-health' });

    expect(status).toBe(200);
    expect(body.zones.map((z: { zone: string }) => z.zone)).toEqual(['south']);
    expect(body.zones[0].themes.map((t: { theme: string }) => t.theme)).toEqual(['mental-health']);
    expect(body.region.totals.meetings).toBe(4);
    expect(body.scope).toEqual({ zone: 'south', theme: 'mental-health' });
  });

  it('sums a year from its quarters', async () => {
    const { body } = await get({ period: '2025' });

    expect(mentalHealth(body, 'south')).toMatchObject({ meetings: 4, participants: 45 });
    expect(body.provenance.quarters).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });

  it('lets rar read every zone', async () => {
    const { status } = await get({ period: '2025-Q2' }, claimsFor('rar'));

    expect(status).toBe(200);
  });

  it('lets a coordinator read their own zone only', async () => {
    const own = await get({ period: '2025-Q2', zone: 'south' }, claimsFor('zone-south'));
    const other = await get({ period: '2025-Q2', zone: 'north' }, claimsFor('zone-south'));
    const all = await get({ period: '2025-Q2' }, claimsFor('zone-south'));

    expect(own.status).toBe(200);
    expect(own.body.zones.map((z: { zone: string }) => z.zone)).toEqual(['south']);
    expect(other.status).toBe(403);
    expect(all.status).toBe(403);
    expect(other.body.message.fr).toBeTruthy();
    expect(other.body.message.nl).toBeTruthy();
  });

  it('rejects a malformed period with a FR/NL message', async () => {
    const { status, body } = await get({ period: '2025-Q5' });

    expect(status).toBe(400);
    expect(body.issues).toEqual([
      expect.objectContaining({
        path: 'period',
        code: 'invalid_period',
        message: {
          fr: expect.stringContaining('Période invalide'),
          nl: expect.stringContaining('Ongeldige periode'),
        },
      }),
    ]);
  });

  it('requires a period', async () => {
    const { status, body } = await get({});

    expect(status).toBe(400);
    expect(body.issues[0]).toMatchObject({ path: 'period', code: 'required' });
  });

  it('rejects an unknown zone or theme', async () => {
    const zone = await get({ period: '2025-Q2', zone: 'atlantis' });
    const theme = await get({ period: '2025-Q2', theme: 'astrology' });

    expect(zone.status).toBe(400);
    expect(zone.body.issues[0].path).toBe('zone');
    expect(theme.status).toBe(400);
    expect(theme.body.issues[0].path).toBe('theme');
  });

  it('answers 401 without a verified caller', async () => {
    const { status } = await get({ period: '2025-Q2' }, null);

    expect(status).toBe(401);
  });
});
