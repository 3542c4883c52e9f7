/**
 * Fault tests of the aggregator path. It fails on one record: the poller retries from that record only
 * (the ones before it are applied once), sets it aside after its attempts while the records after it go
 * on, and the repair from source (the real one, as in `npm start`) brings the figures back to the
 * source. Its last write is lost (as DynamoDB Local can lose a write it had acknowledged when it is
 * killed): the rewind after the restart applies it again, and only it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { repairRecords } from '../../functions/aggregate-repair.ts';
import { handler } from '../../functions/aggregator.ts';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import { verifyPeriod } from '../../shared/aggregates/verify.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { clients } from '../../shared/store/clients.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { asResponse, asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';
import { deleteItem, putItems } from './aggregates.fixtures.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-aggregator-fault-'));
let poller: StreamPoller | undefined;
afterAll(async () => {
  await poller?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const answer = (submissionId: string) =>
  asResponse({ submissionId, language: 'nl', answers: { zone: 'north', priorities: ['prevention'] } });
const aggregatorItems = async () =>
  (await tableItems()).filter((i) => i.entity === 'aggregate' || i.entity === 'stream-marker');
const sumResponses = async (quarter: string) =>
  (await readQuarter(quarter)).reduce((sum, c) => sum + (c.counters.responses ?? 0), 0);

const submissionOf = (r: DynamoDBRecord) =>
  r.dynamodb?.NewImage?.entity?.S === 'response' ? r.dynamodb.NewImage.submissionId?.S : undefined;

describe('aggregator faults', () => {
  it('failing on one record: retries only that record, applies the others once, and has it repaired from source', async () => {
    const now = new Date('2025-05-15T10:00:00Z');
    await publishSurvey(asSurvey(survey), { subject: 'staff-1', groups: ['staff'] }, now);
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    const poison = ids[2];
    const delivered = new Map<string, number>();
    const applied = new Map<string, number>();
    const count = (into: Map<string, number>, records: DynamoDBRecord[]) => {
      for (const id of records.map(submissionOf)) if (id) into.set(id, (into.get(id) ?? 0) + 1);
    };

    // The real aggregator, except that it cannot apply the poison record (and so hands it back with
    // every record after it, as it does on a real failure).
    const failing = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
      count(delivered, event.Records);
      const at = event.Records.findIndex((r) => submissionOf(r) === poison);
      const applicable = at < 0 ? event.Records : event.Records.slice(0, at);
      count(applied, applicable);
      const result = (await handler({ Records: applicable }, context)) as DynamoDBBatchResponse;
      if (at < 0 || result.batchItemFailures.length > 0) return result;
      const handedBack = event.Records.slice(at).map((r) => ({
        itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
      }));
      return { batchItemFailures: handedBack };
    };
    const { config } = clients();
    const deadLetterFile = path.join(dir, 'dead.jsonl');
    poller = await startStreamPoller({
      ddbEndpoint: config.DYNAMODB_ENDPOINT ?? '',
      tableName: config.TABLE_NAME,
      handler: failing,
      intervalMs: 50,
      maxAttempts: 3,
      deadLetterFile,
      repair: (records) => repairRecords(records, 50),
    });

    for (const [i, submissionId] of ids.entries())
      await submitResponse(
        survey.surveyId,
        asResponse({ submissionId, language: 'fr', answers: { zone: 'south', priorities: ['training'] } }),
        new Date(now.getTime() + i * 1000),
      );
    await poller.drain();

    // The poison record: its attempts, then set aside; the ones before it never sent again; every other
    // one applied exactly once.
    expect(delivered.get(poison ?? '')).toBe(3);
    expect(applied.get(poison ?? '')).toBeUndefined();
    for (const id of ids.slice(0, 2))
      expect({ id, delivered: delivered.get(id) }).toEqual({ id, delivered: 1 });
    for (const id of ids.filter((i) => i !== poison))
      expect({ id, applied: applied.get(id) }).toEqual({ id, applied: 1 });
    const setAside = readFileSync(deadLetterFile, 'utf8').trim().split('\n');
    expect(setAside.map((line) => submissionOf(JSON.parse(line)))).toEqual([poison]);

    // Repaired from source: every response counted once.
    expect((await verifyPeriod('2025-Q2')).differences).toEqual([]);
    const counted = (await readQuarter('2025-Q2')).reduce((sum, c) => sum + (c.counters.responses ?? 0), 0);
    expect(counted).toBe(ids.length);
  }, 60_000);

  it('applies again, after a rewind, an aggregator write the storage lost, and counts everything else once', async () => {
    await poller?.stop();
    const { config } = clients();
    const checkpointFile = path.join(dir, 'checkpoint.json');
    // Start after what the first test wrote.
    const skip = await startStreamPoller({
      ddbEndpoint: config.DYNAMODB_ENDPOINT ?? '',
      tableName: config.TABLE_NAME,
      handler: async () => undefined,
      intervalMs: 50,
      checkpointFile,
    });
    await skip.drain();
    await skip.stop();
    poller = await startStreamPoller({
      ddbEndpoint: config.DYNAMODB_ENDPOINT ?? '',
      tableName: config.TABLE_NAME,
      handler,
      intervalMs: 50,
      checkpointFile,
    });

    const now = new Date('2025-08-10T10:00:00Z');
    for (const i of [0, 1])
      await submitResponse(survey.surveyId, answer(crypto.randomUUID()), new Date(now.getTime() + i));
    await poller.drain();
    const beforeLastWrite = await aggregatorItems();
    await new Promise((r) => setTimeout(r, 20));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await submitResponse(survey.surveyId, answer(crypto.randomUUID()), new Date(now.getTime() + 2));
    await poller.drain();
    expect(await sumResponses('2025-Q3')).toBe(3);

    // The aggregator's last transaction is lost: its marker and its counts are gone, the response stays.
    const kept = new Set(beforeLastWrite.map((i) => `${i.PK}|${i.SK}`));
    for (const item of await aggregatorItems())
      if (!kept.has(`${item.PK}|${item.SK}`)) await deleteItem({ PK: item.PK, SK: item.SK });
    await putItems(beforeLastWrite);
    expect(await sumResponses('2025-Q3')).toBe(2);
    expect((await verifyPeriod('2025-Q3')).differences).not.toEqual([]);

    poller.rewind(between);
    await poller.drain();
    expect(await sumResponses('2025-Q3')).toBe(3);
    expect((await verifyPeriod('2025-Q3')).differences).toEqual([]);
  });
});
