import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/response-submit.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { httpEvent, lambdaContext } from '../support/events.ts';
import { asResponse, asSurvey } from '../support/inputs.ts';
import { expectRejected, itemsOf, tableItems } from '../support/storage.ts';

const staff = { subject: 'test-staff', groups: ['staff'] };
const path = (id: string) => `/api/surveys/${id}/responses`;
const send = (body: unknown, surveyId = survey.surveyId) =>
  submit(
    httpEvent({
      method: 'POST',
      path: path(surveyId),
      routePath: '/api/surveys/{surveyId}/responses',
      pathParameters: { surveyId },
      body,
    }),
    lambdaContext(),
  );
const parse = (res: { body?: string }) => JSON.parse(res.body ?? 'null');

const validBody = () => ({
  submissionId: randomUUID(),
  language: 'fr',
  answers: {
    zone: 'north',
    sector: 'social',
    priorities: ['training', 'accessibility'],
    barriers: ['language'],
  },
});

describe('POST /api/surveys/{surveyId}/responses', () => {
  beforeAll(async () => {
    await publishSurvey(asSurvey(survey), staff);
    await publishSurvey(
      asSurvey({ ...survey, surveyId: 'closed', closesAt: '2025-02-01T00:00:00+01:00' }),
      staff,
    );
    await publishSurvey(
      asSurvey({ ...survey, surveyId: 'later', opensAt: '2099-01-01T00:00:00+01:00' }),
      staff,
    );
  });

  it('stores a valid response with its zone, quarter, version and weights (201)', async () => {
    const body = validBody();
    const res = await send(body);
    expect(res.statusCode).toBe(201);
    const { responseId } = parse(res);
    const stored = (await itemsOf('response')).find((r) => r.responseId === responseId);
    expect(stored).toMatchObject({
      surveyId: survey.surveyId,
      surveyVersion: 1,
      theme: 'mental-health',
      zone: 'north',
      language: 'fr',
      answers: body.answers,
      rankingWeights: { priorities: [3, 2, 1] },
    });
    expect(stored?.quarter).toMatch(/^\d{4}-Q[1-4]$/);
    expect(typeof stored?.expiresAt).toBe('number');
  });

  it('answers a replay with 200 and the same responseId, stored once', async () => {
    const body = validBody();
    const first = await send(body);
    const again = await send({ ...body, answers: { ...body.answers } });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(parse(again)).toEqual(parse(first));
    const stored = (await itemsOf('response')).filter((r) => r.submissionId === body.submissionId);
    expect(stored).toHaveLength(1);
  });

  it('stores two identical requests sent at the same instant once', async () => {
    const body = validBody();
    const results = await Promise.all([send(body), send(body), send(body)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => parse(r).responseId)).size).toBe(1);
    expect((await itemsOf('response')).filter((r) => r.submissionId === body.submissionId)).toHaveLength(1);
  });

  it('rejects the same submissionId with other answers (409)', async () => {
    const body = validBody();
    await send(body);
    await expectRejected(409, () => send({ ...body, answers: { ...body.answers, zone: 'south' } }));
  });

  it('refuses an envelope with unknown fields before reading the answers (400), storing nothing', async () => {
    const body = await expectRejected(400, () => send({ ...validBody(), extra: 1, answers: { mystery: 1 } }));
    expect(body.issues).toEqual([expect.objectContaining({ path: '', code: 'unknown_key' })]);
  });

  it('names every bad answer at once (400) and stores nothing', async () => {
    const body = await expectRejected(400, () =>
      send({
        submissionId: randomUUID(),
        language: 'fr',
        answers: {
          zone: 'atlantis',
          sector: 'banking',
          priorities: ['training', 'training', 'nope', 'accessibility'],
          barriers: ['language', 'stigma', 'financial'],
          years: 99,
          comment: 'x'.repeat(21),
          mystery: 'what',
        },
      }),
    );
    const byPath = Object.fromEntries(
      body.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    );
    expect(byPath).toMatchObject({
      'answers.zone': 'unknown_zone',
      'answers.sector': 'unknown_option',
      'answers.priorities.1': 'duplicate_option',
      'answers.priorities.2': 'unknown_option',
      'answers.priorities': 'too_many_ranked',
      'answers.barriers': 'too_many_options',
      'answers.years': 'too_big',
      'answers.comment': 'too_long',
      'answers.mystery': 'unknown_question',
    });
  });

  it('requires required answers (400) and stores nothing', async () => {
    const body = await expectRejected(400, () =>
      send({ submissionId: randomUUID(), language: 'nl', answers: { sector: 'health' } }),
    );
    const required = body.issues
      .filter((i: { code: string }) => i.code === 'required')
      .map((i: { path: string }) => i.path);
    expect(required).toEqual(['answers.zone', 'answers.priorities']);
  });

  it('rejects a bad submissionId and language (400)', async () => {
    const body = await expectRejected(400, () =>
      send({ ...validBody(), submissionId: '42', language: 'en' }),
    );
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['submissionId', 'language']),
    );
  });

  it('rejects a body over 64 KiB (413)', async () => {
    await expectRejected(413, () => send({ ...validBody(), answers: { comment: 'x'.repeat(70 * 1024) } }));
  });

  it('rejects malformed JSON (400)', async () => {
    const body = await expectRejected(400, () => send('{"submissionId":'));
    expect(body.error).toBe('malformed-json');
  });

  it('answers 404 for an unknown survey or one not open yet, 410 for a closed one', async () => {
    await expectRejected(404, () => send(validBody(), 'unknown'));
    await expectRejected(404, () => send(validBody(), 'later'));
    await expectRejected(410, () => send(validBody(), 'closed'));
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const before = await tableItems();
    const res = await send({ ...validBody(), website: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(parse(res).responseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await tableItems()).toEqual(before);
  });

  it('files a response without a zone question under region, in the Brussels quarter', async () => {
    await publishSurvey(
      asSurvey({
        ...survey,
        surveyId: 'no-zone',
        questions: survey.questions.filter((q) => q.id !== 'zone'),
      }),
      staff,
    );
    // 22:30 UTC on 31 March 2025 is 00:30 on 1 April in Brussels.
    const { responseId } = await submitResponse(
      'no-zone',
      asResponse({ submissionId: randomUUID(), language: 'nl', answers: { priorities: ['prevention'] } }),
      new Date('2025-03-31T22:30:00Z'),
    );
    const stored = (await itemsOf('response')).find((r) => r.responseId === responseId);
    expect(stored).toMatchObject({ zone: 'region', quarter: '2025-Q2' });
  });

  it('keeps the survey version each response answered', async () => {
    await publishSurvey(asSurvey({ ...survey, title: { fr: 'v2', nl: 'v2' } }), staff);
    const res = await send(validBody());
    const stored = (await itemsOf('response')).find((r) => r.responseId === parse(res).responseId);
    expect(stored?.surveyVersion).toBe(2);
  });
});
