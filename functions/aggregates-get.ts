/** GET /api/aggregates?period=&zone=&theme=: the live report body of a period (runId null). */
import { liveReportBody } from '../shared/aggregates/live.ts';
import { aggregatesQuerySchema } from '../shared/aggregates/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, query: aggregatesQuerySchema } as const;

const getAggregates = async ({ caller, query }: EdgeInput<typeof edge>) =>
  json(200, await liveReportBody(query, caller));

export const handler = httpHandler(edge, getAggregates);
