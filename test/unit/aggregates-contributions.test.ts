import { describe, expect, it } from 'vitest';
import { contributionsOf, deltaOf } from '../../shared/aggregates/contributions.ts';
import { rankScores } from '../../shared/aggregates/figures.ts';
import { cellsFromItems } from '../../shared/aggregates/recompute.ts';
import { quarterOfInstant } from '../../shared/period.ts';

const response = (over: Record<string, unknown> = {}) => ({
  entity: 'response',
  responseId: 'r1',
  submissionId: 's1',
  surveyId: 'mh-2025',
  surveyVersion: 1,
  theme: 'mental-health',
  zone: 'south',
  quarter: '2025-Q2',
  submittedAt: '2025-04-02T08:00:00.000Z',
  language: 'fr',
  answers: { q1: ['access', 'training', 'collab'], q2: 'x' },
  rankingWeights: { q1: [3, 2, 1] },
  ...over,
});

const meeting = (over: Record<string, unknown> = {}) => ({
  entity: 'meeting',
  meetingId: 'm1',
  zone: 'north',
  theme: 'prevention',
  kind: 'thematic-consultation',
  date: '2025-06-30',
  participants: 18,
  needs: [
    { topic: 'housing', targetGroups: ['youth', 'elderly'] },
    { topic: 'food', targetGroups: ['youth'] },
  ],
  findings: [],
  actions: [
    { track: 'professional-support', text: 'a' },
    { track: 'professional-support', text: 'b' },
    { track: 'other', heading: 'Accès', text: 'c' },
  ],
  votes: {
    options: [
      { id: 'a', label: { fr: 'Accès', nl: 'Toegang' } },
      { id: 'b', label: { nl: 'Laagdrempelig' } },
      { id: 'c', label: { fr: 'Collaboration' } },
    ],
    ballots: [
      ['a', 'b', 'c'],
      ['b', 'a'],
      ['a', 'c', 'b'],
    ],
  },
  language: 'fr',
  links: [],
  ...over,
});

describe('contributionsOf', () => {
  it('scores a response ranking 3-2-1 by position and counts its 1st, 2nd and 3rd choice', () => {
    const [c] = contributionsOf(response());

    expect(c).toEqual({
      quarter: '2025-Q2',
      zone: 'south',
      theme: 'mental-health',
      counters: {
        responses: 1,
        'rs#mh-2025': 1,
        'rq#mh-2025#q1': 1,
        'rp#mh-2025#q1#access': 3,
        'rf#mh-2025#q1#access': 1,
        'rp#mh-2025#q1#training': 2,
        'r2#mh-2025#q1#training': 1,
        'rp#mh-2025#q1#collab': 1,
        'r3#mh-2025#q1#collab': 1,
      },
      labels: {},
    });
  });

  it('uses the weights stored with the response', () => {
    const [c] = contributionsOf(response({ answers: { q1: ['b', 'a'] }, rankingWeights: { q1: [5, 1] } }));

    expect(c?.counters).toEqual({
      responses: 1,
      'rs#mh-2025': 1,
      'rq#mh-2025#q1': 1,
      'rp#mh-2025#q1#b': 5,
      'rf#mh-2025#q1#b': 1,
      'rp#mh-2025#q1#a': 1,
      'r2#mh-2025#q1#a': 1,
    });
  });

  it('counts points but no choice past the 3rd', () => {
    const [c] = contributionsOf(
      response({ answers: { q1: ['a', 'b', 'c', 'd'] }, rankingWeights: { q1: [4, 3, 2, 1] } }),
    );

    expect(c?.counters).toMatchObject({ 'rp#mh-2025#q1#d': 1, 'r3#mh-2025#q1#c': 1 });
    expect(Object.keys(c?.counters ?? {}).filter((k) => k.endsWith('#d'))).toEqual(['rp#mh-2025#q1#d']);
  });

  it('counts an unanswered ranking question as not answered', () => {
    const [c] = contributionsOf(response({ answers: { q1: [] } }));

    expect(c?.counters).toEqual({ responses: 1, 'rs#mh-2025': 1 });
  });

  it('scores meeting ballots 3-2-1 and counts kinds, needs, target groups and action tracks', () => {
    const [c] = contributionsOf(meeting());

    // a: 3 + 2 + 3 = 8 (2 first, 1 second), b: 2 + 3 + 1 = 6 (1 first, 1 second, 1 third),
    // c: 1 + 2 = 3 (1 second, 1 third)
    expect(c).toEqual({
      quarter: '2025-Q2',
      zone: 'north',
      theme: 'prevention',
      counters: {
        meetings: 1,
        participants: 18,
        'mk#thematic-consultation': 1,
        'nt#housing': 1,
        'nt#food': 1,
        'tg#youth': 2,
        'tg#elderly': 1,
        'ac#professional-support': 2,
        'ac#other': 1,
        'vp#a': 8,
        'vf#a': 2,
        'v2#a': 1,
        'vp#b': 6,
        'vf#b': 1,
        'v2#b': 1,
        'v3#b': 1,
        'vp#c': 3,
        'v2#c': 1,
        'v3#c': 1,
      },
      labels: {
        'vlfr#a': 'Accès',
        'vlnl#a': 'Toegang',
        'vlnl#b': 'Laagdrempelig',
        'vlfr#c': 'Collaboration',
      },
    });
  });

  it('reads an older stored meeting: headings counted by the track they name, one label string for both languages', () => {
    const [c] = contributionsOf(
      meeting({
        actions: [
          { heading: ' Formation et soutien des  professionnels', text: 'a' },
          { heading: 'OPLEIDING EN ONDERSTEUNING VAN PROFESSIONALS', text: 'b' },
          { heading: 'Acces', text: 'c' },
        ],
        votes: { options: [{ id: 'a', label: 'Accès / Toegang' }], points: { a: 5 } },
      }),
    );

    expect(c?.counters).toMatchObject({ 'ac#professional-support': 2, 'ac#other': 1 });
    expect(c?.labels).toEqual({ 'vlfr#a': 'Accès / Toegang', 'vlnl#a': 'Accès / Toegang' });
  });

  it('takes counted meeting points as given, without any choice counts', () => {
    const [c] = contributionsOf(
      meeting({ votes: { options: [{ id: 'a', label: { fr: 'A' } }], points: { a: 17, b: 4 } } }),
    );

    expect(c?.counters).toMatchObject({ 'vp#a': 17, 'vp#b': 4 });
    expect(Object.keys(c?.counters ?? {}).filter((k) => /^v[f23]#/.test(k))).toEqual([]);
  });

  it('places a meeting in the quarter of its Brussels calendar date', () => {
    expect(contributionsOf(meeting({ date: '2025-03-31' }))[0]?.quarter).toBe('2025-Q1');
    expect(contributionsOf(meeting({ date: '2025-04-01' }))[0]?.quarter).toBe('2025-Q2');
    expect(contributionsOf(meeting({ date: '2025-12-31' }))[0]?.quarter).toBe('2025-Q4');
  });

  it('ignores other entities and images that do not fit', () => {
    expect(contributionsOf({ entity: 'aggregate', meetings: 3 })).toEqual([]);
    expect(contributionsOf({ entity: 'stream-marker' })).toEqual([]);
    expect(contributionsOf({ entity: 'meeting', zone: 'north' })).toEqual([]);
    expect(contributionsOf(undefined)).toEqual([]);
  });
});

describe('quarters of responses at midnight Brussels time', () => {
  it('stamps 2025-03-31T22:00Z (1 April 00:00 CEST) into Q2', () => {
    expect(quarterOfInstant(new Date('2025-03-31T21:59:59.999Z'))).toBe('2025-Q1');
    expect(quarterOfInstant(new Date('2025-03-31T22:00:00.000Z'))).toBe('2025-Q2');
  });

  it('stamps 2025-12-31T23:00Z (1 January 2026 00:00 CET) into 2026-Q1', () => {
    expect(quarterOfInstant(new Date('2025-12-31T22:59:59.999Z'))).toBe('2025-Q4');
    expect(quarterOfInstant(new Date('2025-12-31T23:00:00.000Z'))).toBe('2026-Q1');
  });

  it('keeps the night of the October DST change in Q4', () => {
    // 26 October 2025: 03:00 CEST becomes 02:00 CET (01:00Z).
    expect(quarterOfInstant(new Date('2025-10-26T00:30:00Z'))).toBe('2025-Q4');
    expect(quarterOfInstant(new Date('2025-10-26T01:30:00Z'))).toBe('2025-Q4');
    expect(quarterOfInstant(new Date('2025-09-30T22:00:00Z'))).toBe('2025-Q4');
    expect(quarterOfInstant(new Date('2025-09-30T21:59:00Z'))).toBe('2025-Q3');
  });

  it('counts a response by its stored quarter, not by its UTC date', () => {
    const item = response({ submittedAt: '2025-03-31T22:30:00.000Z', quarter: '2025-Q2' });

    expect(cellsFromItems([item], '2025-Q2')).toHaveLength(1);
    expect(cellsFromItems([item], '2025-Q1')).toHaveLength(0);
  });
});

describe('deltaOf', () => {
  it('moves a corrected meeting from one zone and quarter to another', () => {
    const before = meeting({ votes: undefined, needs: [], actions: [] });
    const after = { ...before, zone: 'south', date: '2025-07-02', participants: 20 };

    const delta = deltaOf(before, after);

    expect([...delta.values()]).toEqual([
      {
        quarter: '2025-Q2',
        zone: 'north',
        theme: 'prevention',
        counters: { meetings: -1, participants: -18, 'mk#thematic-consultation': -1 },
        labels: {},
      },
      {
        quarter: '2025-Q3',
        zone: 'south',
        theme: 'prevention',
        counters: { meetings: 1, participants: 20, 'mk#thematic-consultation': 1 },
        labels: {},
      },
    ]);
  });

  it('changes only what a correction changed', () => {
    const before = meeting();
    const after = { ...before, participants: 21 };

    const delta = deltaOf(before, after);

    expect([...delta.values()]).toEqual([
      { quarter: '2025-Q2', zone: 'north', theme: 'prevention', counters: { participants: 3 }, labels: {} },
    ]);
  });

  it('is empty for an edit of uncounted fields', () => {
    const before = meeting();

    expect(deltaOf(before, { ...before, venue: 'Maison de quartier' }).size).toBe(0);
  });

  it('subtracts everything on erasure', () => {
    const delta = deltaOf(response(), undefined);

    expect([...delta.values()][0]?.counters).toMatchObject({ responses: -1, 'rp#mh-2025#q1#access': -3 });
  });
});

describe('rankScores', () => {
  it('gives tied options the same rank and skips the next (1, 2, 2, 4)', () => {
    const ranked = rankScores([
      { option: 'd', points: 3, firstChoices: 0 },
      { option: 'b', points: 7, firstChoices: 1 },
      { option: 'a', points: 7, firstChoices: 2 },
      { option: 'c', points: 9, firstChoices: 1 },
    ]);

    expect(ranked.map((r) => [r.option, r.points, r.rank])).toEqual([
      ['c', 9, 1],
      ['a', 7, 2],
      ['b', 7, 2],
      ['d', 3, 4],
    ]);
  });

  it('orders fully tied options by option id for display', () => {
    const ranked = rankScores([
      { option: 'y', points: 0, firstChoices: 0 },
      { option: 'x', points: 0, firstChoices: 0 },
    ]);

    expect(ranked.map((r) => [r.option, r.rank])).toEqual([
      ['x', 1],
      ['y', 1],
    ]);
  });
});
