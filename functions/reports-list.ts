/** GET /api/reports?limit=&cursor= (staff, rar): report runs, newest first. */
import { listReportRuns } from '../shared/reports/index.ts';
import { reportListQuerySchema } from '../shared/reports/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, query: reportListQuerySchema } as const;

const list = async ({ caller, query }: EdgeInput<typeof edge>) =>
  json(200, await listReportRuns(query, caller));

export const handler = httpHandler(edge, list);
