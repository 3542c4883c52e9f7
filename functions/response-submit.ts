/**
 * POST /api/surveys/{surveyId}/responses (public): stores an anonymous response once. 201 when stored,
 * 200 with the same body for a replay. Never logs the answers.
 */
import { submitResponse } from '../shared/responses/index.ts';
import {
  type HttpEvent,
  httpHandler,
  json,
  MAX_BODY_BYTES,
  pathParameter,
  readJsonBody,
} from './lib/http.ts';
import { logger } from './lib/observability.ts';

const submit = async (event: HttpEvent) => {
  const surveyId = pathParameter(event, 'surveyId');
  const result = await submitResponse(surveyId, readJsonBody(event, MAX_BODY_BYTES));
  logger.info('response submitted', { surveyId, created: result.created });
  return json(result.created ? 201 : 200, { responseId: result.responseId });
};

export const handler = httpHandler(submit);
