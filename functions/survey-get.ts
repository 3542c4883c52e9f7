/** GET /api/surveys/{surveyId} (public): the current definition, with its state (open, closed…). */
import { getPublicSurvey } from '../shared/surveys/index.ts';
import { type HttpEvent, httpHandler, json, pathParameter } from './lib/http.ts';

const getSurvey = async (event: HttpEvent) =>
  json(200, await getPublicSurvey(pathParameter(event, 'surveyId')));

export const handler = httpHandler(getSurvey);
