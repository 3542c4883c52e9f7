/**
 * The aggregator behind the real ingest functions (publish, submit, create/correct/erase meetings):
 * whatever ingest does, the running figures equal a recomputation from the source records. The stream
 * reaches the handler through the local stack's poller, as on `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/aggregator.ts';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller.ts';
import { countersByCell, recomputeAggregates } from '../../shared/aggregates/recompute.ts';
import { buildReportBody } from '../../shared/aggregates/report.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import type { Caller } from '../../shared/auth.ts';
import { createMeeting, deleteMeeting, updateMeeting } from '../../shared/meetings/index.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { clients } from '../../shared/store/clients.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import { asMeeting, asResponse, asSurvey } from '../support/inputs.ts';

const staff: Caller = { subject: 'staff-1', groups: ['staff'] };
const errors: unknown[] = [];
let poller: StreamPoller;

// The local stack's poller (as Lambda's event source mapping in the cloud) feeds the real handler.
beforeAll(async () => {
  const { config } = clients();
  poller = await startStreamPoller({
    ddbEndpoint: config.DYNAMODB_ENDPOINT as string,
    tableName: config.TABLE_NAME,
    handler,
    intervalMs: 50,
    onError: (error) => errors.push(error),
  });
});
afterAll(() => poller.stop());

const drain = async () => {
  await poller.drain();
  expect(errors).toEqual([]);
};

const expectExact = async (quarters: string[]) => {
  for (const quarter of quarters) {
    const [stored, expected] = await Promise.all([readQuarter(quarter), recomputeAggregates(quarter)]);
    expect({ quarter, counters: countersByCell(stored) }).toEqual({
      quarter,
      counters: countersByCell(expected),
    });
  }
};

const meetingBody = (meetingId: string, over: Record<string, unknown> = {}) => ({
  meetingId,
  zone: 'south',
  theme: 'mental-health',
  kind: 'thematic-consultation',
  date: '2025-03-31',
  participants: 21,
  needs: [{ topic: 'housing', targetGroups: ['youth', 'elderly'] }],
  actions: [{ heading: 'Formation', text: 'Former les équipes' }],
  votes: {
    options: [
      { id: 'access', label: 'Accessibilité' },
      { id: 'collab', label: 'Collaboration' },
    ],
    ballots: [['access', 'collab'], ['collab'], ['access']],
  },
  language: 'fr',
  ...over,
});

describe('aggregator behind the ingest functions', () => {
  const meetingId = randomUUID();

  it('counts submissions, and a duplicate submission once', async () => {
    await publishSurvey(
      asSurvey({
        surveyId: 'mh-ingest',
        title: { fr: 'Santé mentale', nl: 'Geestelijke gezondheid' },
        theme: 'mental-health',
        questions: [
          { id: 'zone', type: 'zone', label: { fr: 'Bassin', nl: 'Zorgzone' } },
          {
            id: 'prio',
            type: 'ranking',
            label: { fr: 'Priorités', nl: 'Prioriteiten' },
            pick: 3,
            options: [
              { id: 'access', label: { fr: 'Accessibilité', nl: 'Toegankelijkheid' } },
              { id: 'collab', label: { fr: 'Collaboration', nl: 'Samenwerking' } },
              { id: 'training', label: { fr: 'Formation', nl: 'Opleiding' } },
            ],
          },
        ],
      }),
      staff,
      new Date('2025-01-01T00:00:00Z'),
    );
    const body = (prio: string[]) =>
      asResponse({ submissionId: randomUUID(), language: 'nl', answers: { zone: 'south', prio } });
    const twice = body(['training', 'access', 'collab']);
    // 1 April 00:30 CEST is still 31 March in UTC: the response belongs to Q2.
    const at = new Date('2025-03-31T22:30:00Z');
    for (let i = 0; i < 6; i++) await submitResponse('mh-ingest', body(['access', 'collab', 'training']), at);
    await submitResponse('mh-ingest', twice, at);
    await submitResponse('mh-ingest', twice, at);

    await drain();

    const cell = (await readQuarter('2025-Q2')).find((c) => c.zone === 'south')?.counters;
    expect(cell).toMatchObject({
      responses: 7,
      'rp#mh-ingest#prio#access': 6 * 3 + 2,
      'rp#mh-ingest#prio#training': 6 + 3,
      'rf#mh-ingest#prio#training': 1,
    });
    expect((await readQuarter('2025-Q1')).some((c) => c.counters.responses)).toBe(false);
    await expectExact(['2025-Q1', '2025-Q2']);
  });

  it('follows a meeting created, corrected into another zone and quarter, then erased', async () => {
    await createMeeting(asMeeting(meetingBody(meetingId)), staff);
    await drain();
    const created = (await readQuarter('2025-Q1')).find((c) => c.zone === 'south')?.counters;
    expect(created).toMatchObject({ meetings: 1, participants: 21, 'vp#access': 3 + 3, 'vf#collab': 1 });
    await expectExact(['2025-Q1', '2025-Q2']);

    await updateMeeting(
      meetingId,
      asMeeting(meetingBody(meetingId, { zone: 'north', date: '2025-04-01', participants: 25 })),
      staff,
    );
    await drain();
    expect((await readQuarter('2025-Q1')).find((c) => c.zone === 'south')?.counters.meetings).toBe(0);
    expect((await readQuarter('2025-Q2')).find((c) => c.zone === 'north')?.counters).toMatchObject({
      meetings: 1,
      participants: 25,
    });
    await expectExact(['2025-Q1', '2025-Q2']);

    await deleteMeeting(meetingId, staff);
    await drain();
    expect((await readQuarter('2025-Q2')).find((c) => c.zone === 'north')?.counters.meetings).toBe(0);
    await expectExact(['2025-Q1', '2025-Q2']);
  });

  it('shows the figures in the report body', async () => {
    const body = await buildReportBody('2025-Q2');

    const south = body.zones.find((z) => z.zone === 'south')?.themes.find((t) => t.theme === 'mental-health');
    expect(south?.surveyResponses).toBe(7);
    expect(south?.rankings[0]?.options.map((o) => [o.option, o.points, o.rank])).toEqual([
      ['access', 6 * 3 + 2, 1],
      ['collab', 6 * 2 + 1, 2],
      ['training', 6 + 3, 3],
    ]);
  });
});
