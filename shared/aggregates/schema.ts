/** The aggregates wire schema (GET /api/aggregates). Browser-safe: no Node or AWS imports. */
import * as z from 'zod';
import { periodSchema } from '../period.ts';
import { themeIdSchema, zoneIdSchema } from '../reference/index.ts';

export const aggregatesQuerySchema = z.object({
  period: periodSchema,
  zone: zoneIdSchema.optional(),
  theme: themeIdSchema.optional(),
});
export type AggregatesQuery = z.output<typeof aggregatesQuerySchema>;
