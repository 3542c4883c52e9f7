/**
 * `zonedata verify --period P [--repair]`: compares every aggregate item of a period with a recomputation
 * from the source records, prints the differences, and with --repair rewrites the cells that differ.
 * Uses the emulators of a stack running on the data dir, or starts them for the time of the check.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, LOCAL_BUCKET, LOCAL_TABLE, STACK_FILE, startLocalStack } from '../../local/stack.ts';
import type { VerifyResult } from '../../shared/aggregates/verify.ts';
import { loadConfig } from '../../shared/config.ts';
import { isPeriod } from '../../shared/period.ts';
import { createClients, setClients } from '../../shared/store/clients.ts';
import type { Command } from '../command.ts';

const runningStack = async (
  dataDir: string,
): Promise<{ dynamodbEndpoint: string; s3Endpoint: string } | undefined> => {
  try {
    const found = JSON.parse(await readFile(path.join(dataDir, STACK_FILE), 'utf8')) as {
      pid: number;
      dynamodbEndpoint: string;
      s3Endpoint: string;
    };
    process.kill(found.pid, 0);
    return found;
  } catch {
    return undefined;
  }
};

const verify = async (dataDir: string, period: string, repair: boolean): Promise<VerifyResult> => {
  const { verifyPeriod } = await import('../../shared/aggregates/verify.ts');
  const running = await runningStack(dataDir);
  if (running) {
    Object.assign(process.env, {
      TABLE_NAME: LOCAL_TABLE,
      REPORT_BUCKET: LOCAL_BUCKET,
      DYNAMODB_ENDPOINT: running.dynamodbEndpoint,
      S3_ENDPOINT: running.s3Endpoint,
      AWS_REGION: 'eu-west-1',
    });
    setClients(createClients(loadConfig()));
    // The running stack's poller may still be applying records: repair only differences that persist.
    return verifyPeriod(period, { repair, settleMs: 2_000 });
  }
  const stack = await startLocalStack({ dataDir, http: false, demo: false });
  try {
    await stack.drain();
    return await verifyPeriod(period, { repair });
  } finally {
    await stack.stop();
  }
};

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'compare a period’s aggregates with a recomputation from source (--repair to fix them)',
  usage: [
    'Usage: zonedata verify --period PERIOD [--repair] [--data-dir DIR]',
    '',
    '  --period   a quarter (2025-Q3) or a year (2025)',
    '  --repair   rewrite every aggregate cell that differs from the recomputation',
    '  --data-dir the local stack data dir (default $ZONEDATA_DATA_DIR or .data/)',
    '',
    'Exit code: 0 when the figures equal the source (or were repaired), 2 when differences remain.',
  ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: { period: { type: 'string' }, repair: { type: 'boolean' }, 'data-dir': { type: 'string' } },
    });
    const period = values.period ?? '';
    if (!isPeriod(period)) {
      console.error(
        'Période invalide : utilisez AAAA-Tn (2025-Q3) ou AAAA. · Ongeldige periode: gebruik JJJJ-Qn (2025-Q3) of JJJJ.',
      );
      return 1;
    }
    const repair = values.repair ?? false;
    const result = await verify(values['data-dir'] ?? defaultDataDir(), period, repair);
    for (const d of result.differences)
      console.log(`${d.cell}: stored ${JSON.stringify(d.stored)} · expected ${JSON.stringify(d.expected)}`);
    console.log(
      `${period}: ${result.checked} cells checked, ${result.differences.length} differences, ${result.repaired} repaired`,
    );
    return result.differences.length > result.repaired ? 2 : 0;
  },
};
