/**
 * Storage down: every route answers 503 with Retry-After and a bilingual message (never a 500), and
 * /api/health says so; once the storage answers again, so does everything.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '../../functions/lib/http.ts';
import { httpRoutes } from '../../functions/routes.ts';
import { freePort } from '../../local/emulators.ts';
import { clients, createClients, setClients } from '../../shared/store/clients.ts';
import { isStorageUnavailable } from '../../shared/store/failures.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';

const live = clients();
afterAll(() => setClients(live));

/** A request each route would accept if the storage answered. */
const requestFor = (id: string): Partial<Parameters<typeof httpEvent>[0]> => {
  switch (id) {
    case 'survey-get':
      return { pathParameters: { surveyId: survey.surveyId } };
    case 'survey-publish':
      return { body: survey };
    case 'response-submit':
      return {
        pathParameters: { surveyId: survey.surveyId },
        body: {
          submissionId: '7b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
          language: 'fr',
          answers: { zone: 'south', priorities: ['training'] },
        },
      };
    case 'meeting-create':
      return { body: meeting };
    case 'meeting-update':
      return { pathParameters: { meetingId: meeting.meetingId }, body: meeting };
    case 'meeting-get':
    case 'meeting-delete':
      return { pathParameters: { meetingId: meeting.meetingId } };
    case 'meetings-list':
    case 'aggregates-get':
    case 'aggregates-trend':
      return { query: { period: '2025' } };
    case 'report-start':
      return { body: { period: '2025' } };
    case 'report-get':
      return { pathParameters: { period: '2025' } };
    default:
      return {};
  }
};

const call = async (route: (typeof httpRoutes)[number]): Promise<HttpResult> => {
  const { handler } = (await import(pathToFileURL(path.resolve(route.entry)).href)) as {
    handler: (e: HttpEvent, c: ReturnType<typeof lambdaContext>) => Promise<HttpResult>;
  };
  return handler(
    httpEvent({
      method: route.method,
      path: route.path,
      ...(route.access === 'jwt' ? { claims: claimsFor('staff') } : {}),
      ...requestFor(route.id),
    }),
    lambdaContext(route.id),
  );
};

describe('storage down', () => {
  it('answers 503 with Retry-After and an FR/NL message on every route, health included', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    setClients(createClients({ ...live.config, DYNAMODB_ENDPOINT: dead }));
    try {
      for (const route of httpRoutes) {
        const res = await call(route);
        expect({ route: route.id, status: res.statusCode }).toEqual({ route: route.id, status: 503 });
        expect(res.headers?.['retry-after']).toBe('5');
        const body = JSON.parse(res.body ?? '{}');
        expect(body.message.fr).toMatch(/indisponible/);
        expect(body.message.nl).toMatch(/niet beschikbaar/);
      }
    } finally {
      setClients(live);
    }
    const healthRoute = httpRoutes.find((r) => r.id === 'health');
    if (!healthRoute) throw new Error('no health route');
    const health = await call(healthRoute);
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body ?? '{}')).toEqual({ status: 'ok', storage: 'ok' });
  }, 60_000);

  it('tells storage failures from bugs', () => {
    expect(isStorageUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isStorageUnavailable({ name: 'ProvisionedThroughputExceededException' })).toBe(true);
    expect(
      isStorageUnavailable({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      }),
    ).toBe(true);
    expect(
      isStorageUnavailable({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    ).toBe(false);
    expect(isStorageUnavailable({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
    expect(isStorageUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
