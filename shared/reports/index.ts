/** Quarterly RAR reports: start a run, follow it, download its files. */
import * as z from 'zod';
import { assertCanReadReports, type Caller, isStaff } from '../auth.ts';
import { notFound } from '../errors.ts';
import { periodSchema } from '../period.ts';
import { parseOrThrow } from '../validation.ts';
import { dispatchRun } from './dispatch.ts';
import { DOWNLOAD_LINK_SECONDS, downloadLink } from './files.ts';
import { audienceOf, createRun, latestSuccessfulRun, listRuns, newestRun, type ReportRun } from './runs.ts';

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
  const page = await listRuns(limit, cursor);
  return { ...page, runs: page.runs.map((run) => ({ ...run, ...filesFor(run, caller) })) };
};

/** The files of a run the caller may have: staff all, rar the council's. */
const filesFor = (run: ReportRun, caller: Caller) =>
  run.files ? { files: run.files.filter((f) => isStaff(caller) || audienceOf(f) === 'council') } : {};

/** The run with download links for the files the caller may have. */
const withLinks = async (run: ReportRun, caller: Caller) => {
  const files = filesFor(run, caller).files ?? [];
  return {
    ...run,
    files,
    downloads: await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        size: f.size,
        sha256: f.sha256,
        audience: audienceOf(f),
        url: await downloadLink(f),
      })),
    ),
    linksExpireInSeconds: DOWNLOAD_LINK_SECONDS,
  };
};

/**
 * The newest run of a period; with download links when it succeeded, or else the latest successful
 * run's links next to it (a failed or running run never hides the last good report).
 */
export const reportStatus = async (period: string, caller: Caller) => {
  assertCanReadReports(caller);
  parseOrThrow(periodSchema, period);
  const newest = await newestRun(period);
  if (!newest) throw notFound({ fr: `Rapport pour ${period}`, nl: `Rapport voor ${period}` });
  if (newest.status === 'succeeded') return { period, latest: await withLinks(newest, caller) };
  const good = await latestSuccessfulRun(period);
  return { period, latest: newest, ...(good ? { latestSuccessful: await withLinks(good, caller) } : {}) };
};
