/** Quarterly RAR reports: start a run, follow it, download its files. */
import * as z from 'zod';
import { assertCanReadReports, type Caller } from '../auth.ts';
import { notFound } from '../errors.ts';
import { periodSchema } from '../period.ts';
import { parseOrThrow } from '../validation.ts';
import { dispatchRun } from './dispatch.ts';
import { DOWNLOAD_LINK_SECONDS, downloadLink } from './files.ts';
import { createRun, latestSuccessfulRun, listRuns, newestRun, type ReportRun } from './runs.ts';

export { runReportsInProcess, settleLocalRuns } from './dispatch.ts';
export type { ReportRun } from './runs.ts';

const startSchema = z.object({ period: periodSchema }).strict();

/** Creates a queued run and hands it to the worker. */
export const startReportRun = async (
  period: string,
  requestedBy: string,
  now = new Date(),
): Promise<ReportRun> => {
  const run = await createRun(period, requestedBy, now);
  await dispatchRun(run);
  return run;
};

/** POST /api/reports { period } by staff or rar. */
export const requestReport = async (body: unknown, caller: Caller): Promise<ReportRun> => {
  assertCanReadReports(caller);
  const { period } = parseOrThrow(startSchema, body);
  return startReportRun(period, caller.subject);
};

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});

export const listReportRuns = async (query: Record<string, string>, caller: Caller) => {
  assertCanReadReports(caller);
  const { limit, cursor } = parseOrThrow(listSchema, query);
  return listRuns(limit, cursor);
};

const withLinks = async (run: ReportRun) => ({
  ...run,
  downloads: await Promise.all(
    (run.files ?? []).map(async (f) => ({
      name: f.name,
      size: f.size,
      sha256: f.sha256,
      url: await downloadLink(f),
    })),
  ),
  linksExpireInSeconds: DOWNLOAD_LINK_SECONDS,
});

/**
 * The newest run of a period; with download links when it succeeded, or else the latest successful
 * run's links next to it (a failed or running run never hides the last good report).
 */
export const reportStatus = async (period: string, caller: Caller) => {
  assertCanReadReports(caller);
  parseOrThrow(periodSchema, period);
  const newest = await newestRun(period);
  if (!newest) throw notFound({ fr: `Rapport pour ${period}`, nl: `Rapport voor ${period}` });
  if (newest.status === 'succeeded') return { period, latest: await withLinks(newest) };
  const good = await latestSuccessfulRun(period);
  return { period, latest: newest, ...(good ? { latestSuccessful: await withLinks(good) } : {}) };
};
