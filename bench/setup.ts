/**
 * Benchmark data: one year (2025) with 100,000 survey responses and 2,000 meetings, written straight
 * into the table in their stored shapes (BatchWriteItem), then the aggregates rebuilt per quarter. Loading
 * is not what is measured; it only has to be quick and exact.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { demoMeetings } from '../local/demo/meetings.ts';
import survey from '../local/demo/mental-health-2024.json' with { type: 'json' };
import { seededRandom, weightedPick } from '../local/demo/random.ts';
import { rebuildAggregates } from '../shared/aggregates/index.ts';
import { quarterOfInstant } from '../shared/period.ts';
import type { StoredMeeting, StoredResponse } from '../shared/records.ts';
import { careZoneIds } from '../shared/reference/index.ts';
import { clients } from '../shared/store/clients.ts';
import { keys } from '../shared/store/keys.ts';
import { publishSurvey } from '../shared/surveys/index.ts';
import { surveyDefinitionSchema } from '../shared/surveys/schema.ts';

// 2025 in Brussels time: from 1 January 00:00 CET (23:00 UTC the day before) to 31 December 24:00 CET.
const YEAR_START = Date.UTC(2024, 11, 31, 23);
const YEAR_MS = 365 * 24 * 3600 * 1000 - 1;
const THEMES = [
  'accessibility',
  'collaboration',
  'training',
  'coordination',
  'early-detection',
  'information',
];
const GROUPS = [
  'single-parents',
  'youth',
  'addiction',
  'elderly',
  'isolated-people',
  'migrant-women',
  'dual-diagnosis',
];

const writeAll = async (items: Record<string, unknown>[], parallel = 8) => {
  const { doc, config } = clients();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (!batch) break;
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
        [config.TABLE_NAME]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; attempt < 10 && Object.keys(request).length > 0; attempt++) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = (out.UnprocessedItems ?? {}) as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
};

export const loadBenchData = async (responses: number, meetings: number) => {
  const staff = { subject: 'bench', groups: ['staff'] };
  const published = await publishSurvey(
    surveyDefinitionSchema.parse(survey),
    staff,
    new Date('2024-05-31T00:00:00Z'),
  );
  const random = seededRandom(7);
  const weights = Object.fromEntries(
    published.questions.flatMap((q) => (q.type === 'ranking' ? [[q.id, q.weights]] : [])),
  ) as Record<string, number[]>;

  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < responses; i++) {
    const at = new Date(YEAR_START + Math.floor(random() * YEAR_MS));
    const submissionId = randomUUID();
    const zone = careZoneIds[Math.floor(random() * careZoneIds.length)] ?? 'north';
    const quarter = quarterOfInstant(at);
    const r: StoredResponse = {
      responseId: randomUUID(),
      submissionId,
      surveyId: published.surveyId,
      surveyVersion: published.version,
      theme: published.theme,
      zone,
      quarter,
      submittedAt: at.toISOString(),
      language: random() < 0.55 ? 'fr' : 'nl',
      answers: {
        zone,
        sector: 'social',
        'priority-themes': weightedPick(
          random,
          THEMES.map((value, k) => ({ value, weight: 6 - k })),
          3,
        ),
        'target-groups': weightedPick(
          random,
          GROUPS.map((value, k) => ({ value, weight: 7 - k })),
          3,
        ),
      },
      rankingWeights: {
        'priority-themes': weights['priority-themes'] ?? [3, 2, 1],
        'target-groups': weights['target-groups'] ?? [3, 2, 1],
      },
    };
    items.push({
      ...keys.response(r.surveyId, quarter, submissionId, r.submittedAt, r.responseId),
      entity: 'response',
      ...r,
    });
  }
  const templates = demoMeetings();
  for (let i = 0; i < meetings; i++) {
    const t = templates[i % templates.length];
    if (!t) continue;
    const date = new Date(YEAR_START + Math.floor(random() * YEAR_MS)).toISOString().slice(0, 10);
    const m: StoredMeeting = {
      ...t,
      meetingId: randomUUID(),
      date,
      version: 1,
      createdAt: `${date}T18:00:00.000Z`,
      createdBy: 'bench',
      updatedAt: `${date}T18:00:00.000Z`,
      updatedBy: 'bench',
    };
    items.push({
      ...keys.meeting(m.meetingId),
      ...keys.meetingIndex(m.zone, m.date, m.meetingId),
      entity: 'meeting',
      ...m,
    });
  }
  await writeAll(items);
  for (const q of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']) await rebuildAggregates(q);
};
