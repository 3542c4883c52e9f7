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

/** GET /api/aggregates/periods: every year and quarter with data in the caller's scope, newest first. */
export const aggregatePeriodsSchema = z.object({ periods: z.array(periodSchema) });
export type AggregatePeriods = z.output<typeof aggregatePeriodsSchema>;

/** GET /api/aggregates/trend?period=&zone= */
export const trendQuerySchema = z.object({
  period: periodSchema,
  zone: zoneIdSchema.optional(),
});
export type TrendQuery = z.output<typeof trendQuerySchema>;

const count = z.number().int().min(0);

/** One zone's figures in one quarter; `responses` is null (and `suppressed` true) when withheld. */
export const trendPointSchema = z.object({
  period: periodSchema,
  meetings: count,
  participants: count,
  responses: count.nullable(),
  suppressed: z.boolean(),
});
export type TrendPoint = z.output<typeof trendPointSchema>;

export const trendSchema = z.object({
  period: periodSchema,
  /** The 8 quarters ending with the period (a year: with its Q4), oldest first. */
  quarters: z.array(periodSchema),
  series: z.array(
    z.object({
      zone: z.string(),
      label: z.object({ fr: z.string(), nl: z.string() }),
      colour: z.string(),
      points: z.array(trendPointSchema),
    }),
  ),
});
export type Trend = z.output<typeof trendSchema>;
