/** POST /api/meetings (staff, zone coordinators): 201 when created, 200 for a replay of the same form. */
import { createMeeting } from '../shared/meetings/index.ts';
import { callerOf, type HttpEvent, httpHandler, json, readJsonBody } from './lib/http.ts';

const create = async (event: HttpEvent) => {
  const caller = callerOf(event);
  const { created, meeting } = await createMeeting(readJsonBody(event), caller);
  return json(created ? 201 : 200, meeting);
};

export const handler = httpHandler(create);
