/**
 * `npm run bench`: a year with 100,000 survey responses and 2,000 meetings on the local emulators, then
 *  1. the report end to end (query, aggregate, xlsx, json, upload) in a child process running the bundled
 *     code: wall time, peak RSS;
 *  2. the workbook writer on its own, against the floor measured in the same run: the same cells written
 *     as bare sheet XML and deflated into a zip with no library in between (bench/floor.ts);
 *  3. GET /api/aggregates latency (p50/p95) over 200 calls of the handler;
 *  4. the dashboard's data for the year and for a quarter (bench/dashboard.ts): p50/p95 per round of the
 *     page's parallel calls (report body + trend), and the period list.
 * Sizes: BENCH_RESPONSES, BENCH_MEETINGS. Targets are judged at full size only (a small run, as in
 * `npm test`, proves the benchmark still runs). Every loop is bounded; children are killed after 10 min.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { ensureBucket } from '../local/bucket.ts';
import { startDynamoDbLocal, startS3rver } from '../local/emulators.ts';
import { httpEvent, lambdaContext } from '../local/http-event.ts';
import { loadConfig } from '../shared/config.ts';
import { createClients, setClients } from '../shared/store/clients.ts';
import { ensureTable } from '../shared/store/table.ts';
import { type DashboardHandlers, timeDashboardData, timePeriods } from './dashboard.ts';
import { loadBenchData } from './setup.ts';

const FULL_RESPONSES = 100_000;
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? FULL_RESPONSES);
const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 2_000);
const JUDGED = RESPONSES >= FULL_RESPONSES;
const PERIOD = '2025';
const QUARTER = '2025-Q3';
/** Rounds per dashboard figure: enough for a p95 at full size, few in a small run. */
const DASHBOARD_ROUNDS = JUDGED ? 100 : 20;
const run = promisify(execFile);
const here = import.meta.dirname;
const buildDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-bench-build-'));

/**
 * Children run bundled code, as Lambda does (esbuild, minified ESM), so their time and peak RSS are the
 * report's own, without a TypeScript loader in the process.
 */
const child = async (script: string, args: string[]) => {
  const outfile = path.join(buildDir, script.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(here, script)],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  });
  const { stdout } = await run(process.execPath, [outfile, ...args], {
    env: process.env,
    timeout: 10 * 60_000,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number> & {
    files?: string[];
  };
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

type ChildResult = Awaited<ReturnType<typeof child>>;
type Handler = typeof import('../functions/aggregates-get.ts')['handler'];
/** One line of the result table: figure, measured value, target ('' when none), whether it is met. */
type Row = [string, string, string, boolean];

const useEmulators = (dynamodbEndpoint: string, s3Endpoint: string) => {
  Object.assign(process.env, {
    TABLE_NAME: 'zonedata-bench',
    REPORT_BUCKET: 'zonedata-bench',
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    S3_ENDPOINT: s3Endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
};

/** GET /api/aggregates latencies (ms, sorted) after 10 warm-up calls; at most 200 calls or 2 min. */
const timeAggregates = async (aggregates: Handler): Promise<number[]> => {
  const event = (period: string) =>
    httpEvent({
      method: 'GET',
      path: '/api/aggregates',
      query: { period },
      claims: { sub: 'bench', 'cognito:groups': ['rar'] },
    });
  for (let i = 0; i < 10; i++) await aggregates(event(PERIOD), lambdaContext());
  const timings: number[] = [];
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < 200 && Date.now() < deadline; i++) {
    const t = performance.now();
    const res = await aggregates(event(i % 2 ? PERIOD : '2025-Q3'), lambdaContext());
    timings.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`aggregates answered ${res.statusCode}`);
  }
  return timings.sort((a, b) => a - b);
};

const resultRows = (
  report: ChildResult,
  writer: ChildResult,
  floor: ChildResult,
  timings: number[],
): Row[] => {
  const p50 = percentile(timings, 0.5);
  const p95 = percentile(timings, 0.95);
  const ratio = (writer.seconds ?? 0) / (floor.seconds || 1);
  return [
    ['report end to end (s)', (report.seconds ?? 0).toFixed(2), '< 15', (report.seconds ?? 99) < 15],
    ['report peak RSS (MB)', (report.maxRssMb ?? 0).toFixed(0), '< 300', (report.maxRssMb ?? 999) < 300],
    ['workbook writer (s)', (writer.seconds ?? 0).toFixed(2), '', true],
    [`floor: same ${floor.cells ?? 0} cells, bare XML + zlib (s)`, (floor.seconds ?? 0).toFixed(2), '', true],
    ['workbook writer / floor (×)', ratio.toFixed(2), '≤ 2.5', ratio <= 2.5],
    ['workbook writer peak RSS (MB)', (writer.maxRssMb ?? 0).toFixed(0), '', true],
    [`GET /api/aggregates p50 (ms, n=${timings.length})`, p50.toFixed(1), '', true],
    [`GET /api/aggregates p95 (ms, n=${timings.length})`, p95.toFixed(1), '< 50', p95 < 50],
  ];
};

/**
 * The dashboard's rows: its data (report body + trend) for the year and for a quarter (target p95 ≤ 300
 * ms), the year's with the previous year's body too, and the period list.
 */
const dashboardRows = async (handlers: DashboardHandlers): Promise<Row[]> => {
  const rows: Row[] = [];
  const percentiles = (name: string, timings: number[], target?: number): Row[] => {
    const p95 = percentile(timings, 0.95);
    return [
      [`${name} p50 (ms, n=${timings.length})`, percentile(timings, 0.5).toFixed(1), '', true],
      [
        `${name} p95 (ms, n=${timings.length})`,
        p95.toFixed(1),
        target ? `≤ ${target}` : '',
        !target || p95 <= target,
      ],
    ];
  };
  for (const period of [PERIOD, QUARTER])
    rows.push(
      ...percentiles(
        `dashboard data ${period}`,
        await timeDashboardData(handlers, period, DASHBOARD_ROUNDS),
        300,
      ),
    );
  const withPrevious = await timeDashboardData(handlers, PERIOD, DASHBOARD_ROUNDS, true);
  rows.push(...percentiles(`dashboard data ${PERIOD} + previous body`, withPrevious));
  rows.push(...percentiles('GET /api/aggregates/periods', await timePeriods(handlers, DASHBOARD_ROUNDS)));
  return rows;
};

const verdict = (target: string, ok: boolean) => (!target ? '' : !JUDGED ? 'n/a' : ok ? 'pass' : 'FAIL');

const printResults = (report: ChildResult, rows: Row[]) => {
  console.log(
    `\nData: ${report.responses} responses, ${report.meetings} meetings; xlsx ${(report.xlsxMb ?? 0).toFixed(1)} MB\n`,
  );
  console.log(`${'figure'.padEnd(52)} ${'measured'.padStart(10)} ${'target'.padStart(8)}  result`);
  for (const [name, value, target, ok] of rows)
    console.log(`${name.padEnd(52)} ${value.padStart(10)} ${target.padStart(8)}  ${verdict(target, ok)}`);
  if (!JUDGED) console.log(`\nTargets are judged at ${FULL_RESPONSES} responses (this run: ${RESPONSES}).`);
};

const main = async () => {
  process.env.LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-bench-s3-'));
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3rver({ directory: s3Dir })]);
  try {
    useEmulators(dynamodb.endpoint, s3.endpoint);
    // Imported only now: the handler validates its configuration when its module loads (cold start).
    const { handler: aggregates } = await import('../functions/aggregates-get.ts');
    const { handler: trend } = await import('../functions/aggregates-trend.ts');
    const { handler: periods } = await import('../functions/aggregates-periods.ts');
    const c = createClients(loadConfig());
    setClients(c);
    await ensureTable(c.ddb, c.config.TABLE_NAME);
    await ensureBucket(c.s3, c.config.REPORT_BUCKET);

    console.log(`Loading ${RESPONSES} responses and ${MEETINGS} meetings for ${PERIOD}…`);
    const loadStart = performance.now();
    await loadBenchData(RESPONSES, MEETINGS);
    console.log(
      `Loaded and aggregated in ${((performance.now() - loadStart) / 1000).toFixed(1)} s (not a target).`,
    );

    const report = await child('child-report.ts', [PERIOD]);
    const writer = await child('child-workbook.ts', [PERIOD, buildDir]);
    const floor = await child('child-floor.ts', writer.files ?? []);
    const timings = await timeAggregates(aggregates);

    const rows = [
      ...resultRows(report, writer, floor, timings),
      ...(await dashboardRows({ aggregates, trend, periods })),
    ];
    printResults(report, rows);
    process.exitCode = !JUDGED || rows.every(([, , , ok]) => ok) ? 0 : 1;
  } finally {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
};

await main();
