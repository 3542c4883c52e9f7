/** GET /api/meetings?period=&zone= : meetings of a period, for the zones the caller may see. */
import { listMeetings } from '../shared/meetings/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, queryParameters } from './lib/http.ts';

const list = async (event: HttpEvent) =>
  json(200, { meetings: await listMeetings(queryParameters(event), callerOf(event)) });

export const handler = httpHandler(list);
