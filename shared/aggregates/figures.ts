/**
 * From stored counters to figures (pure): summing aggregate cells over quarters and zones, and ranking
 * options by points.
 *
 * Ranking rule (standard competition ranking): options are ranked by points, highest first; options with
 * equal points share a rank and the next rank skips (1, 2, 2, 4). For display only, tied options are
 * ordered by first choices (more first) and then by option id.
 */
import type { StoredCell } from './store.ts';

export interface Scores {
  points: number;
  firstChoices: number;
  secondChoices: number;
  thirdChoices: number;
}

/** The figures of one zone × theme (or a sum of them), decoded from the flat counters. */
export interface RawFigures {
  meetings: number;
  participants: number;
  responses: number;
  kinds: Map<string, number>;
  targetGroups: Map<string, number>;
  needsTopics: Map<string, number>;
  actions: Map<string, number>;
  votes: Map<string, Scores>;
  /** FR / NL label of each vote option, as typed on the meeting forms (the latest form wins). */
  voteLabels: Map<string, { fr?: string; nl?: string }>;
  /** Responses per survey id. */
  surveys: Map<string, number>;
  /** Per `${surveyId}#${questionId}`: responses that answered it, and scores per option. */
  rankings: Map<string, { answered: number; options: Map<string, Scores> }>;
}

export const emptyFigures = (): RawFigures => ({
  meetings: 0,
  participants: 0,
  responses: 0,
  kinds: new Map(),
  targetGroups: new Map(),
  needsTopics: new Map(),
  actions: new Map(),
  votes: new Map(),
  voteLabels: new Map(),
  surveys: new Map(),
  rankings: new Map(),
});

const bump = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

const scoresOf = (map: Map<string, Scores>, key: string): Scores => {
  let s = map.get(key);
  if (!s) {
    s = { points: 0, firstChoices: 0, secondChoices: 0, thirdChoices: 0 };
    map.set(key, s);
  }
  return s;
};

const rankingOf = (f: RawFigures, key: string) => {
  let r = f.rankings.get(key);
  if (!r) {
    r = { answered: 0, options: new Map() };
    f.rankings.set(key, r);
  }
  return r;
};

const RANK_FIELD = { rp: 'points', rf: 'firstChoices', r2: 'secondChoices', r3: 'thirdChoices' } as const;

/** Adds every score of `b` into `a`. */
const addScores = (a: Scores, b: Scores): void => {
  a.points += b.points;
  a.firstChoices += b.firstChoices;
  a.secondChoices += b.secondChoices;
  a.thirdChoices += b.thirdChoices;
};

/** Counter name parts: prefix, then ids (survey, question and option ids are slugs without '#'). */
const splitCounter = (name: string): string[] => name.split('#');

/** Adds one counter named `${prefix}#${ids}` into `into`. */
const addPrefixedCounter = (into: RawFigures, name: string, n: number): void => {
  const [prefix, ...rest] = splitCounter(name);
  const tail = rest.join('#');
  switch (prefix) {
    case 'mk':
      bump(into.kinds, tail, n);
      break;
    case 'tg':
      bump(into.targetGroups, tail, n);
      break;
    case 'nt':
      bump(into.needsTopics, tail, n);
      break;
    case 'ac':
      bump(into.actions, tail, n);
      break;
    case 'vp':
      scoresOf(into.votes, tail).points += n;
      break;
    case 'vf':
      scoresOf(into.votes, tail).firstChoices += n;
      break;
    case 'v2':
      scoresOf(into.votes, tail).secondChoices += n;
      break;
    case 'v3':
      scoresOf(into.votes, tail).thirdChoices += n;
      break;
    case 'rs':
      bump(into.surveys, tail, n);
      break;
    case 'rq':
      rankingOf(into, tail).answered += n;
      break;
    case 'rp':
    case 'rf':
    case 'r2':
    case 'r3': {
      const [surveyId, questionId, ...option] = rest;
      const scores = scoresOf(rankingOf(into, `${surveyId}#${questionId}`).options, option.join('#'));
      scores[RANK_FIELD[prefix]] += n;
      break;
    }
    default:
      break; // unknown counters (a newer version's) are ignored, not guessed at
  }
};

/** Adds one item's vote labels (`vlfr#…`, `vlnl#…`, older `vl#…`) into `into`. */
const addVoteLabels = (into: RawFigures, labels: Record<string, string>): void => {
  for (const [name, label] of Object.entries(labels)) {
    const [prefix = '', ...rest] = splitCounter(name);
    const option = rest.join('#');
    const known = into.voteLabels.get(option) ?? {};
    if (prefix === 'vlfr') into.voteLabels.set(option, { ...known, fr: label });
    else if (prefix === 'vlnl') into.voteLabels.set(option, { ...known, nl: label });
    // Older items: one label string, used where no language-specific label is known.
    else if (prefix === 'vl') into.voteLabels.set(option, { fr: label, nl: label, ...known });
  }
};

/** Adds one item's counters (and labels) into `into`. */
export const addCounters = (
  into: RawFigures,
  counters: Record<string, number>,
  labels: Record<string, string> = {},
): RawFigures => {
  for (const [name, n] of Object.entries(counters)) {
    if (name === 'meetings') into.meetings += n;
    else if (name === 'participants') into.participants += n;
    else if (name === 'responses') into.responses += n;
    else addPrefixedCounter(into, name, n);
  }
  addVoteLabels(into, labels);
  return into;
};

/** Adds figures `b` into `a`. */
export const addFigures = (a: RawFigures, b: RawFigures): RawFigures => {
  a.meetings += b.meetings;
  a.participants += b.participants;
  a.responses += b.responses;
  for (const [k, n] of b.kinds) bump(a.kinds, k, n);
  for (const [k, n] of b.targetGroups) bump(a.targetGroups, k, n);
  for (const [k, n] of b.needsTopics) bump(a.needsTopics, k, n);
  for (const [k, n] of b.actions) bump(a.actions, k, n);
  for (const [k, s] of b.votes) {
    addScores(scoresOf(a.votes, k), s);
  }
  for (const [k, l] of b.voteLabels) a.voteLabels.set(k, { ...a.voteLabels.get(k), ...l });
  for (const [k, n] of b.surveys) bump(a.surveys, k, n);
  for (const [k, r] of b.rankings) {
    const t = rankingOf(a, k);
    t.answered += r.answered;
    for (const [o, s] of r.options) {
      addScores(scoresOf(t.options, o), s);
    }
  }
  return a;
};

/** Figures per `${zone}|${theme}`, summed over the given cells (e.g. the four quarters of a year). */
export const figuresByZoneTheme = (cells: StoredCell[]): Map<string, RawFigures> => {
  const out = new Map<string, RawFigures>();
  for (const cell of cells) {
    const key = `${cell.zone}|${cell.theme}`;
    let f = out.get(key);
    if (!f) {
      f = emptyFigures();
      out.set(key, f);
    }
    addCounters(f, cell.counters, cell.labels);
  }
  return out;
};

/** Standard competition ranking on points (1, 2, 2, 4); display order: points, first choices, id. */
export const rankScores = <T extends { option: string; points: number; firstChoices: number }>(
  entries: T[],
): (T & { rank: number })[] => {
  const sorted = [...entries].sort(
    (a, b) =>
      b.points - a.points ||
      b.firstChoices - a.firstChoices ||
      (a.option < b.option ? -1 : a.option > b.option ? 1 : 0),
  );
  let rank = 0;
  return sorted.map((e, i) => {
    if (i === 0 || e.points !== (sorted[i - 1] as T).points) rank = i + 1;
    return { ...e, rank };
  });
};
