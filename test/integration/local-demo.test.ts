import { describe, expect, it } from 'vitest';
import { loadDemoData } from '../../local/demo/load.ts';
import { meetingsInPeriod } from '../../shared/meetings/index.ts';
import { itemsOf } from '../support/storage.ts';

describe('demo data', () => {
  it('holds the 2025 consultations (15 mental health, 16 prevention, five zones) and a few hundred answers, and reloads idempotently', async () => {
    const first = await loadDemoData();
    expect(first).toEqual({ meetings: 31, responses: 360 });
    const again = await loadDemoData();
    expect(again).toEqual(first);

    const meetings = await meetingsInPeriod('2025');
    expect(meetings.filter((m) => m.theme === 'mental-health')).toHaveLength(15);
    expect(meetings.filter((m) => m.theme === 'prevention')).toHaveLength(16);
    expect(new Set(meetings.map((m) => m.zone))).toEqual(
      new Set(['centre-west', 'south', 'south-east', 'north-east', 'north']),
    );
    expect(meetings.every((m) => m.participants >= 12 && m.participants <= 45)).toBe(true);
    expect(await itemsOf('response')).toHaveLength(360);
    expect(await itemsOf('survey-version')).toHaveLength(1);
  }, 60_000);
});
