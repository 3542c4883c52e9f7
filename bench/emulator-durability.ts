/**
 * `npx tsx bench/emulator-durability.ts [-- --signal SIGKILL --trials 3 --workers 20]`: does DynamoDB Local
 * keep the transactions it acknowledged when it is killed? Workers send the submit route's two-item
 * TransactWriteItems (guard + response) for 3 to 5 s, the emulator gets the signal, comes back on the
 * same data dir, and every acknowledged transaction is looked up: lost (both items absent) or half-stored
 * (one of the two). Loopback only, bounded in trials and time. Results in bench/results.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { freePort, startDynamoDbLocal } from '../local/emulators.ts';
import { type Clients, createClients } from '../shared/store/clients.ts';
import { ensureTable } from '../shared/store/table.ts';

const { values } = parseArgs({
  options: {
    signal: { type: 'string', default: 'SIGKILL' },
    trials: { type: 'string', default: '3' },
    workers: { type: 'string', default: '20' },
  },
});
const SIGNAL = values.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
const TRIALS = Math.min(20, Math.max(1, Number(values.trials)));
const WORKERS = Math.min(200, Math.max(1, Number(values.workers)));
const TABLE = 'durability';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const transaction = (id: string) =>
  new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: TABLE,
          Item: { PK: `G#${id}`, SK: 'G', entity: 'submission' },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: { TableName: TABLE, Item: { PK: `R#${id}`, SK: 'R', entity: 'response', pad: 'x'.repeat(800) } },
      },
    ],
  });

/** Sends transactions until `stop()`; returns id → when it was acknowledged. */
const writeUntil = async (c: Clients, stop: () => boolean): Promise<Map<string, number>> => {
  const acked = new Map<string, number>();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (!stop()) {
        const id = randomUUID();
        try {
          await c.doc.send(transaction(id));
          acked.set(id, Date.now());
        } catch {
          await sleep(50);
        }
      }
    }),
  );
  return acked;
};

const exists = async (c: Clients, PK: string, SK: string) =>
  Boolean(
    (await c.doc.send(new GetCommand({ TableName: TABLE, Key: { PK, SK }, ConsistentRead: true }))).Item,
  );

const trial = async (n: number) => {
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'zonedata-durability-'));
  const port = await freePort();
  let emulator = await startDynamoDbLocal({ port, dbPath });
  const c = createClients({
    TABLE_NAME: TABLE,
    REPORT_BUCKET: 'unused',
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: emulator.endpoint,
    RETENTION_DAYS: 3650,
    CODE_VERSION: 'dev',
    STAGE: 'local',
    ALLOWED_ORIGINS: [],
  } as never);
  try {
    await ensureTable(c.ddb, TABLE);
    let stopped = false;
    const writing = writeUntil(c, () => stopped);
    await sleep(3_000 + Math.random() * 2_000);
    process.kill(emulator.pid ?? 0, SIGNAL);
    const killedAt = Date.now();
    await emulator.exited;
    stopped = true;
    const acked = await writing;
    emulator = await startDynamoDbLocal({ port, dbPath });
    const lost: string[] = [];
    let half = 0;
    for (const [id, at] of acked) {
      const [guard, response] = [await exists(c, `G#${id}`, 'G'), await exists(c, `R#${id}`, 'R')];
      if (!guard && !response) lost.push(`${id} (acknowledged ${killedAt - at} ms before the ${SIGNAL})`);
      else if (guard !== response) half++;
    }
    console.log(`trial ${n + 1}: ${acked.size} acknowledged, ${lost.length} lost, ${half} half-stored`);
    for (const line of lost) console.log(`  lost ${line}`);
  } finally {
    c.ddb.destroy();
    await emulator.stop();
    rmSync(dbPath, { recursive: true, force: true });
  }
};

console.log(
  `DynamoDB Local, ${WORKERS} workers, ${SIGNAL}, ${new Date().toISOString()}, load ${os.loadavg()[0]?.toFixed(1)}`,
);
for (let n = 0; n < TRIALS; n++) await trial(n);
