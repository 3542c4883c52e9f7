/** POST /api/surveys (staff): publishes a definition as the survey's next version. */
import { publishSurvey } from '../shared/surveys/index.ts';
import { surveyDefinitionSchema } from '../shared/surveys/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, body: surveyDefinitionSchema } as const;

const publish = async ({ caller, body }: EdgeInput<typeof edge>) =>
  json(201, await publishSurvey(body, caller));

export const handler = httpHandler(edge, publish);
