/** Surveys as data: publishing versions (staff) and reading them (public). Storage is ./store.ts. */
import { assertStaff, type Caller } from '../auth.ts';
import { conflict, gone, notFound } from '../errors.ts';
import type { StoredSurvey, SurveyDefinition } from '../records.ts';
import { getCurrentSurvey, listSurveys, putSurveyVersion } from './store.ts';

export { getCurrentSurvey, getSurveyVersion, listSurveys } from './store.ts';

const SURVEY = { fr: 'Enquête', nl: 'Enquête' };

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
  if (!(await putSurveyVersion(stored, previous?.version)))
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
  const survey = await getCurrentSurvey(surveyId);
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
