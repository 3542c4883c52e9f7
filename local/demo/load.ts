/**
 * Loads the demo data through the same wire schemas and domain functions the API uses (so it is
 * validated, de-duplicated and aggregated like real input). Idempotent: replays are recognised, nothing is counted twice.
 */
import type { Caller } from '../../shared/auth.ts';
import { createMeeting } from '../../shared/meetings/index.ts';
import { meetingInputSchema } from '../../shared/meetings/schema.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { responseBodySchema } from '../../shared/responses/schema.ts';
import { getCurrentSurvey, publishSurvey } from '../../shared/surveys/index.ts';
import { surveyDefinitionSchema } from '../../shared/surveys/schema.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { demoMeetings } from './meetings.ts';
import survey from './mental-health-2024.json' with { type: 'json' };
import { demoResponses } from './responses.ts';

const loader: Caller = { subject: 'demo-loader', groups: ['staff'] };

export const loadDemoData = async (): Promise<{ meetings: number; responses: number }> => {
  if (!(await getCurrentSurvey(survey.surveyId)))
    await publishSurvey(
      parseOrThrow(surveyDefinitionSchema, survey),
      loader,
      new Date('2024-05-31T12:00:00Z'),
    );
  const meetings = demoMeetings();
  for (const meeting of meetings)
    await createMeeting(
      parseOrThrow(meetingInputSchema, meeting),
      loader,
      new Date(`${meeting.date}T18:00:00Z`),
    );
  const responses = demoResponses();
  // A few at a time: quick, without flooding DynamoDB Local.
  for (let i = 0; i < responses.length; i += 8) {
    await Promise.all(
      responses
        .slice(i, i + 8)
        .map((r) => submitResponse(survey.surveyId, parseOrThrow(responseBodySchema, r.body), r.submittedAt)),
    );
  }
  return { meetings: meetings.length, responses: responses.length };
};
