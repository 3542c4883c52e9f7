/** Surveys as data: publishing versions (staff) and reading them (public). Storage is ./store.ts. */

import { LRUCache } from 'lru-cache';
import { assertStaff, type Caller } from '../auth.ts';
import { conflict, gone, notFound } from '../errors.ts';
import type { StoredSurvey, SurveyDefinition } from '../records.ts';
import { getCurrentSurvey, listSurveys, putSurveyVersion } from './store.ts';

export { getCurrentSurvey, getSurveyVersion, listSurveys } from './store.ts';

const SURVEY = { fr: 'Enquête', nl: 'Enquête' };

/**
 * Current definitions for answering, kept a few seconds per process: a submission would otherwise read the
 * survey once more than it writes. A republish reaches a warm function within the TTL (this process's own
 * publishes at once); a response records the version it was checked against, so it stays consistent.
 * Concurrent misses share one read; unknown ids are not cached.
 */
export const SURVEY_CACHE_MS = 5_000;
const surveysForAnswers = new LRUCache<string, StoredSurvey>({
  max: 1_000,
  ttl: SURVEY_CACHE_MS,
  fetchMethod: (surveyId) => getCurrentSurvey(surveyId),
});

/**
 * Publishes a definition as the survey's next version. Two concurrent publishes cannot both become
 * version n+1: the second is refused.
 */
export const publishSurvey = async (
  definition: SurveyDefinition,
  caller: Caller,
  now = new Date(),
): Promise<StoredSurvey> => {
  assertStaff(caller);
  const previous = await getCurrentSurvey(definition.surveyId);
  const stored: StoredSurvey = {
    ...definition,
    version: (previous?.version ?? 0) + 1,
    publishedAt: now.toISOString(),
    publishedBy: caller.subject,
  };
  const published = await putSurveyVersion(stored, previous?.version);
  surveysForAnswers.delete(definition.surveyId);
  if (!published)
    throw conflict({
      fr: 'Une autre version de cette enquête vient d’être publiée. Rechargez et réessayez.',
      nl: 'Er is net een andere versie van deze enquête gepubliceerd. Herlaad en probeer opnieuw.',
    });
  return stored;
};

export type SurveyState = 'open' | 'not-yet-open' | 'closed';

export const surveyState = (survey: Pick<StoredSurvey, 'opensAt' | 'closesAt'>, now: Date): SurveyState => {
  if (survey.opensAt && now.getTime() < Date.parse(survey.opensAt)) return 'not-yet-open';
  if (survey.closesAt && now.getTime() >= Date.parse(survey.closesAt)) return 'closed';
  return 'open';
};

/** The current version of a survey, for answering it: 404 unknown or not open yet, 410 closed. */
export const getOpenSurvey = async (surveyId: string, now: Date): Promise<StoredSurvey> => {
  const survey = await surveysForAnswers.fetch(surveyId);
  if (!survey) throw notFound(SURVEY);
  const state = surveyState(survey, now);
  if (state === 'not-yet-open')
    throw notFound({ fr: 'Enquête (pas encore ouverte)', nl: 'Enquête (nog niet geopend)' });
  if (state === 'closed')
    throw gone({ fr: 'Cette enquête est clôturée.', nl: 'Deze enquête is afgesloten.' });
  return survey;
};

/** Public view of a survey: the definition with its state; 404 when unknown. */
export const getPublicSurvey = async (surveyId: string, now = new Date()) => {
  const survey = await getCurrentSurvey(surveyId);
  if (!survey) throw notFound(SURVEY);
  const { publishedBy: _internal, ...definition } = survey;
  return { ...definition, state: surveyState(survey, now) };
};

export interface SurveySummary {
  surveyId: string;
  title: StoredSurvey['title'];
  theme: string;
  version: number;
  opensAt?: string;
  closesAt?: string;
}

/** Surveys open now. */
export const listOpenSurveys = async (now = new Date()): Promise<SurveySummary[]> =>
  (await listSurveys())
    .filter((s) => surveyState(s, now) === 'open')
    .map(({ surveyId, title, theme, version, opensAt, closesAt }) => ({
      surveyId,
      title,
      theme,
      version,
      ...(opensAt ? { opensAt } : {}),
      ...(closesAt ? { closesAt } : {}),
    }));
