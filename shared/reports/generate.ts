/**
 * One report run: figures from the aggregates, meetings and responses from their stores, the JSON report,
 * the workbook (streamed to a temporary file), and a manifest, uploaded under reports/{period}/{runId}/.
 * Any failure marks the run failed with a short reason; the previous successful run stays the latest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { buildReportBody, SourceTally, verifyTally } from '../aggregates/index.ts';
import { meetingsInPeriod } from '../meetings/index.ts';
import { quartersOf } from '../period.ts';
import type { StoredMeeting, StoredResponse, StoredSurvey } from '../records.ts';
import { responsesInQuarter } from '../responses/index.ts';
import { clients } from '../store/clients.ts';
import { listSurveys } from '../surveys/index.ts';
import { addBarCharts } from './charts.ts';
import { writeCouncilWorkbook } from './council-workbook.ts';
import { reportPrefix, sha256Of, uploadBytes, uploadFile } from './files.ts';
import { markFailed, markRunning, markSucceeded, type ReportFile, type ReportRun } from './store.ts';
import { writeAboutSheet, writeDataRows, ZIP_OPTIONS } from './workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JSON_TYPE = 'application/json';
/**
 * How long a difference found by the check must persist before it is repaired: a record written during
 * the run may still be on its way through the stream (a repair then would count it twice). Only paid when
 * the check finds a difference, and then only the differing quarters are recomputed again.
 */
const SETTLE_MS = 3_000;

/**
 * Shards read at once by the report's pass over the responses: 2 rather than the default 4 keeps the
 * worker about 15 MB lower at 100k responses (fewer parsed pages in flight), with no time cost measurable
 * on the shared benchmark machine.
 */
const REPORT_PARALLEL_SHARDS = 2;

/** Every response of the period, survey by survey, quarter by quarter, page by page. */
async function* periodResponses(surveys: StoredSurvey[], period: string): AsyncIterable<StoredResponse[]> {
  for (const survey of surveys)
    for (const quarter of quartersOf(period))
      yield* responsesInQuarter(survey.surveyId, quarter, REPORT_PARALLEL_SHARDS);
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

/** Pages passed on unchanged, each added to the tally first: the check reads the source with the workbook. */
async function* tallied(pages: AsyncIterable<StoredResponse[]>, tally: SourceTally) {
  for await (const page of pages) {
    tally.addResponses(page);
    yield page;
  }
}

interface RunContext {
  period: string;
  runId: string;
  now: Date;
  dir: string;
}

/**
 * The data workbook, and on the way the check of the figures: its single pass over the period's meetings
 * and responses also feeds the recomputation the aggregates are compared with. Differences are repaired
 * before the report body is read, so the JSON report and the council workbook (written after) show the
 * repaired figures and never miss a record.
 */
const writeDataAndCheck = async (run: RunContext, meetings: StoredMeeting[], surveys: StoredSurvey[]) => {
  const tally = new SourceTally(run.period);
  tally.addMeetings(meetings);
  const file = path.join(run.dir, `data-${run.period}.xlsx`);
  const data = newWriter(file, run.now, false);
  const stats = await writeDataRows(data, {
    period: run.period,
    meetings,
    surveys,
    responses: tallied(periodResponses(surveys, run.period), tally),
  });
  const check = await verifyTally(tally, { repair: true, settleMs: SETTLE_MS });
  const body = await buildReportBody(run.period, { runId: run.runId, now: run.now });
  const jsonText = `${JSON.stringify(body, null, 2)}\n`;
  const jsonSha256 = sha256Of(jsonText);
  writeAboutSheet(data, { body, jsonSha256 }, stats);
  await data.commit();
  return { file, stats, check, body, jsonText, jsonSha256 };
};

type Checked = Awaited<ReturnType<typeof writeDataAndCheck>>;

const manifestOf = (run: RunContext, checked: Checked, files: ReportFile[]) => ({
  period: run.period,
  runId: run.runId,
  generatedAt: checked.body.generatedAt,
  codeVersion: clients().config.CODE_VERSION,
  schemaVersion: checked.body.schemaVersion,
  files: files.map(({ name, size, sha256, contentType, audience }) => ({
    name,
    audience,
    size,
    sha256,
    contentType,
  })),
  sourceCounts: sourceCountsOf(checked),
  hasData: checked.body.provenance.hasData,
  aggregateCheck: {
    checked: checked.check.checked,
    differencesFound: checked.check.differences.length,
    repaired: checked.check.repaired,
  },
});

const sourceCountsOf = ({ stats, body }: Checked) => ({
  meetings: stats.meetingRows,
  responses: stats.responseRows,
  aggregateItems: body.provenance.aggregateItems,
});

/**
 * Builds and uploads the files of a run (no run bookkeeping): the council workbook and the JSON report
 * (for the rar group and staff), the data workbook and the manifest (staff only). The source records are
 * read once, by the data workbook, which comes first for that reason.
 */
export const buildReportFiles = async (
  period: string,
  runId: string,
  now = new Date(),
): Promise<GeneratedReport> => {
  const prefix = reportPrefix(period, runId);
  const [meetings, surveys] = await Promise.all([meetingsInPeriod(period), listSurveys()]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-report-'));
  try {
    const run: RunContext = { period, runId, now, dir };
    const checked = await writeDataAndCheck(run, meetings, surveys);

    const councilName = `rar-${period}.xlsx`;
    const councilFile = path.join(dir, councilName);
    const council = newWriter(councilFile, now, true);
    const charts = writeCouncilWorkbook(council, {
      body: checked.body,
      meetings,
      jsonSha256: checked.jsonSha256,
    });
    await council.commit();
    await addBarCharts(councilFile, charts);

    const dataName = path.basename(checked.file);
    const files: ReportFile[] = [
      {
        name: councilName,
        audience: 'council',
        ...(await uploadFile(`${prefix}${councilName}`, councilFile, XLSX)),
      },
      {
        name: `rar-${period}.json`,
        audience: 'council',
        ...(await uploadBytes(`${prefix}rar-${period}.json`, checked.jsonText, JSON_TYPE)),
      },
      {
        name: dataName,
        audience: 'staff',
        ...(await uploadFile(`${prefix}${dataName}`, checked.file, XLSX)),
      },
    ];
    const manifest = manifestOf(run, checked, files);
    files.push({
      name: 'manifest.json',
      audience: 'staff',
      ...(await uploadBytes(`${prefix}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, JSON_TYPE)),
    });
    return { files, sourceCounts: sourceCountsOf(checked) };
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
