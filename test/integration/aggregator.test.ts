import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/aggregator.ts';
import { countersByCell, recomputeAggregates } from '../../shared/aggregates/recompute.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import { actionTrackIds } from '../../shared/reference/index.ts';
import { clients } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { lambdaContext } from '../support/events.ts';
import {
  deleteItem,
  meetingItem,
  putItem,
  putItems,
  responseItem,
  streamReader,
  surveyItems,
} from './aggregates.fixtures.ts';

const QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3'];
// Tests that feed hand-made stream records (no source item behind them) write to 2024 only.
const stream = streamReader();
const commands: string[] = [];

beforeAll(() => {
  // Count what the handler sends (results are real: this only records command names).
  clients().doc.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});
afterAll(() => stream.close());

const invoke = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  (await handler(event, lambdaContext())) as DynamoDBBatchResponse;

/** Feeds every new stream record to the handler, as Lambda would (batches of 100); returns the events. */
const drain = async (): Promise<DynamoDBStreamEvent[]> => {
  const events = await stream.read(100);
  for (const event of events) {
    const result = await invoke(event);
    expect(result.batchItemFailures).toEqual([]);
  }
  return events;
};

const expectFiguresEqualRecomputation = async () => {
  for (const quarter of QUARTERS) {
    const [stored, expected] = await Promise.all([readQuarter(quarter), recomputeAggregates(quarter)]);
    expect({ quarter, counters: countersByCell(stored) }).toEqual({
      quarter,
      counters: countersByCell(expected),
    });
  }
};

const southMentalHealth = async (quarter = '2025-Q2') =>
  (await readQuarter(quarter)).find((c) => c.zone === 'south' && c.theme === 'mental-health')?.counters;

describe('aggregator (DynamoDB stream → running figures)', () => {
  const meeting = meetingItem({
    zone: 'south',
    theme: 'mental-health',
    date: '2025-05-03',
    participants: 14,
    needs: [{ topic: 'housing', targetGroups: ['youth'] }],
    actions: [{ track: 'professional-support', text: 'x' }],
    votes: {
      options: [
        { id: 'a', label: { fr: 'Accès' } },
        { id: 'b', label: { fr: 'Bas seuil', nl: 'Laagdrempelig' } },
      ],
      ballots: [['a', 'b'], ['b', 'a'], ['a']],
    },
  });
  const responses = Array.from({ length: 12 }, (_, i) =>
    responseItem({
      zone: 'south',
      submittedAt: `2025-05-${String(10 + (i % 5)).padStart(2, '0')}T10:00:00.000Z`,
      ranking: i % 3 === 0 ? ['collab', 'access'] : ['access', 'collab', 'training'],
    }),
  );

  it('counts created meetings and responses exactly', async () => {
    await putItems([...surveyItems(), meeting, ...responses]);

    await drain();

    expect(await southMentalHealth()).toMatchObject({
      meetings: 1,
      participants: 14,
      responses: 12,
      'vp#a': 3 + 2 + 3,
      'vf#a': 2,
      'vp#b': 2 + 3,
      'rq#mh-2025#priorities': 12,
      'rp#mh-2025#priorities#access': 8 * 3 + 4 * 2,
      'rf#mh-2025#priorities#collab': 4,
    });
    await expectFiguresEqualRecomputation();
  });

  it('counts a response stored twice (same item written again) once', async () => {
    await putItem(responses[0] as Record<string, unknown>);

    await drain();

    expect((await southMentalHealth())?.responses).toBe(12);
    await expectFiguresEqualRecomputation();
  });

  it('follows a correction that moves a meeting to another zone and quarter', async () => {
    // A correction rewrites the item, index keys included (as updateMeeting does).
    const { PK, SK, GSI1PK, GSI1SK, entity, ...fields } = meeting;
    await putItem(
      meetingItem({ ...fields, zone: 'north', date: '2025-07-02', participants: 16, version: 2 }),
    );

    await drain();

    expect((await southMentalHealth())?.meetings).toBe(0);
    const north = (await readQuarter('2025-Q3')).find((c) => c.zone === 'north')?.counters;
    expect(north).toMatchObject({ meetings: 1, participants: 16, 'vp#a': 8 });
    await expectFiguresEqualRecomputation();
  });

  it('removes an erased response and meeting', async () => {
    await deleteItem(responses[1] as { PK: string; SK: string });
    await deleteItem(keys.meeting(meeting.meetingId));

    await drain();

    expect((await southMentalHealth())?.responses).toBe(11);
    await expectFiguresEqualRecomputation();
  });

  it('leaves figures unchanged when the same stream batch is delivered twice', async () => {
    await putItems(
      Array.from({ length: 7 }, () =>
        responseItem({ zone: 'north', submittedAt: '2025-02-01T09:00:00.000Z' }),
      ),
    );
    const events = await drain();
    const before = countersByCell(await readQuarter('2025-Q1'));

    for (const event of events) {
      const again = await invoke(event);
      expect(again.batchItemFailures).toEqual([]);
    }

    expect(countersByCell(await readQuarter('2025-Q1'))).toEqual(before);
    await expectFiguresEqualRecomputation();
  });

  it('keeps its work per record small: merged updates, no reads', async () => {
    const burst = Array.from({ length: 250 }, (_, i) =>
      responseItem({
        zone: 'south-east',
        submittedAt: `2025-06-0${1 + (i % 9)}T10:00:00.000Z`,
        ranking: ['access'],
      }),
    );
    await putItems(burst);
    const events = await stream.read(100);
    commands.length = 0;

    for (const event of events) await invoke(event);

    // 250 responses (plus the records of earlier aggregate writes, which contribute nothing) in batches of
    // 100: each batch needs at most 99 markers + 1 update, then the rest.
    const transactions = commands.filter((c) => c === 'TransactWriteItemsCommand').length;
    const responseRecords = events
      .flatMap((e) => e.Records)
      .filter((r) => r.dynamodb?.NewImage?.entity?.S === 'response');
    expect(responseRecords).toHaveLength(250);
    expect(transactions).toBeLessThanOrEqual(2 * events.length);
    expect(commands.filter((c) => c !== 'TransactWriteItemsCommand')).toEqual([]);
    await expectFiguresEqualRecomputation();
  });

  it('ignores deletions made by TTL expiry (published figures stay)', async () => {
    const expiring = responseItem({ zone: 'south', submittedAt: '2025-05-20T10:00:00.000Z' });
    await putItem(expiring);
    await drain();
    const before = await southMentalHealth();
    const ttlRemoval: DynamoDBRecord = {
      eventID: 'ttl-removal-1',
      eventName: 'REMOVE',
      eventSource: 'aws:dynamodb',
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      dynamodb: {
        SequenceNumber: '999999999999',
        Keys: { PK: { S: expiring.PK }, SK: { S: expiring.SK } },
        OldImage: {
          entity: { S: 'response' },
          zone: { S: 'south' },
          theme: { S: 'mental-health' },
          quarter: { S: '2025-Q2' },
          surveyId: { S: 'mh-2025' },
          answers: { M: {} },
          rankingWeights: { M: {} },
        },
      },
    };

    const result = await invoke({ Records: [ttlRemoval] });

    expect(result.batchItemFailures).toEqual([]);
    expect(await southMentalHealth()).toEqual(before);
  });

  it('stays exact when two batches update the same aggregate item concurrently', async () => {
    const record = (id: string, seq: number): DynamoDBRecord => ({
      eventID: id,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(seq),
        NewImage: {
          entity: { S: 'meeting' },
          zone: { S: 'centre-west' },
          theme: { S: 'ambulatory-hospital' },
          kind: { S: 'working-group' },
          date: { S: '2024-09-15' },
          participants: { N: '3' },
        },
      },
    });
    const batches = Array.from({ length: 4 }, (_, b) => ({
      Records: Array.from({ length: 30 }, (_, i) => record(`concurrent-${b}-${i}`, 5000 + b * 100 + i)),
    }));

    const results = await Promise.all([...batches, ...batches].map(invoke));

    expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const cell = (await readQuarter('2024-Q3')).find((c) => c.zone === 'centre-west')?.counters;
    expect(cell).toMatchObject({ meetings: 120, participants: 360 });
  });

  it('applies a meeting too large for one update in parts, each exactly once', async () => {
    const big = meetingItem({
      zone: 'region',
      theme: 'mental-health',
      date: '2025-09-09',
      participants: 40,
      actions: Array.from({ length: 100 }, (_, i) => ({
        track: actionTrackIds[i % actionTrackIds.length] ?? 'other',
        text: 'x',
      })),
      votes: {
        // More options than a form takes today (50): the split must hold for any stored image.
        options: Array.from({ length: 70 }, (_, i) => ({
          id: `o${i}`,
          label: { fr: `Option ${i}`, nl: `Optie ${i}` },
        })),
        ballots: Array.from({ length: 50 }, (_, i) => [`o${i}`, `o${(i + 1) % 50}`, `o${(i + 2) % 50}`]),
      },
    });
    await putItem(big);
    const events = await stream.read(100);

    for (const event of [...events, ...events]) expect((await invoke(event)).batchItemFailures).toEqual([]);

    const cell = (await readQuarter('2025-Q3')).find(
      (c) => c.zone === 'region' && c.theme === 'mental-health',
    );
    expect(cell?.counters).toMatchObject({
      meetings: 1,
      participants: 40,
      'ac#other': 8,
      'vp#o7': 6,
      'vf#o7': 1,
      'v2#o7': 1,
      'v3#o7': 1,
      'vf#o49': 1,
    });
    expect(cell?.labels['vlnl#o69']).toBe('Optie 69');
    await expectFiguresEqualRecomputation();
  });

  it('hands back a record whose image cannot be read, with every later one', async () => {
    const ok: DynamoDBRecord = {
      eventID: 'readable-1',
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '7000',
        NewImage: {
          entity: { S: 'meeting' },
          zone: { S: 'south-east' },
          theme: { S: 'ambulatory-hospital' },
          kind: { S: 'open-day' },
          date: { S: '2024-09-20' },
          participants: { N: '5' },
        },
      },
    };
    const unreadable = {
      eventID: 'unreadable-1',
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '7001', NewImage: { entity: { X: 'meeting' } } },
    } as unknown as DynamoDBRecord;
    const later = { ...ok, eventID: 'readable-2', dynamodb: { ...ok.dynamodb, SequenceNumber: '7002' } };

    const result = await invoke({ Records: [ok, unreadable, later] });

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7001' }, { itemIdentifier: '7002' }]);
    const cell = (await readQuarter('2024-Q3')).find((c) => c.zone === 'south-east')?.counters;
    expect(cell).toMatchObject({ meetings: 1, participants: 5 });
  });

  it('hands back the failing record and every later one, after applying the earlier ones', async () => {
    const good = Array.from({ length: 99 }, (_, i) => ({
      eventID: `good-${i}`,
      eventName: 'INSERT' as const,
      dynamodb: {
        SequenceNumber: String(1000 + i),
        NewImage: {
          entity: { S: 'meeting' },
          zone: { S: 'north-east' },
          theme: { S: 'prevention' },
          kind: { S: 'open-day' },
          date: { S: '2024-08-01' },
          participants: { N: '2' },
        },
      },
    }));
    // An aggregate item cannot exceed 400 KB: this label makes its update fail.
    const bad = {
      eventID: 'bad-1',
      eventName: 'INSERT' as const,
      dynamodb: {
        SequenceNumber: '2000',
        NewImage: {
          ...good[0]?.dynamodb.NewImage,
          votes: { M: { options: { L: [{ M: { id: { S: 'x' }, label: { S: 'x'.repeat(410_000) } } }] } } },
        },
      },
    };
    const after = {
      ...good[1],
      eventID: 'after-1',
      dynamodb: { ...good[1]?.dynamodb, SequenceNumber: '2001' },
    };

    const result = await invoke({ Records: [...good, bad, after] as DynamoDBRecord[] });

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2000' }, { itemIdentifier: '2001' }]);
    const cell = (await readQuarter('2024-Q3')).find((c) => c.zone === 'north-east')?.counters;
    expect(cell).toMatchObject({ meetings: 99, participants: 198 });
  });
});
