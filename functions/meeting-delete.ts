/** DELETE /api/meetings/{meetingId}: erasure of the meeting and all its versions. */
import { deleteMeeting } from '../shared/meetings/index.ts';
import { callerOf, type HttpEvent, httpHandler, noContent, pathParameter } from './lib/http.ts';

const erase = async (event: HttpEvent) => {
  await deleteMeeting(pathParameter(event, 'meetingId'), callerOf(event));
  return noContent();
};

export const handler = httpHandler(erase);
