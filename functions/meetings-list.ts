/** GET /api/meetings?period=&zone= : meetings of a period, for the zones the caller may see. */
import { listMeetings } from '../shared/meetings/index.ts';
import { meetingListQuerySchema } from '../shared/meetings/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, query: meetingListQuerySchema } as const;

const list = async ({ caller, query }: EdgeInput<typeof edge>) =>
  json(200, { meetings: await listMeetings(query, caller) });

export const handler = httpHandler(edge, list);
