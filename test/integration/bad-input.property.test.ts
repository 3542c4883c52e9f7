/**
 * Property-based: whatever a client sends to the public and staff endpoints (random JSON, wrong types,
 * deep nesting, huge strings, reserved keys, bytes that are not UTF-8, bad paths and cursors), the answer
 * is a 4xx with an FR/NL message, never a 5xx, and storage is unchanged. Bounded in runs and time.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '../../functions/lib/http.ts';
import { type HttpRoute, httpRoutes } from '../../functions/routes.ts';
import { createMeeting } from '../../shared/meetings/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { asMeeting, asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';

const LIMITS = { numRuns: 60, interruptAfterTimeLimit: 6_000 };

beforeAll(async () => {
  await publishSurvey(asSurvey(survey), { subject: 'test', groups: ['staff'] });
  await createMeeting(asMeeting(meeting), { subject: 'test', groups: ['staff'] });
});

type Handler = (e: HttpEvent, c: ReturnType<typeof lambdaContext>) => Promise<HttpResult>;
const handlerOf = async (id: string): Promise<{ route: HttpRoute; handler: Handler }> => {
  const route = httpRoutes.find((r) => r.id === id);
  if (!route) throw new Error(`no route ${id}`);
  const { handler } = (await import(pathToFileURL(path.resolve(route.entry)).href)) as { handler: Handler };
  return { route, handler };
};

const expectClientError = (res: HttpResult) => {
  const status = res.statusCode ?? 0;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  const body = JSON.parse(res.body ?? '{}') as { message?: { fr?: string; nl?: string } };
  expect(body.message?.fr?.length).toBeGreaterThan(0);
  expect(body.message?.nl?.length).toBeGreaterThan(0);
};

const reserved = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
);
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\u001b[2J', '\ud800', '\udfff x', 'a\u0007b'),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
  reserved,
);
/** JSON text a client may send: random values, reserved keys, deep nesting, odd strings. */
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.oneof(reserved, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    })
    .map(
      (d) =>
        `{${Object.entries(d)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .join(',')}}`,
    ),
  fc.integer({ min: 30, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc
    .tuple(reserved, nasty)
    .map(
      ([k, v]) =>
        `{"submissionId":"8b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e","language":"fr","answers":{${JSON.stringify(k)}:${JSON.stringify(v)}},"zone":${JSON.stringify(v)}}`,
    ),
  fc.string({ maxLength: 50 }),
);
/** A body as API Gateway hands it over: text, or base64 bytes that need not be UTF-8. */
const body = fc.oneof(
  jsonText.map((text) => ({ body: text, isBase64Encoded: false })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  })),
);
const contentType = fc.oneof(
  fc.constant('application/json'),
  fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'application/json; charset=latin1',
    '',
  ),
);
const pathValue = fc.oneof(
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('%ZZ', '%E0%A4%A', '%', '%00', 'a%2Fb', '..', '%C0%AF'),
  fc.nat({ max: 5000 }).map((n) => 'a'.repeat(n + 101)),
  reserved,
);

const call = (handler: Handler, route: HttpRoute, input: Partial<Parameters<typeof httpEvent>[0]>) =>
  handler(
    httpEvent({
      method: route.method,
      path: route.path,
      ...(route.access === 'jwt' ? { claims: claimsFor('staff') } : {}),
      ...input,
    }),
    lambdaContext(route.id),
  );

describe('any client input → 4xx with FR/NL, never 5xx, storage unchanged', () => {
  for (const id of [
    'response-submit',
    'survey-publish',
    'meeting-create',
    'meeting-update',
    'report-start',
  ]) {
    it(`${id}: random bodies and content types`, async () => {
      const { route, handler } = await handlerOf(id);
      const before = await tableItems();
      await fc.assert(
        fc.asyncProperty(body, contentType, async (b, type) => {
          const res = await call(handler, route, {
            headers: { 'content-type': type },
            ...(route.path.includes('{surveyId}') ? { pathParameters: { surveyId: survey.surveyId } } : {}),
            ...(route.path.includes('{meetingId}')
              ? { pathParameters: { meetingId: meeting.meetingId } }
              : {}),
            body: b.body,
            isBase64Encoded: b.isBase64Encoded,
          });
          expectClientError(res);
        }),
        LIMITS,
      );
      expect(await tableItems()).toEqual(before);
    }, 60_000);
  }

  it('every route with an id: bad, overlong and malformed path values', async () => {
    const routes = await Promise.all(
      httpRoutes.filter((r) => r.path.includes('{')).map((r) => handlerOf(r.id)),
    );
    const before = await tableItems();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), pathValue, async ({ route, handler }, value) => {
        const name = /\{(\w+)\}/.exec(route.path)?.[1] ?? '';
        const res = await call(handler, route, { pathParameters: { [name]: value }, body: '{}' });
        expectClientError(res);
      }),
      LIMITS,
    );
    expect(await tableItems()).toEqual(before);
  }, 60_000);

  it('reports-list: any cursor and limit the server did not issue', async () => {
    const { route, handler } = await handlerOf('reports-list');
    const cursor = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
      fc
        .record({ GSI1PK: fc.string(), GSI1SK: fc.string(), PK: fc.string(), SK: fc.string() })
        .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    );
    await fc.assert(
      fc.asyncProperty(cursor, fc.oneof(fc.constant('20'), fc.string({ maxLength: 5 })), async (c, limit) => {
        const res = await call(handler, route, { query: { cursor: c, limit } });
        if (res.statusCode === 200) return; // an empty page for a well-formed limit and no cursor
        expectClientError(res);
      }),
      LIMITS,
    );
  }, 60_000);
});
