/** GET /api/staff/surveys: every survey with state, version and response count read from the aggregates. */
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/surveys-overview.ts';
import { rebuildAggregates } from '../../shared/aggregates/index.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import { quartersOpen } from '../../shared/surveys/overview.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { asResponse, asSurvey } from '../support/inputs.ts';

const STAFF = { subject: 'staff-1', groups: ['staff'] };

const call = (claims: Record<string, unknown>) =>
  handler(
    httpEvent({ method: 'GET', path: '/api/staff/surveys', claims }),
    lambdaContext('surveys-overview'),
  );

describe('quartersOpen', () => {
  it('runs from the opening (or publication) to the closing or now, at most 12 quarters', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(
      quartersOpen({ opensAt: '2025-12-31T23:30:00Z', publishedAt: '2025-01-01T00:00:00Z' }, now),
    ).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(
      quartersOpen({ publishedAt: '2024-02-01T00:00:00Z', closesAt: '2024-07-01T00:00:00+02:00' }, now),
    ).toEqual(['2024-Q1', '2024-Q2']);
    expect(quartersOpen({ publishedAt: '2010-01-01T00:00:00Z' }, now)).toHaveLength(12);
  });
});

describe('GET /api/staff/surveys', () => {
  it('lists open, upcoming and closed surveys with their version and response count', async () => {
    await publishSurvey(asSurvey(survey), STAFF);
    await publishSurvey(asSurvey({ ...survey, title: { fr: 'V2', nl: 'V2' } }), STAFF);
    await publishSurvey(
      asSurvey({ ...survey, surveyId: 'later-2030', opensAt: '2030-01-01T00:00:00Z' }),
      STAFF,
    );
    await publishSurvey(
      asSurvey({ ...survey, surveyId: 'closed-2025', closesAt: '2025-06-01T00:00:00Z' }),
      STAFF,
    );
    const when = new Date('2026-02-10T10:00:00Z');
    for (const [i, zone] of ['south', 'north', 'south'].entries())
      await submitResponse(
        survey.surveyId,
        asResponse({
          submissionId: `0b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5${i}`,
          language: 'fr',
          answers: { zone, sector: 'social', priorities: ['training'] },
        }),
        when,
      );
    await rebuildAggregates('2026-Q1');

    const res = await call(claimsFor('staff'));
    expect(res.statusCode).toBe(200);
    const { surveys } = JSON.parse(res.body ?? '{}') as { surveys: Record<string, unknown>[] };
    expect(surveys.map((s) => [s.surveyId, s.state, s.version, s.responses])).toEqual([
      ['closed-2025', 'closed', 1, 0],
      ['later-2030', 'not-yet-open', 1, 0],
      [survey.surveyId, 'open', 2, 3],
    ]);
  });

  it('refuses a caller with no staff group (403)', async () => {
    const res = await call(claimsFor('visitor'));
    expect(res.statusCode).toBe(403);
  });
});
