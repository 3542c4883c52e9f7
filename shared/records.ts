/**
 * The shapes of the source records as stored in DynamoDB (besides their keys). These are the contract
 * between ingest (surveys, responses, meetings) and everything that reads them (aggregator, reports).
 * Input validation lives with each domain module (shared/surveys, shared/responses, shared/meetings).
 */
import type { Bilingual } from './reference/index.ts';

export type Language = 'fr' | 'nl';

export interface QuestionOption {
  id: string;
  label: Bilingual;
}

interface QuestionBase {
  id: string;
  label: Bilingual;
  required?: boolean;
}

export type Question =
  | (QuestionBase & { type: 'zone' })
  | (QuestionBase & { type: 'single'; options: QuestionOption[] })
  | (QuestionBase & { type: 'multiple'; options: QuestionOption[]; max?: number })
  | (QuestionBase & { type: 'ranking'; options: QuestionOption[]; pick: number; weights: number[] })
  /** `publish`: free text may appear in reports (off by default: answers may identify people). */
  | (QuestionBase & { type: 'text'; maxLength: number; publish?: boolean })
  | (QuestionBase & { type: 'number'; min?: number; max?: number });

export interface SurveyDefinition {
  surveyId: string;
  title: Bilingual;
  theme: string;
  opensAt?: string;
  closesAt?: string;
  questions: Question[];
}

/** A published survey version (item entity `survey` for the current one, `survey-version` for each). */
export interface StoredSurvey extends SurveyDefinition {
  version: number;
  publishedAt: string;
  publishedBy: string;
}

export type AnswerValue = string | string[] | number;

/** One survey response (entity `response`). Immutable once stored. */
export interface StoredResponse {
  responseId: string;
  submissionId: string;
  surveyId: string;
  surveyVersion: number;
  theme: string;
  /** From the survey's `zone` question; `region` when the survey has none or it was left empty. */
  zone: string;
  /** Quarter of `submittedAt` in Europe/Brussels, e.g. 2025-Q3. */
  quarter: string;
  submittedAt: string;
  language: Language;
  answers: Record<string, AnswerValue>;
  /** Weights of each ranking question answered, copied from the survey version so scoring needs no look-up. */
  rankingWeights: Record<string, number[]>;
}

export interface MeetingNeed {
  topic: string;
  targetGroups: string[];
  note?: string;
}

export interface MeetingAction {
  /** An id of the reference list of action tracks. */
  track: string;
  text: string;
  /** The free-text heading of an older form that matched no track (kept with track "other"). */
  heading?: string;
}

/** A label in one or both languages, as typed on a meeting form. */
export interface PartialBilingual {
  fr?: string;
  nl?: string;
}

export interface MeetingVotes {
  options: { id: string; label: PartialBilingual }[];
  /** Ordered lists of up to 3 option ids, scored 3-2-1. */
  ballots?: string[][];
  /** Or points already counted per option id. */
  points?: Record<string, number>;
}

/** What a meeting form holds (the body of POST/PUT /api/meetings). */
export interface MeetingInput {
  meetingId: string;
  zone: string;
  theme: string;
  kind: string;
  sequence?: number;
  date: string;
  startTime?: string;
  endTime?: string;
  venue?: string;
  participants: number;
  participantsBySector?: Record<string, number>;
  needs: MeetingNeed[];
  findings: string[];
  actions: MeetingAction[];
  votes?: MeetingVotes;
  outlook?: string;
  nextDate?: string;
  language: Language;
  links: string[];
}

/** The current state of a meeting (entity `meeting`); each earlier state is kept as `meeting-version`. */
export interface StoredMeeting extends MeetingInput {
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}
