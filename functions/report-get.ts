/** GET /api/reports/{period} (staff, rar): the newest run's status and, when done, download links (≤ 15 min). */
import { reportStatus } from '../shared/reports/index.ts';
import { reportPathSchema } from '../shared/reports/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, path: reportPathSchema } as const;

const get = async ({ caller, path }: EdgeInput<typeof edge>) =>
  json(200, await reportStatus(path.period, caller));

export const handler = httpHandler(edge, get);
