/**
 * The single-table key design: one key builder per entity, and nothing else builds keys.
 * See README "DynamoDB key design" for the access patterns these serve.
 *
 * Table: PK (S) / SK (S); GSI1: GSI1PK / GSI1SK (projection ALL); TTL attribute `expiresAt`;
 * stream NEW_AND_OLD_IMAGES. Every item carries `entity` so stream consumers can tell them apart.
 */
import { createHash } from 'node:crypto';

export const GSI1 = 'GSI1';
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Responses of one survey and quarter are spread over this many partitions (by submissionId), so a
 * launch-day burst (~1,000 transactional submissions/s for one survey and zone) stays well under the
 * per-partition write limit (1,000 WCU/s; a transactional write costs 2 WCU per KB).
 */
export const RESPONSE_SHARDS = 16;

export type Entity =
  | 'survey'
  | 'survey-version'
  | 'submission'
  | 'response'
  | 'meeting'
  | 'meeting-version'
  | 'meeting-guard'
  | 'aggregate'
  | 'stream-marker'
  | 'report-run'
  | 'report-latest';

export interface Key {
  PK: string;
  SK: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Stable shard for an id: the first 4 bytes of its SHA-256, modulo the shard count. */
export const shardOf = (id: string, shards = RESPONSE_SHARDS): number =>
  createHash('sha256').update(id).digest().readUInt32BE(0) % shards;

export const keys = {
  /** Latest published definition of a survey; GSI1 lists all surveys. */
  survey: (surveyId: string) => ({ PK: `SURVEY#${surveyId}`, SK: 'CURRENT' }),
  surveyIndex: (surveyId: string) => ({ GSI1PK: keys.surveyIndexPartition(), GSI1SK: surveyId }),
  surveyIndexPartition: () => 'SURVEYS',
  /** Every published version, kept so a response can be read against the version it answered. */
  surveyVersion: (surveyId: string, version: number) => ({
    PK: `SURVEY#${surveyId}`,
    SK: `VERSION#${pad(version, 6)}`,
  }),

  /** De-duplication guard for a response submission, written in the same transaction as the response. */
  submission: (surveyId: string, submissionId: string) => ({
    PK: `SUBMISSION#${surveyId}#${submissionId}`,
    SK: 'SUBMISSION',
  }),
  /** Responses by survey and quarter (Europe/Brussels), spread over RESPONSE_SHARDS partitions. */
  responsePartition: (surveyId: string, quarter: string, shard: number) =>
    `RESPONSES#${surveyId}#${quarter}#${pad(shard, 2)}`,
  response: (
    surveyId: string,
    quarter: string,
    submissionId: string,
    submittedAt: string,
    responseId: string,
  ) => ({
    PK: keys.responsePartition(surveyId, quarter, shardOf(submissionId)),
    SK: `${submittedAt}#${responseId}`,
  }),

  /** Current state of a meeting; GSI1 finds meetings by zone and year, sorted by date. */
  meeting: (meetingId: string) => ({ PK: `MEETING#${meetingId}`, SK: 'CURRENT' }),
  meetingIndex: (zone: string, date: string, meetingId: string) => ({
    GSI1PK: keys.meetingIndexPartition(zone, date.slice(0, 4)),
    GSI1SK: `${date}#${meetingId}`,
  }),
  meetingIndexPartition: (zone: string, year: string) => `MEETINGS#${zone}#${year}`,
  /** Left after an erasure (no personal data: id, when, who) so a replayed create cannot bring it back. */
  meetingTombstone: (meetingId: string) => ({ PK: `MEETING#${meetingId}`, SK: 'ERASED' }),
  /** Previous versions of a meeting (corrections), with who and when. */
  meetingVersion: (meetingId: string, version: number) => ({
    PK: `MEETING#${meetingId}`,
    SK: `VERSION#${pad(version, 6)}`,
  }),

  /** Running figures for one quarter, zone and theme; a period's figures are one Query per quarter. */
  aggregatePartition: (quarter: string) => `AGG#${quarter}`,
  aggregate: (quarter: string, zone: string, theme: string) => ({
    PK: `AGG#${quarter}`,
    SK: `${zone}#${theme}`,
  }),

  /** Marks a stream record as applied to the aggregates, so a re-delivered record is not counted twice. */
  streamMarker: (eventId: string) => ({ PK: `STREAMREC#${eventId}`, SK: 'STREAMREC' }),

  /** Report runs of a period (immutable), the pointer to the latest successful one, and a list of all runs. */
  reportRun: (period: string, runId: string) => ({
    PK: `REPORT#${period}`,
    SK: `${keys.reportRunSortPrefix()}${runId}`,
  }),
  /** Sort keys of a period's runs begin with this (run ids sort by time). */
  reportRunSortPrefix: () => 'RUN#',
  reportLatest: (period: string) => ({ PK: `REPORT#${period}`, SK: 'LATEST' }),
  reportIndex: (createdAt: string, runId: string) => ({
    GSI1PK: keys.reportIndexPartition(),
    GSI1SK: `${createdAt}#${runId}`,
  }),
  reportIndexPartition: () => 'REPORTS',
} as const;

/** Epoch seconds for the TTL attribute, `days` after `from`. */
export const expiresAfterDays = (from: Date, days: number): number =>
  Math.floor(from.getTime() / 1000) + days * 24 * 3600;
