/** The live figures of a period (GET /api/aggregates): the report body as it stands, runId null. */
import { assertCanReadAggregates, type Caller } from '../auth.ts';
import type { ReportBody } from '../report-body/schema.ts';
import { buildReportBody } from './report.ts';
import type { AggregatesQuery } from './schema.ts';

/** Staff and rar see any zone or the region; a coordinator only one of their own zones. */
export const liveReportBody = async (
  { period, zone, theme }: AggregatesQuery,
  caller: Caller,
): Promise<ReportBody> => {
  assertCanReadAggregates(caller, zone);
  return buildReportBody(period, {
    ...(zone ? { zone } : {}),
    ...(theme ? { theme } : {}),
  });
};
