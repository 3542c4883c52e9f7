/**
 * Figures always equal to the source: `verifyPeriod` finds every aggregate cell that differs from a
 * recomputation (records lost on purpose: an aggregate item deleted, a record never applied), repairs
 * them, and the repair function does the same for stream records the aggregator gave up on. A report run
 * makes the same check from its own pass over the source and reports the repaired figures.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { quartersOfRecords, repairRecords } from '../../functions/aggregate-repair.ts';
import { handler } from '../../functions/aggregator.ts';
import { countersByCell, recomputeAggregates } from '../../shared/aggregates/recompute.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import { verifyPeriod } from '../../shared/aggregates/verify.ts';
import { reportBodySchema } from '../../shared/report-body/schema.ts';
import { reportPrefix } from '../../shared/reports/files.ts';
import { buildReportFiles } from '../../shared/reports/generate.ts';
import { L, SHEETS } from '../../shared/reports/labels.ts';
import { clients } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { lambdaContext } from '../support/events.ts';
import {
  deleteItem,
  meetingItem,
  putItems,
  responseItem,
  streamReader,
  surveyItems,
} from './aggregates.fixtures.ts';

const stream = streamReader();
afterAll(() => stream.close());

const applyAll = async () => {
  for (const event of await stream.read())
    expect(((await handler(event, lambdaContext())) as DynamoDBBatchResponse).batchItemFailures).toEqual([]);
};

const Q = '2025-Q2';
const equalToSource = async (quarter = Q) =>
  expect(countersByCell(await readQuarter(quarter))).toEqual(
    countersByCell(await recomputeAggregates(quarter)),
  );

const reportObject = async (period: string, runId: string, name: string): Promise<Buffer> => {
  const { s3, config } = clients();
  const out = await s3.send(
    new GetObjectCommand({ Bucket: config.REPORT_BUCKET, Key: `${reportPrefix(period, runId)}${name}` }),
  );
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
};

describe('verify and repair from source', () => {
  it('finds a deleted aggregate item and a record that was never applied, and repairs both', async () => {
    await putItems([
      ...surveyItems(),
      meetingItem({ zone: 'south', date: '2025-05-02', theme: 'mental-health' }),
      responseItem({ zone: 'south', submittedAt: '2025-05-03T10:00:00Z', ranking: ['access', 'collab'] }),
      responseItem({ zone: 'north', submittedAt: '2025-05-04T10:00:00Z', ranking: ['training'] }),
    ]);
    await applyAll();
    expect(await verifyPeriod('2025')).toMatchObject({ differences: [], repaired: 0 });

    // Lost on purpose: one cell deleted; one response written whose stream record is never applied.
    await deleteItem(keys.aggregate(Q, 'north', 'mental-health'));
    await putItems([
      responseItem({ zone: 'south', submittedAt: '2025-06-01T10:00:00Z', ranking: ['access'] }),
    ]);
    const lost: DynamoDBStreamEvent[] = await stream.read();
    expect(
      lost.flatMap((e) => e.Records).filter((r) => r.dynamodb?.NewImage?.entity?.S === 'response'),
    ).toHaveLength(1);

    const found = await verifyPeriod(Q);
    expect(found.differences.map((d) => d.cell)).toEqual(
      expect.arrayContaining([`${Q}|north|mental-health`, `${Q}|south|mental-health`]),
    );
    expect(found.repaired).toBe(0);
    expect(await verifyPeriod(Q)).toMatchObject({ differences: found.differences });

    const repaired = await verifyPeriod(Q, { repair: true });
    expect(repaired.repaired).toBe(found.differences.length);
    expect(await verifyPeriod(Q)).toMatchObject({ differences: [], repaired: 0 });
    await equalToSource();
  });

  it('repairs the quarters of stream records the aggregator gave up on (the on-failure path)', async () => {
    await putItems([
      responseItem({ zone: 'north', submittedAt: '2025-05-20T10:00:00Z', ranking: ['collab'] }),
    ]);
    const [event] = await stream.read();
    if (!event) throw new Error('no stream record');
    expect(quartersOfRecords(event.Records)).toEqual([Q]);
    // Never handed to the aggregator: the figures miss it until the repair.
    expect((await verifyPeriod(Q)).differences.length).toBeGreaterThan(0);
    expect(await repairRecords(event.Records, 50)).toBe(true);
    await equalToSource();
  });

  it('a report run checks the figures from its own pass over the source, repairs them and reports the repaired figures', async () => {
    const Q3 = '2025-Q3';
    await putItems(
      Array.from({ length: 6 }, (_, i) =>
        responseItem({ zone: 'north', submittedAt: `2025-08-0${i + 1}T10:00:00Z`, ranking: ['access'] }),
      ),
    );
    await applyAll();
    // Lost on purpose: north's cell deleted, and one more response whose stream record is never applied.
    await deleteItem(keys.aggregate(Q3, 'north', 'mental-health'));
    await putItems([
      responseItem({ zone: 'north', submittedAt: '2025-08-20T10:00:00Z', ranking: ['collab'] }),
    ]);
    await stream.read();

    const runId = 'verify-run';
    const { sourceCounts } = await buildReportFiles(Q3, runId, new Date('2025-10-01T08:00:00Z'));
    expect(sourceCounts.responses).toBe(7);
    const manifest = JSON.parse((await reportObject(Q3, runId, 'manifest.json')).toString('utf8'));
    expect(manifest.aggregateCheck).toEqual({ checked: 1, differencesFound: 1, repaired: 1 });
    await equalToSource(Q3);

    // The council files were written after the repair: they count all seven responses.
    const body = reportBodySchema.parse(
      JSON.parse((await reportObject(Q3, runId, `rar-${Q3}.json`)).toString('utf8')),
    );
    expect(body.region.totals.surveyResponses).toBe(7);
    expect(body.zones.find((z) => z.zone === 'north')?.totals.surveyResponses).toBe(7);
    const council = new ExcelJS.Workbook();
    await council.xlsx.load((await reportObject(Q3, runId, `rar-${Q3}.xlsx`)) as unknown as ArrayBuffer);
    const responsesRow = council
      .getWorksheet(SHEETS.summary)
      ?.getRows(1, 40)
      ?.find((row) => row.getCell(1).value === L.responses.fr);
    expect(responsesRow?.getCell(3).value).toBe(7);

    // Nothing left to repair: the next run finds no difference.
    await buildReportFiles(Q3, 'verify-run-2');
    const again = JSON.parse((await reportObject(Q3, 'verify-run-2', 'manifest.json')).toString('utf8'));
    expect(again.aggregateCheck).toEqual({ checked: 1, differencesFound: 0, repaired: 0 });
  }, 60_000);
});
