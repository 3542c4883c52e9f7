/** PUT /api/meetings/{meetingId} (staff, zone coordinators): a correction; earlier versions are kept. */
import { updateMeeting } from '../shared/meetings/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, pathParameter, readJsonBody } from './lib/http.ts';

const update = async (event: HttpEvent) => {
  const caller = callerOf(event);
  const meeting = await updateMeeting(pathParameter(event, 'meetingId'), readJsonBody(event), caller);
  return json(200, meeting);
};

export const handler = httpHandler(update);
