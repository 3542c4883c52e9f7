/**
 * Child process: the period's workbook written by the report's streaming writer into `outFile`, timed
 * on its own (the data is read first, not timed). The file is kept for the floor child to read back.
 */
import ExcelJS from 'exceljs';
import { buildReportBody } from '../shared/aggregates/index.ts';
import { meetingsInPeriod } from '../shared/meetings/index.ts';
import { quartersOf } from '../shared/period.ts';
import type { StoredResponse } from '../shared/records.ts';
import { writeWorkbookContent, ZIP_OPTIONS } from '../shared/reports/workbook.ts';
import { responsesInQuarter } from '../shared/responses/index.ts';
import { listSurveys } from '../shared/surveys/index.ts';

const [period = '2025', outFile = 'book.xlsx'] = process.argv.slice(2);

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

const started = performance.now();
const book = new ExcelJS.stream.xlsx.WorkbookWriter({
  filename: outFile,
  useStyles: true,
  useSharedStrings: false,
  zip: ZIP_OPTIONS,
});
await writeWorkbookContent(book, { body, meetings, surveys, responses: replay(), jsonSha256: 'bench' });
await book.commit();
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, files: [outFile], maxRssMb: process.resourceUsage().maxRSS / 1024 }));
