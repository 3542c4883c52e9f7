/** PUT /api/meetings/{meetingId} (staff, zone coordinators): a correction; earlier versions are kept. */
import { updateMeeting } from '../shared/meetings/index.ts';
import { meetingInputSchema, meetingPathSchema } from '../shared/meetings/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, path: meetingPathSchema, body: meetingInputSchema } as const;

const update = async ({ caller, path, body }: EdgeInput<typeof edge>) =>
  json(200, await updateMeeting(path.meetingId, body, caller));

export const handler = httpHandler(edge, update);
