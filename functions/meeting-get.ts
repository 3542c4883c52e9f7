/** GET /api/meetings/{meetingId}: a meeting with its earlier versions (who corrected it, when). */
import { getMeetingFor } from '../shared/meetings/index.ts';
import { meetingPathSchema } from '../shared/meetings/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, path: meetingPathSchema } as const;

const getMeeting = async ({ caller, path }: EdgeInput<typeof edge>) =>
  json(200, await getMeetingFor(path.meetingId, caller));

export const handler = httpHandler(edge, getMeeting);
