/**
 * The probes of issue 8 against the local gateway and the handlers: every one gets a 4xx with a
 * bilingual message (never a 500), and nothing is stored.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../local/jwt.ts';
import { startLocalServer } from '../../local/server.ts';
import { createMeeting } from '../../shared/meetings/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { httpEvent, lambdaContext } from '../support/events.ts';
import { asMeeting, asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-bad-input-'));
let server: Server;
let base: string;

beforeAll(async () => {
  server = await startLocalServer({ port: 0, dataDir, isReady: () => true });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await publishSurvey(asSurvey(survey), { subject: 'test', groups: ['staff'] });
  await createMeeting(asMeeting(meeting), { subject: 'test', groups: ['staff'] });
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    }),
);

const token = (...groups: string[]) => issueLocalToken(dataDir, { groups });
const submitPath = `/api/surveys/${survey.surveyId}/responses`;

interface Probe {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** Sends a probe; expects `status`, a bilingual message, and storage unchanged. Returns the body. */
const expectRefused = async (status: number, probe: Probe) => {
  const before = await tableItems();
  const res = await fetch(`${base}${probe.path}`, {
    method: probe.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...probe.headers },
    ...(probe.body !== undefined ? { body: probe.body } : {}),
  });
  const body = (await res.json()) as {
    error: string;
    message: { fr: string; nl: string };
    issues?: { path: string; code: string; message: { fr: string; nl: string } }[];
  };
  expect({ status: res.status, path: probe.path }).toEqual({ status, path: probe.path });
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(body.message.fr.length).toBeGreaterThan(0);
  expect(body.message.nl.length).toBeGreaterThan(0);
  for (const issue of body.issues ?? []) {
    expect(issue.message.fr.length).toBeGreaterThan(0);
    expect(issue.message.nl.length).toBeGreaterThan(0);
  }
  expect(await tableItems()).toEqual(before);
  return body;
};

const answer = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    submissionId: '1b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
    language: 'fr',
    answers: { zone: 'south', ...answers },
    ...extra,
  });

describe('path parameters', () => {
  it('refuses a malformed percent-encoding with 400 on every route with an id', async () => {
    const staff = { authorization: `Bearer ${await token('staff')}` };
    for (const probe of [
      { path: '/api/surveys/%ZZ/responses', body: answer({}) },
      { method: 'GET', path: '/api/surveys/%E0%A4%A' },
      { method: 'GET', path: '/api/meetings/%E0%A4%A', headers: staff },
      { method: 'DELETE', path: '/api/meetings/%', headers: staff },
      { method: 'GET', path: '/api/reports/%C0%AF', headers: staff },
    ]) {
      const body = await expectRefused(400, probe);
      expect(body.issues?.[0]?.code).toBe('invalid_encoding');
    }
  });

  it('refuses ids that are too long or hold characters no id has, before any storage call', async () => {
    const staff = { authorization: `Bearer ${await token('staff')}` };
    for (const probe of [
      { method: 'GET', path: `/api/surveys/${'a'.repeat(3000)}` },
      { path: `/api/surveys/${'a'.repeat(101)}/responses`, body: answer({}) },
      { method: 'GET', path: '/api/meetings/a%2Fb', headers: staff },
      { method: 'GET', path: '/api/meetings/%00', headers: staff },
      { method: 'GET', path: '/api/meetings/%C3%A9t%C3%A9', headers: staff },
    ]) {
      const body = await expectRefused(400, probe);
      expect(body.issues?.[0]?.code).toBe('invalid_id');
    }
  });

  it('gives a coordinator the same 404 for another zone’s meeting as for an unknown one', async () => {
    const other = { authorization: `Bearer ${await token('zone-south')}` };
    const known = await expectRefused(404, {
      method: 'GET',
      path: `/api/meetings/${meeting.meetingId}`,
      headers: other,
    });
    const unknown = await expectRefused(404, {
      method: 'GET',
      path: '/api/meetings/00000000-0000-4000-8000-000000000000',
      headers: other,
    });
    expect(known).toEqual(unknown);
    for (const method of ['PUT', 'DELETE'])
      await expectRefused(404, {
        method,
        path: `/api/meetings/${meeting.meetingId}`,
        headers: other,
        ...(method === 'PUT' ? { body: JSON.stringify({ ...meeting, zone: 'south' }) } : {}),
      });
  });
});

describe('bodies', () => {
  it('answers 415 to anything but application/json (with an optional utf-8 charset)', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/jsonx',
    ])
      await expectRefused(415, { path: submitPath, body: answer({}), headers: { 'content-type': type } });
    const ok = await fetch(`${base}${submitPath}`, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
      body: answer({ priorities: ['training'] }),
    });
    expect(ok.status).toBe(201);
  });

  it('refuses deep nesting before parsing, without overflowing the stack', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const body = await expectRefused(400, {
      path: submitPath,
      body: `{"submissionId":"2b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e","language":"fr","answers":{"zone":${deep}}}`,
    });
    expect(body.issues?.[0]?.code).toBe('too_deep');
  });

  it('names the field holding invalid UTF-8, control characters or lone surrogates', async () => {
    const cases: [string | Buffer, string, string][] = [
      [
        Buffer.concat([
          Buffer.from(
            '{"submissionId":"3b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e","language":"fr","answers":{"zone":"',
          ),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}}'),
        ]),
        'answers.zone',
        'invalid_utf8',
      ],
      [answer({ comment: 'a\u0000b' }), 'answers.comment', 'control_character'],
      [answer({ comment: 'esc \u001b[31m' }), 'answers.comment', 'control_character'],
      [answer({ comment: 'half \ud83d pair' }), 'answers.comment', 'lone_surrogate'],
    ];
    for (const [raw, field, code] of cases) {
      const body = await expectRefused(400, { path: submitPath, body: raw });
      expect(body.issues).toContainEqual(expect.objectContaining({ path: field, code }));
    }
  });

  it('refuses __proto__ keys instead of dropping them', async () => {
    const staff = { authorization: `Bearer ${await token('staff')}` };
    const votes = '{"__proto__":{"options":[{"id":"a","label":"A"}],"ballots":[["a"]]}}';
    const text = JSON.stringify({
      ...meeting,
      meetingId: '4b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
      votes: 'VOTES',
    }).replace('"VOTES"', votes);
    const body = await expectRefused(400, { path: '/api/meetings', headers: staff, body: text });
    expect(body.issues).toContainEqual(
      expect.objectContaining({ path: 'votes.__proto__', code: 'reserved_key' }),
    );
    const raw = await expectRefused(400, {
      path: submitPath,
      body: '{"submissionId":"5b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e","language":"fr","answers":{"__proto__":"x"}}',
    });
    expect(raw.issues).toContainEqual(
      expect.objectContaining({ path: 'answers.__proto__', code: 'reserved_key' }),
    );
  });

  it('refuses ids that are JavaScript object keys in survey definitions and meeting votes', async () => {
    const staff = { authorization: `Bearer ${await token('staff')}` };
    const [first, ...rest] = survey.questions;
    for (const id of ['constructor', 'prototype'])
      await expectRefused(400, {
        path: '/api/surveys',
        headers: staff,
        body: JSON.stringify({ ...survey, questions: [{ ...first, id }, ...rest] }),
      });
    for (const id of ['constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
      const body = await expectRefused(400, {
        path: '/api/meetings',
        headers: staff,
        body: JSON.stringify({
          ...meeting,
          meetingId: '6b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
          votes: { options: [{ id, label: 'x' }], ballots: [[id]] },
        }),
      });
      expect(body.issues?.map((i) => i.code)).toContain('reserved_id');
    }
  });
});

describe('report cursors', () => {
  it('refuses any cursor the server did not issue', async () => {
    const staff = { authorization: `Bearer ${await token('staff')}` };
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of [
      'nonsense',
      encode({ GSI1PK: 'REPORTS' }),
      encode({ GSI1PK: 'REPORTS', GSI1SK: 'x', PK: 'y', SK: 'z' }),
      encode({ GSI1PK: { S: 'REPORTS' }, GSI1SK: 1, PK: [], SK: null }),
      encode({
        GSI1PK: 'REPORTS',
        GSI1SK: '2025-01-01T00:00:00.000Z#20250101T000000000Z-abcdef',
        PK: 'REPORT#2025',
        SK: 'RUN#20250101T000000000Z-abcdef',
        extra: 1,
      }),
    ]) {
      const body = await expectRefused(400, {
        method: 'GET',
        path: `/api/reports?cursor=${encodeURIComponent(cursor)}`,
        headers: staff,
      });
      expect(body.issues?.[0]?.code).toBe('invalid_cursor');
    }
  });
});

describe('handlers without the local gateway', () => {
  it('decode and check raw path parameters as API Gateway hands them over', async () => {
    const { handler } = await import('../../functions/survey-get.ts');
    for (const surveyId of ['%ZZ', 'a'.repeat(3000), '%E0%A4%A', 'x%2Fy']) {
      const before = await tableItems();
      const res = await handler(
        httpEvent({ method: 'GET', path: '/api/surveys/x', pathParameters: { surveyId } }),
        lambdaContext(),
      );
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body ?? '{}').message.nl.length).toBeGreaterThan(0);
      expect(await tableItems()).toEqual(before);
    }
  });
});
