/**
 * The benchmark as committed must run: a tiny-size run (a few hundred rows) of `npm run bench`, in a child
 * process like the real one, must print every figure of its table with a number.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run bench (tiny size)', () => {
  it('loads data, measures every figure and prints its table', { timeout: 180_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench/report.bench.ts')],
      {
        cwd: root,
        env: { ...process.env, BENCH_RESPONSES: '300', BENCH_MEETINGS: '20', LOG_LEVEL: 'ERROR' },
        timeout: 170_000,
        maxBuffer: 4 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('Data: 300 responses, 20 meetings');
    for (const figure of [
      'report end to end (s)',
      'report peak RSS (MB)',
      'workbook writer (s)',
      'floor: same',
      'workbook writer / floor (×)',
      'GET /api/aggregates p95',
      'dashboard data 2025 p95',
      'dashboard data 2025-Q3 p95',
      'GET /api/aggregates/periods p95',
    ]) {
      const line = stdout.split('\n').find((l) => l.startsWith(figure));
      expect(line, figure).toBeDefined();
      const measured = Number(line?.slice(52).trim().split(/\s+/)[0]);
      expect(measured, figure).toBeGreaterThan(0);
    }
  });
});
