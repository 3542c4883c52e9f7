/** GET /api/staff/surveys (signed in): every survey with its state, version and response count. */
import { surveysOverview } from '../shared/surveys/overview.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true } as const;

const list = async ({ caller }: EdgeInput<typeof edge>) =>
  json(200, { surveys: await surveysOverview(caller) });

export const handler = httpHandler(edge, list);
