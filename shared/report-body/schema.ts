/**
 * The JSON report body: what `GET /api/aggregates` answers (runId null) and what a report run writes as
 * `rar-{period}.json` (runId set). One zod schema, its inferred types, and (shared/report-body/json-schema.ts)
 * the published JSON Schema generated from it.
 *
 * Conventions:
 * - Counts are non-negative integers. Survey-derived figures (response counts, ranking points, first
 *   choices, ranks) are `null` where suppressed, and the object that holds them says `suppressed: true`.
 *   Meeting figures (meetings, participants, kinds, needs, action tracks, votes) are never suppressed.
 * - `previous` holds the same figures for the previous period (2025-Q1 → 2024-Q4, 2025 → 2024), suppressed
 *   by that period's own rule; `change` = current − previous, `null` when either side is suppressed or
 *   missing (for ranks: a negative change means the option moved up).
 * - Ranks: options with no points get no rank (`rank: null`). `share` is the option's part of the points of
 *   its question (or vote), in percent with one decimal; `change.share` is in percentage points.
 * - Figures of the `region` entry are the sums over every zone, the `region` pseudo-zone included.
 */
import * as z from 'zod';
import { bilingualSchema } from '../reference/index.ts';

export const REPORT_SCHEMA_VERSION = 1 as const;

const count = z.number().int().nonnegative();
/** A survey-derived count: null where suppressed. */
const hiddenCount = count.nullable();
/** current − previous; null when not comparable (suppressed or missing on either side). */
const delta = z.number().int().nullable();
const rank = z.number().int().positive();
/** Percent of the question's (or vote's) points, one decimal; null where suppressed or without points. */
const share = z.number().min(0).max(100).nullable();
/** Percentage points; null when not comparable. */
const shareDelta = z.number().nullable();

const periodString = z
  .string()
  .regex(/^\d{4}(-Q[1-4])?$/)
  .describe('A quarter YYYY-Qn or a year YYYY (Europe/Brussels dates).');

/** Points, first choices and rank of one option (survey ranking or meeting vote). */
const scoredFigures = z.strictObject({
  points: hiddenCount,
  share,
  firstChoices: hiddenCount,
  rank: rank.nullable(),
});

const scoredChange = z.strictObject({ points: delta, share: shareDelta, firstChoices: delta, rank: delta });

export const rankingOptionSchema = z.strictObject({
  option: z.string(),
  label: bilingualSchema,
  points: hiddenCount,
  share,
  firstChoices: hiddenCount,
  /** Responses that put the option 2nd / 3rd (null when suppressed, like firstChoices). */
  secondChoices: hiddenCount,
  thirdChoices: hiddenCount,
  /** Standard competition ranking on points: 1, 2, 2, 4; null for an option with no points (or suppressed). */
  rank: rank.nullable(),
  previous: scoredFigures,
  change: scoredChange,
});
export type RankingOption = z.infer<typeof rankingOptionSchema>;

/** One ranking question of one survey, within a zone × theme (or the region × theme). */
export const rankingSchema = z.strictObject({
  surveyId: z.string(),
  questionId: z.string(),
  surveyTitle: bilingualSchema,
  label: bilingualSchema,
  /** Weights of the question's current version (points for 1st, 2nd, ... choice). */
  weights: z.array(count),
  /** Responses that answered this question (null when suppressed). */
  answered: hiddenCount,
  suppressed: z.boolean(),
  /** In rank order (ties: more first choices, then option id), every option of the question. */
  options: z.array(rankingOptionSchema),
});
export type Ranking = z.infer<typeof rankingSchema>;

/**
 * A meeting table vote option: labels as typed on the meeting forms (a label given in one language only
 * stands for both). Never suppressed.
 */
export const voteOptionSchema = z.strictObject({
  option: z.string(),
  label: bilingualSchema,
  points: count,
  share,
  /** 1st / 2nd / 3rd choices on individual ballots; points totalled on the form carry no such detail. */
  firstChoices: count,
  secondChoices: count,
  thirdChoices: count,
  /** null for an option with no points. */
  rank: rank.nullable(),
  previous: scoredFigures,
  change: scoredChange,
});
export type VoteOption = z.infer<typeof voteOptionSchema>;

const previousFigures = z.strictObject({
  meetings: count,
  participants: count,
  participantsMean: z.number().nonnegative().nullable(),
  surveyResponses: hiddenCount,
});

const figuresChange = z.strictObject({
  meetings: delta,
  participants: delta,
  surveyResponses: delta,
});

/** Figures shared by totals and zone × theme cells. */
const figuresShape = {
  meetings: count,
  participants: count,
  /** participants / meetings, 1 decimal; null without meetings. */
  participantsMean: z.number().nonnegative().nullable(),
  /** Meetings per meeting kind id (kinds with no meeting are left out). */
  meetingsByKind: z.record(z.string(), count),
  surveyResponses: hiddenCount,
  /** True when `surveyResponses` (and every ranking below it) is withheld. */
  suppressed: z.boolean(),
  previous: previousFigures,
  change: figuresChange,
};

export const totalsSchema = z.strictObject(figuresShape);
export type Totals = z.infer<typeof totalsSchema>;

/** Action tracks counted by track id of the reference list, with its FR and NL labels. */
export const actionTrackSchema = z.strictObject({ track: z.string(), label: bilingualSchema, count });

export const themeFiguresSchema = z.strictObject({
  theme: z.string(),
  label: bilingualSchema,
  ...figuresShape,
  /** Mentions of each target group in the meetings' needs monitoring. */
  targetGroups: z.record(z.string(), count),
  /** Needs recorded per needs topic. */
  needsTopics: z.record(z.string(), count),
  /** Action tracks per track, most frequent first. */
  actionTracks: z.array(actionTrackSchema),
  rankings: z.array(rankingSchema),
  /** Meeting table votes (3-2-1 ballots or counted points), in rank order. */
  meetingVotes: z.array(voteOptionSchema),
});
export type ThemeFigures = z.infer<typeof themeFiguresSchema>;

export const zoneFiguresSchema = z.strictObject({
  zone: z.string(),
  label: bilingualSchema,
  /** RRGGBB, the zone's colour in the workbook. */
  colour: z.string().regex(/^[0-9A-F]{6}$/),
  totals: totalsSchema,
  themes: z.array(themeFiguresSchema),
});
export type ZoneFigures = z.infer<typeof zoneFiguresSchema>;

export const suppressionSchema = z.strictObject({
  /** Survey-derived cells based on fewer responses than this are withheld. */
  threshold: z.number().int().positive(),
  rule: bilingualSchema,
  /** Cells withheld because they are below the threshold / to protect another withheld cell. */
  primaryCells: count,
  secondaryCells: count,
});
export type Suppression = z.infer<typeof suppressionSchema>;

export const provenanceSchema = z.strictObject({
  /** Figures come from the running aggregates, never from a scan of source records. */
  source: z.literal('aggregates'),
  quarters: z.array(z.string()),
  previousPeriod: periodString,
  /** Aggregate items read (current period). */
  aggregateItems: count,
  surveys: z.array(
    z.strictObject({ surveyId: z.string(), version: z.number().int(), title: bilingualSchema }),
  ),
  /** False when the period holds no meeting and no response: the report is valid and says so. */
  hasData: z.boolean(),
  notes: z.array(bilingualSchema),
  codeVersion: z.string().nullable(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const reportBodySchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  period: periodString,
  previousPeriod: periodString,
  /** The report run id; null for the live `GET /api/aggregates`. */
  runId: z.string().nullable(),
  generatedAt: z.iso.datetime(),
  /** Filters applied (`zone`, `theme` query parameters); totals are always the unfiltered ones. */
  scope: z.strictObject({ zone: z.string().nullable(), theme: z.string().nullable() }),
  region: z.strictObject({ totals: totalsSchema, themes: z.array(themeFiguresSchema) }),
  zones: z.array(zoneFiguresSchema),
  suppression: suppressionSchema,
  provenance: provenanceSchema,
});
export type ReportBody = z.infer<typeof reportBodySchema>;
