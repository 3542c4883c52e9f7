/** POST /api/meetings (staff, zone coordinators): 201 when created, 200 for a replay of the same form. */
import { createMeeting } from '../shared/meetings/index.ts';
import { meetingInputSchema } from '../shared/meetings/schema.ts';
import { type EdgeInput, httpHandler, json } from './lib/http.ts';

const edge = { caller: true, body: meetingInputSchema } as const;

const create = async ({ caller, body }: EdgeInput<typeof edge>) => {
  const { created, meeting } = await createMeeting(body, caller);
  return json(created ? 201 : 200, meeting);
};

export const handler = httpHandler(edge, create);
