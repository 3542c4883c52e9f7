/** GET /api/aggregates/trend?period=&zone=: meetings, participants and responses per zone over 8 quarters. */
import { trendOf } from '../shared/aggregates/dashboard.ts';
import { trendQuerySchema } from '../shared/aggregates/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, query: trendQuerySchema } as const;

const getTrend = async ({ caller, query }: EdgeInput<typeof edge>) => json(200, await trendOf(query, caller));

export const handler = httpHandler(edge, getTrend);
