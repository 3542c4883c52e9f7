/** GET /api/meetings/{meetingId}: a meeting with its earlier versions (who corrected it, when). */
import { getMeetingFor } from '../shared/meetings/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, pathParameter } from './lib/http.ts';

const getMeeting = async (event: HttpEvent) =>
  json(200, await getMeetingFor(pathParameter(event, 'meetingId'), callerOf(event)));

export const handler = httpHandler(getMeeting);
