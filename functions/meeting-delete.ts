/** DELETE /api/meetings/{meetingId}: erasure of the meeting and all its versions. */
import { deleteMeeting } from '../shared/meetings/index.ts';
import { meetingPathSchema } from '../shared/meetings/schema.ts';
import { type EdgeInput, httpHandler, noContent } from './lib/http.ts';

const edge = { caller: true, path: meetingPathSchema } as const;

const erase = async ({ caller, path }: EdgeInput<typeof edge>) => {
  await deleteMeeting(path.meetingId, caller);
  return noContent();
};

export const handler = httpHandler(edge, erase);
