/** Child process: one report end to end (query, aggregate, xlsx, json, upload); prints time and peak RSS. */
import { buildReportFiles } from '../shared/reports/generate.ts';

const period = process.argv[2] ?? '2025';
const started = performance.now();
const result = await buildReportFiles(period, `bench-${Date.now()}`);
const seconds = (performance.now() - started) / 1000;
const xlsx = result.files.find((f) => f.name.startsWith('data-'));
console.log(
  JSON.stringify({
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    responses: result.sourceCounts.responses,
    meetings: result.sourceCounts.meetings,
    xlsxMb: (xlsx?.size ?? 0) / 1024 / 1024,
  }),
);
