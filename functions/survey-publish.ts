/** POST /api/surveys (staff): publishes a definition as the survey's next version. */
import { publishSurvey } from '../shared/surveys/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, readJsonBody } from './lib/http.ts';

const publish = async (event: HttpEvent) => {
  const caller = callerOf(event);
  const survey = await publishSurvey(readJsonBody(event), caller);
  return json(201, survey);
};

export const handler = httpHandler(publish);
