/** GET /api/aggregates?period=&zone=&theme=: the live report body of a period (runId null). */
import * as z from 'zod';
import { buildReportBody } from '../shared/aggregates/report.ts';
import { assertCanReadAggregates } from '../shared/auth.ts';
import { periodSchema } from '../shared/period.ts';
import { themeIdSchema, zoneIdSchema } from '../shared/reference/index.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { callerOf, type HttpEvent, httpHandler, json, queryParameters } from './lib/http.ts';

const querySchema = z.object({
  period: periodSchema,
  zone: zoneIdSchema.optional(),
  theme: themeIdSchema.optional(),
});

const getAggregates = async (event: HttpEvent) => {
  const caller = callerOf(event);
  const query = parseOrThrow(querySchema, queryParameters(event));
  assertCanReadAggregates(caller, query.zone);
  const body = await buildReportBody(query.period, {
    ...(query.zone ? { zone: query.zone } : {}),
    ...(query.theme ? { theme: query.theme } : {}),
  });
  return json(200, body);
};

export const handler = httpHandler(getAggregates);
