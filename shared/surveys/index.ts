/** Surveys as data: publishing versions (staff) and reading them (public). */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { assertStaff, type Caller } from '../auth.ts';
import { conflict, gone, notFound } from '../errors.ts';
import type { StoredSurvey } from '../records.ts';
import { clients } from '../store/clients.ts';
import { keys } from '../store/keys.ts';
import { parseOrThrow } from '../validation.ts';
import { surveyDefinitionSchema } from './schema.ts';
import { getCurrentSurvey, listSurveys } from './store.ts';

export { defaultWeights, surveyDefinitionSchema } from './schema.ts';
export { getCurrentSurvey, getSurveyVersion, listSurveys } from './store.ts';

const SURVEY = { fr: 'Enquête', nl: 'Enquête' };

/**
 * Publishes a definition as the survey's next version. The new version item and the CURRENT pointer are
 * written in one transaction, conditioned on the version we read, so two concurrent publishes cannot
 * both become version n+1.
 */
export const publishSurvey = async (
  input: unknown,
  caller: Caller,
  now = new Date(),
): Promise<StoredSurvey> => {
  assertStaff(caller);
  const definition = parseOrThrow(surveyDefinitionSchema, input);
  const { doc, config } = clients();
  const previous = await getCurrentSurvey(definition.surveyId);
  const version = (previous?.version ?? 0) + 1;
  const stored: StoredSurvey = {
    ...definition,
    version,
    publishedAt: now.toISOString(),
    publishedBy: caller.subject,
  };
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: {
                ...keys.surveyVersion(definition.surveyId, version),
                entity: 'survey-version',
                ...stored,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: {
                ...keys.survey(definition.surveyId),
                ...keys.surveyIndex(definition.surveyId),
                entity: 'survey',
                ...stored,
              },
              ConditionExpression: previous ? 'version = :previous' : 'attribute_not_exists(PK)',
              ...(previous ? { ExpressionAttributeValues: { ':previous': previous.version } } : {}),
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException)
      throw conflict({
        fr: 'Une autre version de cette enquête vient d’être publiée. Rechargez et réessayez.',
        nl: 'Er is net een andere versie van deze enquête gepubliceerd. Herlaad en probeer opnieuw.',
      });
    throw error;
  }
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
