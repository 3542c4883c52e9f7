/** POST /api/reports { period } (staff, rar): starts a report run; 202 with its id. */
import { requestReport } from '../shared/reports/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, readJsonBody } from './lib/http.ts';

const start = async (event: HttpEvent) => {
  const caller = callerOf(event);
  const run = await requestReport(readJsonBody(event), caller);
  return json(202, { runId: run.runId, period: run.period, status: run.status });
};

export const handler = httpHandler(start);
