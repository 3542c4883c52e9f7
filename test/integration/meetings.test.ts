import { beforeEach, describe, expect, it } from 'vitest';
import { handler as create } from '../../functions/meeting-create.ts';
import { handler as erase } from '../../functions/meeting-delete.ts';
import { handler as getOne } from '../../functions/meeting-get.ts';
import { handler as update } from '../../functions/meeting-update.ts';
import { handler as list } from '../../functions/meetings-list.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { expectRejected, tableItems } from '../support/storage.ts';

type Claims = Record<string, unknown>;
const staff = claimsFor('staff');
const parse = (res: { body?: string }) => JSON.parse(res.body ?? 'null');

let seq = 0;
/** A fresh meeting id per test, so tests don't share state. */
const freshMeeting = (overrides: Record<string, unknown> = {}) => {
  seq += 1;
  return { ...meeting, meetingId: `3f8a7c1e-5b2d-4c6e-9a1f-${String(seq).padStart(12, '0')}`, ...overrides };
};

const post = (body: unknown, claims: Claims | null = staff) =>
  create(
    httpEvent({ method: 'POST', path: '/api/meetings', body, ...(claims ? { claims } : {}) }),
    lambdaContext(),
  );
const put = (id: string, body: unknown, claims: Claims = staff) =>
  update(
    httpEvent({
      method: 'PUT',
      path: `/api/meetings/${id}`,
      routePath: '/api/meetings/{meetingId}',
      pathParameters: { meetingId: id },
      body,
      claims,
    }),
    lambdaContext(),
  );
const del = (id: string, claims: Claims = staff) =>
  erase(
    httpEvent({
      method: 'DELETE',
      path: `/api/meetings/${id}`,
      routePath: '/api/meetings/{meetingId}',
      pathParameters: { meetingId: id },
      claims,
    }),
    lambdaContext(),
  );
const get = (id: string, claims: Claims = staff) =>
  getOne(
    httpEvent({
      method: 'GET',
      path: `/api/meetings/${id}`,
      routePath: '/api/meetings/{meetingId}',
      pathParameters: { meetingId: id },
      claims,
    }),
    lambdaContext(),
  );
const listFor = (query: Record<string, string>, claims: Claims = staff) =>
  list(httpEvent({ method: 'GET', path: '/api/meetings', query, claims }), lambdaContext());

describe('meetings', () => {
  let m: ReturnType<typeof freshMeeting>;
  beforeEach(() => {
    m = freshMeeting();
  });

  it('creates a meeting (201) and answers a replay with 200, stored once', async () => {
    const first = await post(m);
    expect(first.statusCode).toBe(201);
    expect(parse(first)).toMatchObject({ meetingId: m.meetingId, version: 1, createdBy: 'test-staff' });
    expect(parse(first).contentHash).toBeUndefined();
    const again = await post({ ...m });
    expect(again.statusCode).toBe(200);
    expect((await tableItems()).filter((i) => i.meetingId === m.meetingId)).toHaveLength(1);
  });

  it('rejects the same meetingId with another body (409), storage unchanged', async () => {
    await post(m);
    await expectRejected(409, () => post({ ...m, participants: 99 }));
  });

  it('names every bad field of a form (400) and stores nothing', async () => {
    const body = await expectRejected(400, () =>
      post({
        ...m,
        meetingId: 'not-a-uuid',
        zone: 'atlantis',
        theme: 'astrology',
        kind: 'party',
        date: '2025-02-30',
        startTime: '25:00',
        participants: -1,
        needs: [{ topic: 'weather', targetGroups: ['youth', 'youth'] }],
        votes: { options: [{ id: 'a', label: 'A' }], ballots: [['a', 'a', 'b']], points: { a: 1 } },
        language: 'de',
        links: ['javascript:alert(1)'],
        secret: true,
      }),
    );
    const paths = body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '',
        'meetingId',
        'zone',
        'theme',
        'kind',
        'date',
        'startTime',
        'participants',
        'needs.0.topic',
        'needs.0.targetGroups.1',
        'language',
        'links.0',
      ]),
    );
  });

  it('checks votes, times and sector counts (400), storage unchanged', async () => {
    const body = await expectRejected(400, () =>
      post({
        ...m,
        startTime: '15:00',
        endTime: '13:00',
        participantsBySector: { social: 30, banking: 1 },
        votes: { options: [{ id: 'a', label: 'A' }], ballots: [['a', 'a'], ['zzz']] },
      }),
    );
    const codes = body.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'endTime:end_before_start',
        'participantsBySector:sectors_over_participants',
        'participantsBySector.banking:unknown_sector',
        'votes.ballots.0.1:duplicate_option',
        'votes.ballots.1.0:unknown_option',
      ]),
    );
    const both = await expectRejected(400, () =>
      post({ ...m, votes: { options: [{ id: 'a', label: 'A' }], ballots: [['a']], points: { a: 3 } } }),
    );
    expect(both.issues.map((i: { code: string }) => i.code)).toContain('ballots_or_points');
  });

  it('stores action tracks by id and FR/NL vote labels; reads an older form with headings and label strings', async () => {
    const older = freshMeeting({
      language: 'nl',
      actions: [
        { heading: 'VERWIJZING EN TOEGANG', text: 'Sociale kaart' },
        { heading: 'Publics difficiles a atteindre', text: 'Outreach' },
        { heading: 'Buurtgerichte werking', text: 'Wijkcafé' },
      ],
      votes: { options: [{ id: 'referral', label: 'Verwijzing' }], points: { referral: 7 } },
    });

    expect((await post(older)).statusCode).toBe(201);

    const stored = parse(await get(older.meetingId)).meeting;
    expect(stored.actions).toEqual([
      { track: 'referral-access', text: 'Sociale kaart' },
      { track: 'hard-to-reach', text: 'Outreach' },
      { track: 'other', heading: 'Buurtgerichte werking', text: 'Wijkcafé' },
    ]);
    expect(stored.votes.options).toEqual([{ id: 'referral', label: { nl: 'Verwijzing' } }]);
    expect(parse(await post(m)).actions).toEqual([
      { track: 'referral-access', text: 'Répertoire des services' },
    ]);
  });

  it('refuses an unknown track, an action without track, and a vote label in no language (400), storage unchanged', async () => {
    const body = await expectRejected(400, () =>
      post({
        ...m,
        actions: [{ track: 'astrology', text: 'x' }, { text: 'no track' }],
        votes: {
          options: [
            { id: 'a', label: {} },
            { id: 'b', label: { de: 'B' } },
          ],
          points: { a: 1 },
        },
      }),
    );
    const issue = (path: string) => body.issues.find((i: { path: string }) => i.path === path);
    expect(issue('actions.0.track')).toMatchObject({ code: 'invalid_value' });
    expect(issue('actions.1.track')).toMatchObject({
      code: 'track_required',
      message: { fr: 'Choisissez une piste d’action.', nl: 'Kies een actiepiste.' },
    });
    expect(issue('votes.options.0.label')).toMatchObject({ code: 'label_required' });
    expect(issue('votes.options.0.label').message.nl).toContain('Nederlands');
    expect(issue('votes.options.1.label')).toMatchObject({ code: 'unknown_key' });
  });

  it('keeps previous versions on a correction, with who and when', async () => {
    await post(m);
    const coordinator = claimsFor('zone-north');
    const res = await put(m.meetingId, { ...m, participants: 30 }, coordinator);
    expect(res.statusCode).toBe(200);
    expect(parse(res)).toMatchObject({ version: 2, participants: 30, updatedBy: coordinator.sub });
    const detail = parse(await get(m.meetingId));
    expect(detail.meeting.participants).toBe(30);
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({ version: 1, participants: 24, supersededBy: coordinator.sub });
    // The same correction again changes nothing.
    const same = await put(m.meetingId, { ...m, participants: 30 });
    expect(parse(same).version).toBe(2);
    // A replay of the original create is still answered 200 with the meeting as it stands.
    const replay = await post(m);
    expect(replay.statusCode).toBe(200);
    expect(parse(replay).version).toBe(2);
  });

  it('refuses corrections with a mismatched id (400), unknown meetings (404), storage unchanged', async () => {
    await post(m);
    const body = await expectRejected(400, () =>
      put(m.meetingId, { ...m, meetingId: freshMeeting().meetingId }),
    );
    expect(body.issues[0].path).toBe('meetingId');
    const unknown = freshMeeting();
    await expectRejected(404, () => put(unknown.meetingId, unknown));
  });

  it('refuses a meeting id in the path that is not a UUID (400, FR/NL), storage unchanged', async () => {
    for (const act of [() => get('not-a-uuid'), () => put('not-a-uuid', m), () => del('not-a-uuid')]) {
      const body = await expectRejected(400, act);
      expect(body.issues).toEqual([expect.objectContaining({ path: 'meetingId', code: 'invalid_format' })]);
    }
  });

  it('limits a zone coordinator to their own zone (403), storage unchanged', async () => {
    const south = claimsFor('zone-south');
    await expectRejected(403, () => post(m, south));
    await post(m);
    await expectRejected(403, () => put(m.meetingId, { ...m, participants: 23 }, south));
    // Moving a meeting into a zone one does not coordinate is refused too.
    await expectRejected(403, () => put(m.meetingId, { ...m, zone: 'south' }, claimsFor('zone-north')));
    await expectRejected(403, () => del(m.meetingId, south));
    await expectRejected(403, () => listFor({ period: '2025', zone: 'north' }, south));
    await expectRejected(401, () => post(freshMeeting(), null));
  });

  it('lists meetings by zone and period, sorted by date', async () => {
    const a = freshMeeting({ zone: 'south-east', date: '2025-05-02' });
    const b = freshMeeting({ zone: 'south-east', date: '2025-04-01' });
    const c = freshMeeting({ zone: 'south-east', date: '2025-07-01' });
    for (const x of [a, b, c]) await post(x);
    const q2 = parse(await listFor({ period: '2025-Q2', zone: 'south-east' }));
    expect(q2.meetings.map((x: { meetingId: string }) => x.meetingId)).toEqual([b.meetingId, a.meetingId]);
    const year = parse(await listFor({ period: '2025' }, claimsFor('rar')));
    expect(year.meetings.map((x: { meetingId: string }) => x.meetingId)).toEqual(
      expect.arrayContaining([a.meetingId, b.meetingId, c.meetingId]),
    );
    const own = parse(await listFor({ period: '2025' }, claimsFor('zone-south-east')));
    expect(own.meetings.every((x: { zone: string }) => x.zone === 'south-east')).toBe(true);
    const bad = await listFor({ period: '2025-Q5' });
    expect(bad.statusCode).toBe(400);
    expect(parse(bad).issues[0].message.nl).toContain('periode');
  });

  it('erases a meeting and its versions; a replayed create is refused (410)', async () => {
    await post(m);
    await put(m.meetingId, { ...m, participants: 5 });
    const res = await del(m.meetingId);
    expect(res.statusCode).toBe(204);
    const left = (await tableItems()).filter((i) => i.PK === `MEETING#${m.meetingId}`);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ entity: 'meeting-guard', meetingId: m.meetingId });
    expect(Object.keys(left[0] ?? {}).sort()).toEqual([
      'PK',
      'SK',
      'entity',
      'erasedAt',
      'erasedBy',
      'meetingId',
    ]);
    await expectRejected(410, () => post(m));
    await expectRejected(410, () => del(m.meetingId));
    await expectRejected(410, () => put(m.meetingId, m));
  });
});
