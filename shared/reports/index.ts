/** Quarterly RAR reports: start a run, follow it, download its files. Inputs arrive validated (./schema.ts). */
import { assertCanReadReports, type Caller } from '../auth.ts';
import { notFound } from '../errors.ts';
import { dispatchRun } from './dispatch.ts';
import { DOWNLOAD_LINK_SECONDS, downloadLink } from './files.ts';
import type { ReportListQuery, ReportStart } from './schema.ts';
import { createRun, latestSuccessfulRun, listRuns, newestRun, type ReportRun } from './store.ts';

export { runReportsInProcess, settleLocalRuns } from './dispatch.ts';
export type { ReportRun } from './store.ts';

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
export const requestReport = async ({ period }: ReportStart, caller: Caller): Promise<ReportRun> => {
  assertCanReadReports(caller);
  return startReportRun(period, caller.subject);
};

/** Runs, newest first, a page at a time. */
export const listReportRuns = async ({ limit, cursor }: ReportListQuery, caller: Caller) => {
  assertCanReadReports(caller);
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
  const newest = await newestRun(period);
  if (!newest) throw notFound({ fr: `Rapport pour ${period}`, nl: `Rapport voor ${period}` });
  if (newest.status === 'succeeded') return { period, latest: await withLinks(newest) };
  const good = await latestSuccessfulRun(period);
  return { period, latest: newest, ...(good ? { latestSuccessful: await withLinks(good) } : {}) };
};
