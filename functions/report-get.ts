/** GET /api/reports/{period} (staff, rar): the newest run's status and, when done, download links (≤ 15 min). */
import { reportStatus } from '../shared/reports/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, pathParameter } from './lib/http.ts';

const get = async (event: HttpEvent) =>
  json(200, await reportStatus(pathParameter(event, 'period'), callerOf(event)));

export const handler = httpHandler(get);
