/** GET /api/surveys (public): the surveys open now. */
import { listOpenSurveys } from '../shared/surveys/index.ts';
import { httpHandler, json } from './lib/http.ts';

const listSurveys = async () => json(200, { surveys: await listOpenSurveys(new Date()) });

export const handler = httpHandler({}, listSurveys);
