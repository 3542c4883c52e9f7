/** POST /api/reports { period } (staff, rar): starts a report run; 202 with its id. */
import { requestReport } from '../shared/reports/index.ts';
import { reportStartSchema } from '../shared/reports/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, body: reportStartSchema } as const;

const start = async ({ caller, body }: EdgeInput<typeof edge>) => {
  const run = await requestReport(body, caller);
  return json(202, { runId: run.runId, period: run.period, status: run.status });
};

export const handler = httpHandler(edge, start);
