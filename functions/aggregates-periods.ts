/** GET /api/aggregates/periods: the years and quarters with data in the caller's scope, newest first. */
import { periodsWithData } from '../shared/aggregates/dashboard.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true } as const;

const getPeriods = async ({ caller }: EdgeInput<typeof edge>) => json(200, await periodsWithData(caller));

export const handler = httpHandler(edge, getPeriods);
