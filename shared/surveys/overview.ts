/**
 * The staff view of the surveys: every survey (open, upcoming, closed) with its current version and
 * its response count. The count is read from the running aggregates (one Query per quarter the survey
 * was open, shared by every survey), never from a Scan of the responses.
 */
import { COUNTER } from '../aggregates/contributions.ts';
import { readQuarter, type StoredCell } from '../aggregates/store.ts';
import { type Caller, coordinatedZones, isRar, isStaff } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { quarterOfInstant } from '../period.ts';
import type { StoredSurvey } from '../records.ts';
import { type SurveyState, surveyState } from './index.ts';
import { listSurveys } from './store.ts';

/** A survey open longer than this many quarters has its count taken from the most recent ones. */
const MAX_QUARTERS = 12;

export interface SurveyOverview {
  surveyId: string;
  title: StoredSurvey['title'];
  theme: string;
  version: number;
  opensAt?: string;
  closesAt?: string;
  state: SurveyState;
  responses: number;
}

const nextQuarter = (q: string) => {
  const year = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 4 ? `${year + 1}-Q1` : `${year}-Q${n + 1}`;
};

/** The quarters from the survey's opening (or publication) to its closing (or now), oldest first. */
export const quartersOpen = (
  survey: Pick<StoredSurvey, 'opensAt' | 'closesAt' | 'publishedAt'>,
  now: Date,
) => {
  const from = quarterOfInstant(new Date(survey.opensAt ?? survey.publishedAt));
  // closesAt is the first instant that no longer accepts answers.
  const closes = survey.closesAt ? Date.parse(survey.closesAt) - 1 : Number.POSITIVE_INFINITY;
  const endInstant = new Date(Math.min(closes, now.getTime()));
  const to = quarterOfInstant(endInstant);
  const quarters: string[] = [];
  for (let q = from; q <= to && quarters.length < 400; q = nextQuarter(q)) quarters.push(q);
  return quarters.slice(-MAX_QUARTERS);
};

export const surveysOverview = async (caller: Caller, now = new Date()): Promise<SurveyOverview[]> => {
  // Anyone with a staff group (staff, rar, a coordinator) shares the survey links at meetings.
  if (!isStaff(caller) && !isRar(caller) && coordinatedZones(caller).length === 0) throw forbidden();
  const surveys = await listSurveys();
  const cells = new Map<string, Promise<StoredCell[]>>();
  const cellsOf = (quarter: string) => {
    let found = cells.get(quarter);
    if (!found) {
      found = readQuarter(quarter);
      cells.set(quarter, found);
    }
    return found;
  };
  const rows = await Promise.all(
    surveys.map(async (s): Promise<SurveyOverview> => {
      const counter = COUNTER.survey(s.surveyId);
      let responses = 0;
      for (const quarter of quartersOpen(s, now))
        for (const cell of await cellsOf(quarter)) responses += cell.counters[counter] ?? 0;
      return {
        surveyId: s.surveyId,
        title: s.title,
        theme: s.theme,
        version: s.version,
        ...(s.opensAt ? { opensAt: s.opensAt } : {}),
        ...(s.closesAt ? { closesAt: s.closesAt } : {}),
        state: surveyState(s, now),
        responses,
      };
    }),
  );
  return rows.sort((a, b) => a.surveyId.localeCompare(b.surveyId));
};
