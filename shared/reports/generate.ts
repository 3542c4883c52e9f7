/**
 * One report run: figures from the aggregates, meetings and responses from their stores, the JSON report,
 * the workbook (streamed to a temporary file), and a manifest, uploaded under reports/{period}/{runId}/.
 * Any failure marks the run failed with a short reason; the previous successful run stays the latest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { buildReportBody } from '../aggregates/index.ts';
import { meetingsInPeriod } from '../meetings/index.ts';
import { quartersOf } from '../period.ts';
import type { StoredResponse, StoredSurvey } from '../records.ts';
import { responsesInQuarter } from '../responses/index.ts';
import { clients } from '../store/clients.ts';
import { listSurveys } from '../surveys/index.ts';
import { reportPrefix, sha256Of, uploadBytes, uploadFile } from './files.ts';
import { markFailed, markRunning, markSucceeded, type ReportFile, type ReportRun } from './store.ts';
import { writeWorkbookContent, ZIP_OPTIONS } from './workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JSON_TYPE = 'application/json';

/** Every response of the period, survey by survey, quarter by quarter, page by page. */
async function* periodResponses(surveys: StoredSurvey[], period: string): AsyncIterable<StoredResponse[]> {
  for (const survey of surveys)
    for (const quarter of quartersOf(period)) yield* responsesInQuarter(survey.surveyId, quarter);
}

/** A failure summary fit for the run record: the error's name and message, no stack. */
const reasonOf = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error';

export interface GeneratedReport {
  files: ReportFile[];
  sourceCounts: { meetings: number; responses: number; aggregateItems: number };
}

/** Builds and uploads the three files of a run (no run bookkeeping). */
export const buildReportFiles = async (
  period: string,
  runId: string,
  now = new Date(),
): Promise<GeneratedReport> => {
  const prefix = reportPrefix(period, runId);
  const [body, meetings, surveys] = await Promise.all([
    buildReportBody(period, { runId, now }),
    meetingsInPeriod(period),
    listSurveys(),
  ]);
  const jsonText = `${JSON.stringify(body, null, 2)}\n`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-report-'));
  try {
    const xlsxFile = path.join(dir, `rar-${period}.xlsx`);
    const book = new WorkbookWriter({
      filename: xlsxFile,
      useStyles: true,
      useSharedStrings: false,
      zip: ZIP_OPTIONS,
    });
    book.creator = 'zonedata';
    book.created = now;
    const stats = await writeWorkbookContent(book, {
      body,
      meetings,
      surveys,
      responses: periodResponses(surveys, period),
      jsonSha256: sha256Of(jsonText),
    });
    await book.commit();

    const files: ReportFile[] = [
      { name: `rar-${period}.xlsx`, ...(await uploadFile(`${prefix}rar-${period}.xlsx`, xlsxFile, XLSX)) },
      {
        name: `rar-${period}.json`,
        ...(await uploadBytes(`${prefix}rar-${period}.json`, jsonText, JSON_TYPE)),
      },
    ];
    const sourceCounts = {
      meetings: stats.meetingRows,
      responses: stats.responseRows,
      aggregateItems: body.provenance.aggregateItems,
    };
    const manifest = {
      period,
      runId,
      generatedAt: body.generatedAt,
      codeVersion: clients().config.CODE_VERSION,
      schemaVersion: body.schemaVersion,
      files: files.map(({ name, size, sha256, contentType }) => ({ name, size, sha256, contentType })),
      sourceCounts,
      hasData: body.provenance.hasData,
    };
    files.push({
      name: 'manifest.json',
      ...(await uploadBytes(`${prefix}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, JSON_TYPE)),
    });
    return { files, sourceCounts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** Runs a queued run to its end; returns the final status. A duplicate invocation does nothing. */
export const executeRun = async (
  run: Pick<ReportRun, 'period' | 'runId'>,
): Promise<'succeeded' | 'failed' | 'skipped'> => {
  if (!(await markRunning(run.period, run.runId))) return 'skipped';
  try {
    const result = await buildReportFiles(run.period, run.runId);
    await markSucceeded(run, result);
    return 'succeeded';
  } catch (error) {
    await markFailed(run.period, run.runId, reasonOf(error));
    return 'failed';
  }
};
