import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getSurvey } from '../../functions/survey-get.ts';
import { handler as publish } from '../../functions/survey-publish.ts';
import { handler as listSurveys } from '../../functions/surveys-list.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { tableItems } from '../support/storage.ts';

const post = (body: unknown, claims?: Record<string, unknown>) =>
  publish(
    httpEvent({ method: 'POST', path: '/api/surveys', body, ...(claims ? { claims } : {}) }),
    lambdaContext(),
  );
const staff = claimsFor('staff');
const parse = (res: { body?: string }) => JSON.parse(res.body ?? 'null');

describe('POST /api/surveys', () => {
  beforeAll(async () => {
    expect((await post(survey, staff)).statusCode).toBe(201);
  });

  it('publishes a definition with default 3-2-1 weights', async () => {
    const res = await getSurvey(
      httpEvent({
        method: 'GET',
        path: `/api/surveys/${survey.surveyId}`,
        pathParameters: { surveyId: survey.surveyId },
      }),
      lambdaContext(),
    );
    expect(res.statusCode).toBe(200);
    const body = parse(res);
    expect(body.version).toBe(1);
    expect(body.state).toBe('open');
    expect(body.questions.find((q: { id: string }) => q.id === 'priorities').weights).toEqual([3, 2, 1]);
    expect(body.publishedBy).toBeUndefined();
  });

  it('republishing creates version 2 and keeps version 1', async () => {
    const res = await post({ ...survey, title: { fr: 'Bien-être (v2)', nl: 'Welzijn (v2)' } }, staff);
    expect(res.statusCode).toBe(201);
    expect(parse(res).version).toBe(2);
    const versions = (await tableItems()).filter((i) => i.entity === 'survey-version');
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('lists open surveys only', async () => {
    await post({ ...survey, surveyId: 'closed-one', closesAt: '2025-02-01T00:00:00+01:00' }, staff);
    const res = await listSurveys(httpEvent({ method: 'GET', path: '/api/surveys' }), lambdaContext());
    const ids = parse(res).surveys.map((s: { surveyId: string }) => s.surveyId);
    expect(ids).toContain(survey.surveyId);
    expect(ids).not.toContain('closed-one');
  });

  it('answers 404 in FR and NL for an unknown survey', async () => {
    const res = await getSurvey(
      httpEvent({ method: 'GET', path: '/api/surveys/nope', pathParameters: { surveyId: 'nope' } }),
      lambdaContext(),
    );
    expect(res.statusCode).toBe(404);
    expect(parse(res).message.fr).toContain('introuvable');
    expect(parse(res).message.nl).toContain('niet gevonden');
  });

  it('rejects callers without a token (401) or outside staff (403), storing nothing', async () => {
    const before = await tableItems();
    expect((await post({ ...survey, surveyId: 'x-1' })).statusCode).toBe(401);
    expect((await post({ ...survey, surveyId: 'x-2' }, claimsFor('rar'))).statusCode).toBe(403);
    expect((await post({ ...survey, surveyId: 'x-3' }, claimsFor('zone-north'))).statusCode).toBe(403);
    expect(await tableItems()).toEqual(before);
  });

  it('names every bad field of a definition and stores nothing', async () => {
    const before = await tableItems();
    const bad = {
      ...survey,
      surveyId: 'Bad Id',
      theme: 'astrology',
      extra: true,
      questions: [
        { id: 'z1', type: 'zone', label: { fr: 'Zone', nl: 'Zone' } },
        { id: 'z2', type: 'zone', label: { fr: 'Zone', nl: 'Zone' } },
        {
          id: 'r',
          type: 'ranking',
          label: { fr: 'R', nl: 'R' },
          pick: 2,
          weights: [1, 2],
          options: [
            { id: 'a', label: { fr: 'A', nl: 'A' } },
            { id: 'a', label: { fr: 'A', nl: 'A' } },
          ],
        },
      ],
    };
    const res = await post(bad, staff);
    expect(res.statusCode).toBe(400);
    const body = parse(res);
    expect(body.error).toBe('validation');
    const paths = body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'surveyId',
        'theme',
        '',
        'questions',
        'questions.2.options.1.id',
        'questions.2.weights',
      ]),
    );
    for (const i of body.issues) {
      expect(i.message.fr.length).toBeGreaterThan(0);
      expect(i.message.nl.length).toBeGreaterThan(0);
    }
    expect(await tableItems()).toEqual(before);
  });

  it('rejects two zone questions and duplicate question ids', async () => {
    const before = await tableItems();
    const zoneQ = { id: 'z', type: 'zone', label: { fr: 'Zone', nl: 'Zone' } };
    const res = await post({ ...survey, surveyId: 'two-zones', questions: [zoneQ, { ...zoneQ }] }, staff);
    expect(res.statusCode).toBe(400);
    const codes = parse(res).issues.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['duplicate_question', 'several_zone_questions']));
    expect(await tableItems()).toEqual(before);
  });

  it('rejects malformed JSON (400) and storage is unchanged', async () => {
    const before = await tableItems();
    const res = await post('{"surveyId": ', staff);
    expect(res.statusCode).toBe(400);
    expect(parse(res).error).toBe('malformed-json');
    expect(await tableItems()).toEqual(before);
  });
});
