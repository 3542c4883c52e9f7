/** GET /api/surveys/{surveyId} (public): the current definition, with its state (open, closed…). */
import { getPublicSurvey } from '../shared/surveys/index.ts';
import { surveyPathSchema } from '../shared/surveys/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { path: surveyPathSchema } as const;

const getSurvey = async ({ path }: EdgeInput<typeof edge>) => json(200, await getPublicSurvey(path.surveyId));

export const handler = httpHandler(edge, getSurvey);
