/**
 * The response wire schema (POST /api/surveys/{surveyId}/responses): the envelope of a submission. The
 * answers' own rules depend on the survey version answered, so they are checked in the domain
 * (./validate.ts). Browser-safe: no Node or AWS imports.
 */
import * as z from 'zod';

export { surveyPathSchema as responsePathSchema } from '../surveys/schema.ts';

export const responseBodySchema = z
  .object({
    submissionId: z.uuid(),
    language: z.enum(['fr', 'nl']),
    answers: z.record(z.string(), z.unknown()),
    /** Honeypot: hidden in the form, left empty by people, filled by bots. */
    website: z.string().max(2000).optional(),
  })
  .strict();

export type ResponseBody = z.output<typeof responseBodySchema>;
