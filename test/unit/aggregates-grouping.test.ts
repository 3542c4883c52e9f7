import { describe, expect, it } from 'vitest';
import { deltaOf } from '../../shared/aggregates/contributions.ts';
import {
  aggregateUpdate,
  groupRecords,
  MAX_TRANSACTION_ITEMS,
  mergeDeltas,
  type PendingRecord,
  splitLargeRecord,
} from '../../shared/aggregates/store.ts';
import { actionTrackIds } from '../../shared/reference/index.ts';

const response = (zone: string, option: string) => ({
  entity: 'response',
  zone,
  theme: 'mental-health',
  quarter: '2025-Q2',
  surveyId: 's',
  answers: { q: [option] },
  rankingWeights: { q: [3, 2, 1] },
});

const pending = (n: number, zone: (i: number) => string): PendingRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: `e${i}`,
    delta: deltaOf(undefined, response(zone(i), `o${i % 3}`)),
  }));

describe('groupRecords', () => {
  it('puts 99 records for one aggregate item with its one merged update in a transaction', () => {
    const groups = groupRecords(pending(1000, () => 'south'));

    expect(groups.map((g) => g.length)).toEqual([...Array(10).fill(99), 10]);
    expect(groups.every((g) => g.length + mergeDeltas(g).length <= MAX_TRANSACTION_ITEMS)).toBe(true);
  });

  it('leaves room for one update per aggregate item touched', () => {
    const zones = ['south', 'north', 'south-east', 'north-east', 'centre-west'];

    const groups = groupRecords(pending(200, (i) => zones[i % 5] as string));

    expect(groups[0]).toHaveLength(95);
    expect(mergeDeltas(groups[0] ?? [])).toHaveLength(5);
  });
});

describe('mergeDeltas', () => {
  it('sums the deltas of several records per aggregate item', () => {
    const [merged] = mergeDeltas(pending(6, () => 'south'));

    expect(merged?.counters).toEqual({
      responses: 6,
      'rs#s': 6,
      'rq#s#q': 6,
      'rp#s#q#o0': 6,
      'rp#s#q#o1': 6,
      'rp#s#q#o2': 6,
      'rf#s#q#o0': 2,
      'rf#s#q#o1': 2,
      'rf#s#q#o2': 2,
    });
  });

  it('drops an item whose deltas cancel out (a record and its erasure in one batch)', () => {
    const item = response('south', 'o1');
    const records: PendingRecord[] = [
      { eventId: 'a', delta: deltaOf(undefined, item) },
      { eventId: 'b', delta: deltaOf(item, undefined) },
    ];

    expect(mergeDeltas(records)).toEqual([]);
  });
});

describe('aggregateUpdate', () => {
  it('names every attribute through ExpressionAttributeNames and only ADDs counters', () => {
    const [cell] = mergeDeltas(pending(1, () => 'south'));

    const update = aggregateUpdate('t', cell as NonNullable<typeof cell>).Update;

    expect(update?.UpdateExpression).toMatch(
      /^SET #e = :e, #q = :q, #z = :z, #t = :t ADD (#n\d+ :n\d+(, )?)+$/,
    );
    expect(Object.values(update?.ExpressionAttributeNames ?? {})).toContain('rp#s#q#o0');
    expect(update?.Key).toEqual({ PK: 'AGG#2025-Q2', SK: 'south#mental-health' });
  });
});

describe('splitLargeRecord', () => {
  const bigMeeting = {
    entity: 'meeting',
    zone: 'south',
    theme: 'prevention',
    kind: 'working-group',
    date: '2025-05-05',
    participants: 30,
    needs: [],
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
  };

  it('keeps a record that fits in one update whole, with its own event id', () => {
    const record = { eventId: 'e1', delta: deltaOf(undefined, response('south', 'o1')) };

    expect(splitLargeRecord(record)).toEqual([record]);
  });

  it('splits a record with too many attributes for one update into parts that add up to it', () => {
    // 3 + 12 tracks + 50 points + 50 first choices + 140 labels (FR and NL) = 255 attributes.
    const record = { eventId: 'e2', delta: deltaOf(undefined, bigMeeting) };

    const parts = splitLargeRecord(record);

    expect(parts.map((p) => p.eventId)).toEqual(['e2#part1', 'e2#part2']);
    expect(parts.every((p) => mergeDeltas([p]).every((u) => Object.keys(u.counters).length <= 250))).toBe(
      true,
    );
    expect(mergeDeltas(parts)).toEqual(mergeDeltas([record]));
  });
});
