/** GET /api/reports?limit=&cursor= (staff, rar): report runs, newest first. */
import { listReportRuns } from '../shared/reports/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, queryParameters } from './lib/http.ts';

const list = async (event: HttpEvent) =>
  json(200, await listReportRuns(queryParameters(event), callerOf(event)));

export const handler = httpHandler(list);
