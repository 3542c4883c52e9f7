/**
 * Figures always equal to the source: `verifyPeriod` finds every aggregate cell that differs from a
 * recomputation (records lost on purpose: an aggregate item deleted, a record never applied), repairs
 * them, and the repair function does the same for stream records the aggregator gave up on.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { quartersOfRecords, repairRecords } from '../../functions/aggregate-repair.ts';
import { handler } from '../../functions/aggregator.ts';
import { countersByCell, recomputeAggregates } from '../../shared/aggregates/recompute.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import { verifyPeriod } from '../../shared/aggregates/verify.ts';
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
const equalToSource = async () =>
  expect(countersByCell(await readQuarter(Q))).toEqual(countersByCell(await recomputeAggregates(Q)));

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
});
