/**
 * POST /api/surveys/{surveyId}/responses (public): stores an anonymous response once. 201 when stored,
 * 200 with the same body for a replay. Never logs the answers.
 */
import { submitResponse } from '../shared/responses/index.ts';
import { responseBodySchema, responsePathSchema } from '../shared/responses/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';
import { logger } from './lib/observability.ts';

const edge = { path: responsePathSchema, body: responseBodySchema } as const;

const submit = async ({ path, body }: EdgeInput<typeof edge>) => {
  const result = await submitResponse(path.surveyId, body);
  logger.info('response submitted', { surveyId: path.surveyId, created: result.created });
  return json(result.created ? 201 : 200, { responseId: result.responseId });
};

export const handler = httpHandler(edge, submit);
