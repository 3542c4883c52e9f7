/**
 * One report run: figures from the aggregates, meetings and responses from their stores, the JSON report,
 * the workbook (streamed to a temporary file), and a manifest, uploaded under reports/{period}/{runId}/.
 * Any failure marks the run failed with a short reason; the previous successful run stays the latest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { buildReportBody, verifyPeriod } from '../aggregates/index.ts';
import { meetingsInPeriod } from '../meetings/index.ts';
import { quartersOf } from '../period.ts';
import type { StoredResponse, StoredSurvey } from '../records.ts';
import { responsesInQuarter } from '../responses/index.ts';
import { clients } from '../store/clients.ts';
import { listSurveys } from '../surveys/index.ts';
import { addBarCharts } from './charts.ts';
import { writeCouncilWorkbook } from './council-workbook.ts';
import { reportPrefix, sha256Of, uploadBytes, uploadFile } from './files.ts';
import { markFailed, markRunning, markSucceeded, type ReportFile, type ReportRun } from './store.ts';
import { writeDataWorkbook, ZIP_OPTIONS } from './workbook.ts';

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

/**
 * Shared strings for the small council workbook: its labels keep their line breaks in every program
 * (exceljs writes other strings as t="str", whose line breaks LibreOffice drops). The data workbook
 * does without, for speed and memory on 100k rows.
 */
const newWriter = (filename: string, now: Date, useSharedStrings: boolean) => {
  const book = new WorkbookWriter({ filename, useStyles: true, useSharedStrings, zip: ZIP_OPTIONS });
  book.creator = 'zonedata';
  book.created = now;
  return book;
};

/**
 * Builds and uploads the files of a run (no run bookkeeping): the council workbook and the JSON report
 * (for the rar group and staff), the data workbook and the manifest (staff only).
 */
export const buildReportFiles = async (
  period: string,
  runId: string,
  now = new Date(),
): Promise<GeneratedReport> => {
  const prefix = reportPrefix(period, runId);
  // The figures are checked against the source first (and repaired), so a report never misses a record.
  const check = await verifyPeriod(period, { repair: true, settleMs: 3_000 });
  const [body, meetings, surveys] = await Promise.all([
    buildReportBody(period, { runId, now }),
    meetingsInPeriod(period),
    listSurveys(),
  ]);
  const jsonText = `${JSON.stringify(body, null, 2)}\n`;
  const jsonSha256 = sha256Of(jsonText);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-report-'));
  try {
    const councilName = `rar-${period}.xlsx`;
    const councilFile = path.join(dir, councilName);
    const council = newWriter(councilFile, now, true);
    const charts = writeCouncilWorkbook(council, { body, meetings, jsonSha256 });
    await council.commit();
    await addBarCharts(councilFile, charts);

    const dataName = `data-${period}.xlsx`;
    const dataFile = path.join(dir, dataName);
    const data = newWriter(dataFile, now, false);
    const stats = await writeDataWorkbook(data, {
      body,
      meetings,
      surveys,
      responses: periodResponses(surveys, period),
      jsonSha256,
    });
    await data.commit();

    const files: ReportFile[] = [
      {
        name: councilName,
        audience: 'council',
        ...(await uploadFile(`${prefix}${councilName}`, councilFile, XLSX)),
      },
      {
        name: `rar-${period}.json`,
        audience: 'council',
        ...(await uploadBytes(`${prefix}rar-${period}.json`, jsonText, JSON_TYPE)),
      },
      { name: dataName, audience: 'staff', ...(await uploadFile(`${prefix}${dataName}`, dataFile, XLSX)) },
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
      files: files.map(({ name, size, sha256, contentType, audience }) => ({
        name,
        audience,
        size,
        sha256,
        contentType,
      })),
      sourceCounts,
      hasData: body.provenance.hasData,
      aggregateCheck: {
        checked: check.checked,
        differencesFound: check.differences.length,
        repaired: check.repaired,
      },
    };
    files.push({
      name: 'manifest.json',
      audience: 'staff',
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
