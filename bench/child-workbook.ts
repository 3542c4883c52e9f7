/**
 * Child process: the same (data) workbook written by exceljs's streaming writer or by its in-memory Workbook
 * (the baseline). The data is read first (not timed), so only the writing is compared; both use the same
 * deflate level.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildReportBody } from '../shared/aggregates/index.ts';
import { meetingsInPeriod } from '../shared/meetings/index.ts';
import { quartersOf } from '../shared/period.ts';
import type { StoredResponse } from '../shared/records.ts';
import { JSZIP_OPTIONS, writeDataWorkbook, ZIP_OPTIONS } from '../shared/reports/workbook.ts';
import { responsesInQuarter } from '../shared/responses/index.ts';
import { listSurveys } from '../shared/surveys/index.ts';

const mode = process.argv[2] === 'memory' ? 'memory' : 'stream';
const period = process.argv[3] ?? '2025';

const [body, meetings, surveys] = await Promise.all([
  buildReportBody(period),
  meetingsInPeriod(period),
  listSurveys(),
]);
const pages: StoredResponse[][] = [];
for (const s of surveys)
  for (const q of quartersOf(period))
    for await (const page of responsesInQuarter(s.surveyId, q)) pages.push(page);
async function* replay() {
  yield* pages;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-bench-'));
const file = path.join(dir, 'book.xlsx');
const input = { body, meetings, surveys, responses: replay(), jsonSha256: 'bench' };
const started = performance.now();
if (mode === 'stream') {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
    zip: ZIP_OPTIONS,
  });
  await writeDataWorkbook(book, input);
  await book.commit();
} else {
  const book = new ExcelJS.Workbook();
  await writeDataWorkbook(book, input);
  await book.xlsx.writeFile(file, { zip: JSZIP_OPTIONS });
}
const seconds = (performance.now() - started) / 1000;
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({ mode, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
