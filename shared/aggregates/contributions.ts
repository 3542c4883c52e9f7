/**
 * What one source record adds to the running aggregates: the single pure function shared by the stream
 * aggregator (contribution of NewImage − contribution of OldImage) and the recomputation from source
 * records (the sum of every record's contribution). Anything the two compute differently would be a bug,
 * so there is exactly one place that decides.
 *
 * Counters are flat numeric attributes of the aggregate item keys.aggregate(quarter, zone, theme):
 *   meetings, participants, mk#<kind>, tg#<targetGroup>, nt#<needsTopic>, ac#<actionTrack>,
 *   vp#<voteOption> (points), vf#, v2#, v3#<voteOption> (1st / 2nd / 3rd choices on individual
 *   ballots; points totalled on the form add to vp# only)                    ← meetings
 *   responses, rs#<surveyId>, rq#<surveyId>#<questionId> (answered),
 *   rp#<surveyId>#<questionId>#<option> (points), rf#, r2#, r3#… (1st / 2nd / 3rd choices) ← survey responses
 * plus labels (vlfr#<voteOption>, vlnl#<voteOption> = the option's FR / NL label on the meeting form; older
 * items hold one vl#<voteOption>), set, never added.
 */
import * as z from 'zod';
import { quarterOfDate } from '../period.ts';
import { trackOfHeading } from '../reference/index.ts';

/** Default weights of a ranking question or meeting ballot: 3, 2 and 1 points. */
export const DEFAULT_WEIGHTS = [3, 2, 1] as const;

export const COUNTER = {
  meetings: 'meetings',
  participants: 'participants',
  responses: 'responses',
  meetingKind: (kind: string) => `mk#${kind}`,
  targetGroup: (group: string) => `tg#${group}`,
  needsTopic: (topic: string) => `nt#${topic}`,
  actionTrack: (track: string) => `ac#${track}`,
  votePoints: (option: string) => `vp#${option}`,
  voteFirst: (option: string) => `vf#${option}`,
  voteSecond: (option: string) => `v2#${option}`,
  voteThird: (option: string) => `v3#${option}`,
  voteLabel: (option: string, language: 'fr' | 'nl') => `vl${language}#${option}`,
  survey: (surveyId: string) => `rs#${surveyId}`,
  answered: (surveyId: string, questionId: string) => `rq#${surveyId}#${questionId}`,
  rankPoints: (surveyId: string, questionId: string, option: string) =>
    `rp#${surveyId}#${questionId}#${option}`,
  rankFirst: (surveyId: string, questionId: string, option: string) =>
    `rf#${surveyId}#${questionId}#${option}`,
  rankSecond: (surveyId: string, questionId: string, option: string) =>
    `r2#${surveyId}#${questionId}#${option}`,
  rankThird: (surveyId: string, questionId: string, option: string) =>
    `r3#${surveyId}#${questionId}#${option}`,
} as const;

/** The 1st, 2nd and 3rd choice counters of a ranking option / vote option, by position on the ballot. */
const RANK_CHOICE = [COUNTER.rankFirst, COUNTER.rankSecond, COUNTER.rankThird] as const;
const VOTE_CHOICE = [COUNTER.voteFirst, COUNTER.voteSecond, COUNTER.voteThird] as const;

/** Where a contribution goes: one aggregate item. */
export interface AggregateCell {
  quarter: string;
  zone: string;
  theme: string;
}

export interface Contribution extends AggregateCell {
  counters: Record<string, number>;
  labels: Record<string, string>;
}

export const cellKey = (c: AggregateCell): string => `${c.quarter}|${c.zone}|${c.theme}`;

// Only the fields that count are checked: the images were validated by ingest before they were stored,
// and an image that does not fit contributes nothing rather than poisoning the figures.
const responseImage = z.object({
  entity: z.literal('response'),
  zone: z.string().min(1),
  theme: z.string().min(1),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  surveyId: z.string().min(1),
  answers: z.record(z.string(), z.unknown()).default({}),
  rankingWeights: z.record(z.string(), z.array(z.number())).default({}),
});

const meetingImage = z.object({
  entity: z.literal('meeting'),
  zone: z.string().min(1),
  theme: z.string().min(1),
  kind: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  participants: z.number().int().nonnegative(),
  needs: z.array(z.object({ topic: z.string(), targetGroups: z.array(z.string()).default([]) })).default([]),
  actions: z.array(z.object({ track: z.string().optional(), heading: z.string().optional() })).default([]),
  votes: z
    .object({
      options: z
        .array(
          z.object({
            id: z.string(),
            // Older images hold one label string.
            label: z.union([z.string(), z.object({ fr: z.string().optional(), nl: z.string().optional() })]),
          }),
        )
        .default([]),
      ballots: z.array(z.array(z.string())).optional(),
      points: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
});

const add = (counters: Record<string, number>, name: string, n: number) => {
  if (n !== 0) counters[name] = (counters[name] ?? 0) + n;
};

/** The track an action counts under: its `track`, or (older images) the track its heading names. */
const trackOf = (action: { track?: string | undefined; heading?: string | undefined }): string =>
  action.track ?? trackOfHeading(action.heading ?? '');

const responseContribution = (r: z.infer<typeof responseImage>): Contribution => {
  const counters: Record<string, number> = {};
  add(counters, COUNTER.responses, 1);
  add(counters, COUNTER.survey(r.surveyId), 1);
  for (const [questionId, weights] of Object.entries(r.rankingWeights)) {
    const answer = r.answers[questionId];
    if (!Array.isArray(answer) || answer.length === 0) continue;
    add(counters, COUNTER.answered(r.surveyId, questionId), 1);
    answer.forEach((option, position) => {
      if (typeof option !== 'string') return;
      add(counters, COUNTER.rankPoints(r.surveyId, questionId, option), weights[position] ?? 0);
      const choice = RANK_CHOICE[position];
      if (choice) add(counters, choice(r.surveyId, questionId, option), 1);
    });
  }
  return { quarter: r.quarter, zone: r.zone, theme: r.theme, counters, labels: {} };
};

type Meeting = z.infer<typeof meetingImage>;
type MeetingVotes = NonNullable<Meeting['votes']>;

/** Each need counts its topic once and each distinct target group once. */
const addNeeds = (counters: Record<string, number>, needs: Meeting['needs']): void => {
  for (const need of needs) {
    add(counters, COUNTER.needsTopic(need.topic), 1);
    for (const group of new Set(need.targetGroups)) add(counters, COUNTER.targetGroup(group), 1);
  }
};

/** The FR / NL label of every vote option (an older single label stands for both). */
const addVoteLabels = (labels: Record<string, string>, options: MeetingVotes['options']): void => {
  for (const option of options) {
    const label = typeof option.label === 'string' ? { fr: option.label, nl: option.label } : option.label;
    if (label.fr) labels[COUNTER.voteLabel(option.id, 'fr')] = label.fr;
    if (label.nl) labels[COUNTER.voteLabel(option.id, 'nl')] = label.nl;
  }
};

/** Points and 1st–3rd choices from individual ballots, plus points already totalled on the form. */
const addVoteCounts = (counters: Record<string, number>, votes: MeetingVotes): void => {
  for (const ballot of votes.ballots ?? []) {
    ballot.forEach((option, position) => {
      add(counters, COUNTER.votePoints(option), DEFAULT_WEIGHTS[position] ?? 0);
      const choice = VOTE_CHOICE[position];
      if (choice) add(counters, choice(option), 1);
    });
  }
  for (const [option, points] of Object.entries(votes.points ?? {})) {
    add(counters, COUNTER.votePoints(option), points);
  }
};

const meetingContribution = (m: Meeting): Contribution => {
  const counters: Record<string, number> = {};
  const labels: Record<string, string> = {};
  add(counters, COUNTER.meetings, 1);
  add(counters, COUNTER.participants, m.participants);
  add(counters, COUNTER.meetingKind(m.kind), 1);
  addNeeds(counters, m.needs);
  for (const action of m.actions) add(counters, COUNTER.actionTrack(trackOf(action)), 1);
  if (m.votes) {
    addVoteLabels(labels, m.votes.options);
    addVoteCounts(counters, m.votes);
  }
  return { quarter: quarterOfDate(m.date), zone: m.zone, theme: m.theme, counters, labels };
};

/**
 * The contributions of one stored item (as the document client or `unmarshall` returns it): one for a
 * `response` or a `meeting`, none for any other entity (survey versions, guards, aggregates, markers...).
 */
export const contributionsOf = (item: Record<string, unknown> | undefined): Contribution[] => {
  if (!item) return [];
  if (item.entity === 'response') {
    const r = responseImage.safeParse(item);
    return r.success ? [responseContribution(r.data)] : [];
  }
  if (item.entity === 'meeting') {
    const m = meetingImage.safeParse(item);
    return m.success ? [meetingContribution(m.data)] : [];
  }
  return [];
};

/** A change to the aggregates: counter deltas and labels per aggregate cell. */
export type Delta = Map<string, Contribution>;

/** Adds `sign` × each contribution into `into` (creating cells as needed). */
export const accumulate = (into: Delta, contributions: Contribution[], sign: 1 | -1): Delta => {
  for (const c of contributions) {
    const key = cellKey(c);
    let cell = into.get(key);
    if (!cell) {
      cell = { quarter: c.quarter, zone: c.zone, theme: c.theme, counters: {}, labels: {} };
      into.set(key, cell);
    }
    for (const [name, n] of Object.entries(c.counters)) add(cell.counters, name, sign * n);
    if (sign === 1) Object.assign(cell.labels, c.labels);
  }
  return into;
};

/** The change one stream record makes: contribution(NewImage) − contribution(OldImage), zero entries dropped. */
export const deltaOf = (
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): Delta => {
  const before = contributionsOf(oldImage);
  const delta = accumulate(new Map(), before, -1);
  accumulate(delta, contributionsOf(newImage), 1);
  const labelsBefore = new Map(before.map((c) => [cellKey(c), c.labels]));
  for (const [key, cell] of delta) {
    for (const [name, n] of Object.entries(cell.counters)) if (n === 0) delete cell.counters[name];
    // A label already stored by the old image of the same cell need not be written again.
    const old = labelsBefore.get(key) ?? {};
    for (const [name, label] of Object.entries(cell.labels))
      if (old[name] === label) delete cell.labels[name];
    if (Object.keys(cell.counters).length === 0 && Object.keys(cell.labels).length === 0) delta.delete(key);
  }
  return delta;
};
