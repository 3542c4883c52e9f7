import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller.ts';
import { clients } from '../../shared/store/clients.ts';

const put = (n: number) =>
  clients().doc.send(
    new PutCommand({
      TableName: clients().config.TABLE_NAME,
      Item: { PK: `POLL#${n}`, SK: 'X', entity: 'test', n },
    }),
  );
const numberOf = (r: DynamoDBRecord) => Number(r.dynamodb?.NewImage?.n?.N);

const dir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-poller-'));
let running: StreamPoller | undefined;
const start = async (
  handler: (e: DynamoDBStreamEvent) => Promise<unknown>,
  extra: { checkpointFile?: string; repair?: (records: DynamoDBRecord[]) => Promise<boolean> } = {},
) => {
  running = await startStreamPoller({
    ddbEndpoint: clients().config.DYNAMODB_ENDPOINT ?? '',
    tableName: clients().config.TABLE_NAME,
    handler: async (e) => (await handler(e)) as undefined,
    intervalMs: 50,
    deadLetterFile: path.join(dir, 'dead.jsonl'),
    maxAttempts: 3,
    ...extra,
  });
  return running;
};

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('local stream poller', () => {
  it('delivers records in order as Lambda-shaped events, and resumes after a restart from its checkpoint', async () => {
    const checkpointFile = path.join(dir, 'checkpoint.json');
    const seen: number[] = [];
    let poller = await start(
      async (e) => {
        for (const r of e.Records) {
          expect(r.eventSource).toBe('aws:dynamodb');
          expect(typeof r.dynamodb?.ApproximateCreationDateTime).toBe('number');
          seen.push(numberOf(r));
        }
      },
      { checkpointFile },
    );
    for (let n = 1; n <= 5; n++) await put(n);
    await poller.drain();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await poller.stop();

    for (let n = 6; n <= 7; n++) await put(n);
    const afterRestart: number[] = [];
    poller = await start(
      async (e) => {
        afterRestart.push(...e.Records.map(numberOf));
      },
      { checkpointFile },
    );
    await poller.drain();
    expect(afterRestart).toEqual([6, 7]);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toBeTypeOf('object');
  });

  it('hands over again, after a rewind, exactly the records handed over since then', async () => {
    const checkpointFile = path.join(dir, 'checkpoint-rewind.json');
    const skip = await start(async () => undefined, { checkpointFile });
    await skip.drain();
    await skip.stop();

    const seen: number[] = [];
    const poller = await start(
      async (e) => {
        seen.push(...e.Records.map(numberOf));
      },
      { checkpointFile },
    );
    for (const n of [201, 202]) await put(n);
    await poller.drain();
    await new Promise((r) => setTimeout(r, 20));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    for (const n of [203, 204]) await put(n);
    await poller.drain();
    expect(seen).toEqual([201, 202, 203, 204]);

    poller.rewind(between);
    await poller.drain();
    expect(seen).toEqual([201, 202, 203, 204, 203, 204]);
  });

  it('retries from the first failed record, then sets only that record aside and has it repaired once idle', async () => {
    const checkpointFile = path.join(dir, 'checkpoint-2.json');
    // Start after what earlier tests wrote.
    const skip = await start(async () => undefined, { checkpointFile });
    await skip.drain();
    await skip.stop();

    const calls: number[][] = [];
    const repaired: number[][] = [];
    let repairsRefused = 1;
    let failuresLeft = 1;
    await start(
      async (e) => {
        const ns = e.Records.map(numberOf);
        calls.push(ns);
        const bad = e.Records.find((r) => numberOf(r) === 102 && failuresLeft-- > 0);
        const poison = e.Records.find((r) => numberOf(r) === 104);
        const failed = bad ?? poison;
        return {
          batchItemFailures: failed ? [{ itemIdentifier: failed.dynamodb?.SequenceNumber ?? '' }] : [],
        };
      },
      {
        checkpointFile,
        // The first repair reports "not settled yet": it is tried again on a later idle round.
        repair: async (records) => {
          repaired.push(records.map(numberOf));
          return repairsRefused-- <= 0;
        },
      },
    );
    for (const n of [101, 102, 103]) await put(n);
    await running?.drain();
    // 102 failed once: the retry starts at 102, never re-sends 101.
    const flat = calls.flat();
    expect(flat.filter((n) => n === 101)).toHaveLength(1);
    expect(flat.filter((n) => n === 102)).toHaveLength(2);
    await put(104);
    await put(105);
    await running?.drain();
    expect(calls.flat().filter((n) => n === 104)).toHaveLength(3);
    // Only the failing record is set aside; the one after it is applied.
    expect(calls.flat().filter((n) => n === 105).length).toBeGreaterThan(0);
    expect(calls.at(-1)).toEqual([105]);
    expect(repaired).toEqual([[104], [104]]);
    const dead = readFileSync(path.join(dir, 'dead.jsonl'), 'utf8').trim().split('\n');
    expect(dead.map((l) => numberOf(JSON.parse(l)))).toEqual([104]);
  });
});
