/**
 * A few hundred answers to the 2024 mental-health survey, spread over 2024-Q3 … 2025-Q4, drawn so the
 * published 2024 result holds: N°1 accessibility, N°2 collaboration between sectors, N°3 training;
 * single parents, young people and people with addictions as priority target groups.
 */
import { careZoneIds, sectorIds } from '../../shared/reference/index.ts';
import { demoUuid, intBetween, type Random, seededRandom, weightedPick } from './random.ts';

export const DEMO_QUARTERS = ['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] as const;
const PER_QUARTER = 60;
/** Share of answers per care zone (every zone keeps ≥ 5 per quarter, so nothing is suppressed). */
const ZONE_WEIGHTS = [0.26, 0.22, 0.18, 0.18, 0.16];

const THEMES = [
  { value: 'accessibility', weight: 9 },
  { value: 'collaboration', weight: 6 },
  { value: 'training', weight: 4 },
  { value: 'coordination', weight: 2 },
  { value: 'early-detection', weight: 1.5 },
  { value: 'information', weight: 1 },
];
const GROUPS = [
  { value: 'single-parents', weight: 8 },
  { value: 'youth', weight: 6 },
  { value: 'addiction', weight: 4.5 },
  { value: 'elderly', weight: 2 },
  { value: 'isolated-people', weight: 2 },
  { value: 'migrant-women', weight: 1.5 },
  { value: 'dual-diagnosis', weight: 1.5 },
];
const BARRIERS = [
  { value: 'language', weight: 5 },
  { value: 'stigma-taboo', weight: 4 },
  { value: 'financial', weight: 4 },
  { value: 'digital', weight: 2 },
  { value: 'waiting-lists', weight: 3 },
];

export interface DemoSubmission {
  body: { submissionId: string; language: 'fr' | 'nl'; answers: Record<string, string | string[]> };
  submittedAt: Date;
}

/** Start (UTC ms) and length of a quarter, kept a day inside its Brussels bounds. */
const quarterWindow = (quarter: string) => {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(-1));
  const start = Date.UTC(year, (q - 1) * 3, 2);
  const end = Date.UTC(year, q * 3, 0);
  return { start, span: end - start };
};

const pickZone = (random: Random): string => {
  let r = random();
  for (const [i, w] of ZONE_WEIGHTS.entries()) {
    r -= w;
    if (r <= 0) return careZoneIds[i] ?? 'north';
  }
  return careZoneIds.at(-1) ?? 'north';
};

export const demoResponses = (): DemoSubmission[] => {
  const random = seededRandom(2024);
  const out: DemoSubmission[] = [];
  for (const quarter of DEMO_QUARTERS) {
    const { start, span } = quarterWindow(quarter);
    // Every zone first gets 5 answers, then the rest follows the zone weights.
    const zones = [...careZoneIds.flatMap((z) => Array<string>(5).fill(z))];
    while (zones.length < PER_QUARTER) zones.push(pickZone(random));
    zones.forEach((zone, n) => {
      const language = random() < 0.55 ? 'fr' : 'nl';
      const answers: Record<string, string | string[]> = {
        zone,
        sector: sectorIds[intBetween(random, 0, sectorIds.length - 1)] ?? 'other',
        'priority-themes': weightedPick(random, THEMES, 3),
      };
      if (random() < 0.9) answers['target-groups'] = weightedPick(random, GROUPS, intBetween(random, 2, 3));
      if (random() < 0.8)
        answers['accessibility-barriers'] = weightedPick(random, BARRIERS, intBetween(random, 1, 3));
      out.push({
        body: { submissionId: demoUuid(`response:${quarter}:${n}`), language, answers },
        submittedAt: new Date(start + Math.floor(random() * span)),
      });
    });
  }
  return out;
};
