/**
 * Child process: the period's two workbooks (the council workbook with its charts, and the data workbook
 * with every meeting and response) written by the report's own code into `outDir`, timed on their own
 * (the data is read first, not timed). The files are kept for the floor child to read back.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildReportBody } from '../shared/aggregates/index.ts';
import { meetingsInPeriod } from '../shared/meetings/index.ts';
import { quartersOf } from '../shared/period.ts';
import type { StoredResponse } from '../shared/records.ts';
import { addBarCharts } from '../shared/reports/charts.ts';
import { writeCouncilWorkbook } from '../shared/reports/council-workbook.ts';
import { writeDataWorkbook, ZIP_OPTIONS } from '../shared/reports/workbook.ts';
import { responsesInQuarter } from '../shared/responses/index.ts';
import { listSurveys } from '../shared/surveys/index.ts';

const [period = '2025', outDir = '.'] = process.argv.slice(2);

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
const writer = (filename: string) =>
  new ExcelJS.stream.xlsx.WorkbookWriter({
    filename,
    useStyles: true,
    useSharedStrings: false,
    zip: ZIP_OPTIONS,
  });

const councilFile = path.join(outDir, `rar-${period}.xlsx`);
const dataFile = path.join(outDir, `data-${period}.xlsx`);
const started = performance.now();
const council = writer(councilFile);
const charts = writeCouncilWorkbook(council, { body, meetings, jsonSha256: 'bench' });
await council.commit();
await addBarCharts(councilFile, charts);
const data = writer(dataFile);
await writeDataWorkbook(data, { body, meetings, surveys, responses: replay(), jsonSha256: 'bench' });
await data.commit();
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    seconds,
    files: [councilFile, dataFile],
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
