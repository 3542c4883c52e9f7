/** Inputs for calling domain functions directly, parsed with the same wire schemas as the edge. */
import { meetingInputSchema } from '../../shared/meetings/schema.ts';
import { responseBodySchema } from '../../shared/responses/schema.ts';
import { surveyDefinitionSchema } from '../../shared/surveys/schema.ts';
import { parseOrThrow } from '../../shared/validation.ts';

export const asSurvey = (definition: unknown) => parseOrThrow(surveyDefinitionSchema, definition);
export const asMeeting = (form: unknown) => parseOrThrow(meetingInputSchema, form);
export const asResponse = (body: unknown) => parseOrThrow(responseBodySchema, body);
