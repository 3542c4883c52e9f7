/**
 * The report body of a period (GET /api/aggregates and rar-{period}.json): read the aggregate items of
 * the period's quarters and of the previous period (one Query per quarter) and the survey definitions;
 * never the source records. `assembleReportBody` is the pure part.
 *
 * Decisions (docs/aggregates.md):
 * - `zones` lists the five care zones always (a zone without data shows zeros), then the `region`
 *   pseudo-zone (region-wide bodies such as the RAR) only when it has meetings or responses in the period.
 * - The `region` entry sums every zone, the pseudo-zone included.
 * - A ranking question appears in a theme when some zone has answers to it in the period; every zone then
 *   lists it (an absent ranking would itself say "no answers").
 * - Filters (`zone`, `theme`) select entries after suppression is decided on the whole table, so a
 *   filtered answer never shows what the full one hides; totals stay the unfiltered ones.
 */
import { previousPeriod, quartersOf } from '../period.ts';
import { actionTrack, type Bilingual, REGION, reference } from '../reference/index.ts';
import {
  type RankingOption,
  REPORT_SCHEMA_VERSION,
  type ReportBody,
  type ThemeFigures,
  type Totals,
  type VoteOption,
} from '../report-body/schema.ts';
import { clients } from '../store/clients.ts';
import { type Catalogue, type CatalogueQuestion, loadCatalogue, loadOlderVersions } from './catalogue.ts';
import { addFigures, emptyFigures, figuresByZoneTheme, type RawFigures, rankScores } from './figures.ts';
import { readQuarter, type StoredCell } from './store.ts';
import {
  cellId,
  SUPPRESSION_RULE,
  suppressRankingLine,
  suppressTable,
  THRESHOLD,
  TOTAL,
} from './suppression.ts';

const ZONES = reference.zones.map((z) => z.id);
const THEMES = reference.themes.map((t) => t.id);

/** What the period's suppression decided. */
interface Hidden {
  cells: Set<string>;
  /** Per `${theme}|${surveyId}#${questionId}`: withheld zone rankings and whether the region's is. */
  rankings: Map<string, { zones: Set<string>; region: boolean }>;
  primary: number;
  secondary: number;
}

type ByCell = Map<string, RawFigures>;

const fig = (m: ByCell, zone: string, theme: string): RawFigures =>
  m.get(`${zone}|${theme}`) ?? emptyFigures();
const sum = (list: RawFigures[]): RawFigures => list.reduce((a, b) => addFigures(a, b), emptyFigures());
const regionTheme = (m: ByCell, theme: string) => sum(ZONES.map((z) => fig(m, z, theme)));
const zoneTotal = (m: ByCell, zone: string) => sum(THEMES.map((t) => fig(m, zone, t)));

const rankingKeys = (m: ByCell, theme: string): string[] =>
  [...new Set(ZONES.flatMap((z) => [...fig(m, z, theme).rankings.keys()]))].sort();

/** How a year's cells relate to its quarters' published suppression (suppression.ts, rule 3). */
interface QuarterLink {
  forced: Set<string>;
  known: Set<string>;
  /** Per `${theme}|${key}`. */
  rankings: Map<string, { forcedZones: Set<string>; knownZones: Set<string>; forcedRegion: boolean }>;
}

const linkToQuarters = (quarters: Hidden[]): QuarterLink => {
  const cellIds = [...ZONES, TOTAL].flatMap((z) => [...THEMES, TOTAL].map((t) => cellId(z, t)));
  const withheldIn = (id: string) => quarters.filter((q) => q.cells.has(id)).length;
  const rankingKeysAll = new Set(quarters.flatMap((q) => [...q.rankings.keys()]));
  const rankings = new Map<
    string,
    { forcedZones: Set<string>; knownZones: Set<string>; forcedRegion: boolean }
  >();
  for (const key of rankingKeysAll) {
    const zoneCount = (z: string) => quarters.filter((q) => q.rankings.get(key)?.zones.has(z)).length;
    rankings.set(key, {
      forcedZones: new Set(ZONES.filter((z) => zoneCount(z) === 1)),
      knownZones: new Set(ZONES.filter((z) => zoneCount(z) === 0)),
      forcedRegion: quarters.filter((q) => q.rankings.get(key)?.region).length === 1,
    });
  }
  return {
    forced: new Set(cellIds.filter((id) => withheldIn(id) === 1)),
    known: new Set(cellIds.filter((id) => withheldIn(id) === 0)),
    rankings,
  };
};

/** Primary and secondary suppression of one period's figures (see suppression.ts). */
export const decideSuppression = (m: ByCell, link?: QuarterLink): Hidden => {
  const table = suppressTable(
    { rows: ZONES, cols: THEMES, value: (z, t) => fig(m, z, t).responses },
    link ? { forced: link.forced, known: link.known } : {},
  );
  const rankings = new Map<string, { zones: Set<string>; region: boolean }>();
  let primary = table.primary;
  let secondary = table.secondary;
  for (const theme of THEMES) {
    const hiddenCells = new Set(ZONES.filter((z) => table.hidden.has(cellId(z, theme))));
    for (const key of rankingKeys(m, theme)) {
      const answered = new Map(ZONES.map((z) => [z, fig(m, z, theme).rankings.get(key)?.answered ?? 0]));
      const linked = link?.rankings.get(`${theme}|${key}`);
      const line = suppressRankingLine(answered, hiddenCells, linked ?? {});
      const regionAnswered = [...answered.values()].reduce((s, n) => s + n, 0);
      // The region's ranking goes with the region's response count for the theme.
      const region = line.region || table.hidden.has(cellId(TOTAL, theme));
      rankings.set(`${theme}|${key}`, { zones: line.zones, region });
      const regionPrimary =
        (regionAnswered > 0 && regionAnswered < THRESHOLD) || linked?.forcedRegion ? 1 : 0;
      primary += line.primary + regionPrimary;
      secondary += line.zones.size - line.primary + (region ? 1 - regionPrimary : 0);
    }
  }
  return { cells: table.hidden, rankings, primary, secondary };
};

/** A period's suppression; a year's is linked to its four quarters' (each decided as its own report). */
export const suppressionOfPeriod = (period: string, cells: StoredCell[]): Hidden => {
  const quarters = quartersOf(period);
  const whole = figuresByZoneTheme(cells);
  if (quarters.length === 1) return decideSuppression(whole);
  const perQuarter = quarters.map((q) =>
    decideSuppression(figuresByZoneTheme(cells.filter((c) => c.quarter === q))),
  );
  return decideSuppression(whole, linkToQuarters(perQuarter));
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (f: RawFigures) => (f.meetings > 0 ? round1(f.participants / f.meetings) : null);
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const sortedRecord = (m: Map<string, number>) =>
  Object.fromEntries([...m].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const figuresOf = (f: RawFigures, hidden: boolean, p: RawFigures, prevHidden: boolean): Totals => {
  const surveyResponses = hidden ? null : f.responses;
  const previousResponses = prevHidden ? null : p.responses;
  return {
    meetings: f.meetings,
    participants: f.participants,
    participantsMean: mean(f),
    meetingsByKind: sortedRecord(f.kinds),
    surveyResponses,
    suppressed: hidden,
    previous: {
      meetings: p.meetings,
      participants: p.participants,
      participantsMean: mean(p),
      surveyResponses: previousResponses,
    },
    change: {
      meetings: f.meetings - p.meetings,
      participants: f.participants - p.participants,
      surveyResponses: diff(surveyResponses, previousResponses),
    },
  };
};

const noPrevious = { points: null, share: null, firstChoices: null, rank: null };

/** Percent of `total`, one decimal; null without points. */
const shareOf = (points: number | null, total: number) =>
  points === null || total <= 0 ? null : Math.round((points / total) * 1000) / 10;
const shareDiff = (a: number | null, b: number | null) =>
  a === null || b === null ? null : Math.round((a - b) * 10) / 10;
/** Options with no points get no rank. */
const rankIfScored = (r: { points: number; rank: number }) => (r.points > 0 ? r.rank : null);
const totalPoints = (list: { points: number }[]) => list.reduce((n, r) => n + r.points, 0);

const bilingualOf = (label: { fr?: string; nl?: string } | undefined, id: string): Bilingual => ({
  fr: label?.fr ?? label?.nl ?? id,
  nl: label?.nl ?? label?.fr ?? id,
});

const fallbackLabel = (id: string): Bilingual => ({ fr: id, nl: id });

/** The question (current version, or the latest older version that has it). */
const questionOf = (
  catalogue: Catalogue,
  surveyId: string,
  questionId: string,
): CatalogueQuestion | undefined => {
  const current = catalogue.surveys.get(surveyId)?.questions.find((q) => q.id === questionId);
  if (current) return current;
  for (const v of catalogue.older.get(surveyId) ?? []) {
    const q = v.questions.find((x) => x.id === questionId);
    if (q) return q;
  }
  return undefined;
};

const optionLabel = (
  catalogue: Catalogue,
  surveyId: string,
  questionId: string,
  option: string,
): Bilingual => {
  const versions = [catalogue.surveys.get(surveyId), ...(catalogue.older.get(surveyId) ?? [])];
  for (const v of versions) {
    const label = v?.questions.find((q) => q.id === questionId)?.options.find((o) => o.id === option)?.label;
    if (label) return label;
  }
  return fallbackLabel(option);
};

interface RankingContext {
  catalogue: Catalogue;
  key: string;
  current: RawFigures;
  previous: RawFigures;
  hidden: boolean;
  /** Undefined when the previous period has no answers to the question here. */
  previousHidden: boolean | undefined;
}

const rankingOf = ({ catalogue, key, current, previous, hidden, previousHidden }: RankingContext) => {
  const [surveyId = '', questionId = ''] = key.split('#');
  const question = questionOf(catalogue, surveyId, questionId);
  const cur = current.rankings.get(key) ?? { answered: 0, options: new Map() };
  const prev = previous.rankings.get(key);
  const defined = question?.options.map((o) => o.id) ?? [];
  const extra = [...new Set([...cur.options.keys(), ...(prev?.options.keys() ?? [])])]
    .filter((o) => !defined.includes(o))
    .sort();
  const optionIds = [...defined, ...extra];
  const scores = (r: typeof cur | undefined, o: string) => ({
    option: o,
    points: r?.options.get(o)?.points ?? 0,
    firstChoices: r?.options.get(o)?.firstChoices ?? 0,
    secondChoices: r?.options.get(o)?.secondChoices ?? 0,
    thirdChoices: r?.options.get(o)?.thirdChoices ?? 0,
  });
  const ranked = rankScores(optionIds.map((o) => scores(cur, o)));
  const prevComparable = previousHidden === false && prev !== undefined && prev.answered > 0;
  const prevList = prevComparable ? rankScores(optionIds.map((o) => scores(prev, o))) : undefined;
  const prevRanked = prevList ? new Map(prevList.map((r) => [r.option, r])) : undefined;
  const total = totalPoints(ranked);
  const prevTotal = prevList ? totalPoints(prevList) : 0;
  // A withheld ranking keeps the questionnaire's order: the order itself would tell the points apart.
  const order = hidden
    ? optionIds.map((o) => ({
        option: o,
        points: 0,
        firstChoices: 0,
        secondChoices: 0,
        thirdChoices: 0,
        rank: 0,
      }))
    : ranked;
  const options: RankingOption[] = order.map((r) => {
    const p = prevRanked?.get(r.option);
    const points = hidden ? null : r.points;
    const firstChoices = hidden ? null : r.firstChoices;
    const secondChoices = hidden ? null : r.secondChoices;
    const thirdChoices = hidden ? null : r.thirdChoices;
    const rank = hidden ? null : rankIfScored(r);
    const optionShare = shareOf(points, total);
    const previousFigures = p
      ? {
          points: p.points,
          share: shareOf(p.points, prevTotal),
          firstChoices: p.firstChoices,
          rank: rankIfScored(p),
        }
      : noPrevious;
    return {
      option: r.option,
      label: optionLabel(catalogue, surveyId, questionId, r.option),
      points,
      share: optionShare,
      firstChoices,
      secondChoices,
      thirdChoices,
      rank,
      previous: previousFigures,
      change: {
        points: diff(points, previousFigures.points),
        share: shareDiff(optionShare, previousFigures.share),
        firstChoices: diff(firstChoices, previousFigures.firstChoices),
        rank: diff(rank, previousFigures.rank),
      },
    };
  });
  const survey = catalogue.surveys.get(surveyId);
  return {
    surveyId,
    questionId,
    surveyTitle: survey?.title ?? fallbackLabel(surveyId),
    label: question?.label ?? fallbackLabel(questionId),
    weights: question?.weights ?? [3, 2, 1],
    answered: hidden ? null : cur.answered,
    suppressed: hidden,
    options,
  };
};

const votesOf = (current: RawFigures, previous: RawFigures): VoteOption[] => {
  const ranked = rankScores([...current.votes].map(([option, s]) => ({ option, ...s })));
  const prevList =
    previous.votes.size > 0 ? rankScores([...previous.votes].map(([option, s]) => ({ option, ...s }))) : [];
  const prevRanked = prevList.length > 0 ? new Map(prevList.map((r) => [r.option, r])) : undefined;
  const total = totalPoints(ranked);
  const prevTotal = totalPoints(prevList);
  return ranked.map((r) => {
    const p = prevRanked?.get(r.option);
    const prev = prevRanked
      ? {
          points: p?.points ?? 0,
          share: shareOf(p?.points ?? 0, prevTotal),
          firstChoices: p?.firstChoices ?? 0,
          rank: p ? rankIfScored(p) : null,
        }
      : noPrevious;
    const rank = rankIfScored(r);
    const optionShare = shareOf(r.points, total);
    return {
      option: r.option,
      label: bilingualOf(current.voteLabels.get(r.option) ?? previous.voteLabels.get(r.option), r.option),
      points: r.points,
      share: optionShare,
      firstChoices: r.firstChoices,
      secondChoices: r.secondChoices,
      thirdChoices: r.thirdChoices,
      rank,
      previous: prev,
      change: {
        points: diff(r.points, prev.points),
        share: shareDiff(optionShare, prev.share),
        firstChoices: diff(r.firstChoices, prev.firstChoices),
        rank: diff(rank, prev.rank),
      },
    };
  });
};

const trackLabel = (track: string): Bilingual => {
  try {
    return actionTrack(track).label;
  } catch {
    return fallbackLabel(track);
  }
};

export interface AssembleInput {
  period: string;
  cells: StoredCell[];
  previousCells: StoredCell[];
  catalogue: Catalogue;
  generatedAt: Date;
  runId: string | null;
  codeVersion: string | null;
  zone?: string;
  theme?: string;
}

/** The report body from aggregate cells (pure). */
export const assembleReportBody = (input: AssembleInput): ReportBody => {
  const cur = figuresByZoneTheme(input.cells);
  const prev = figuresByZoneTheme(input.previousCells);
  const hidden = suppressionOfPeriod(input.period, input.cells);
  const prevHidden = suppressionOfPeriod(previousPeriod(input.period), input.previousCells);

  const themeEntry = (zone: string | typeof TOTAL, theme: string): ThemeFigures => {
    const f = zone === TOTAL ? regionTheme(cur, theme) : fig(cur, zone, theme);
    const p = zone === TOTAL ? regionTheme(prev, theme) : fig(prev, zone, theme);
    const cellHidden = hidden.cells.has(cellId(zone, theme));
    const prevCellHidden = prevHidden.cells.has(cellId(zone, theme));
    const rankingHidden = (h: Hidden, key: string) => {
      const r = h.rankings.get(`${theme}|${key}`);
      if (!r) return undefined;
      return zone === TOTAL ? r.region : r.zones.has(zone);
    };
    const label = reference.themes.find((t) => t.id === theme)?.label ?? fallbackLabel(theme);
    return {
      theme,
      label,
      ...figuresOf(f, cellHidden, p, prevCellHidden),
      targetGroups: sortedRecord(f.targetGroups),
      needsTopics: sortedRecord(f.needsTopics),
      actionTracks: [...f.actions]
        .filter(([, n]) => n > 0)
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
        .map(([track, count]) => ({ track, label: trackLabel(track), count })),
      rankings: rankingKeys(cur, theme).map((key) =>
        rankingOf({
          catalogue: input.catalogue,
          key,
          current: f,
          previous: p,
          hidden: rankingHidden(hidden, key) ?? true,
          previousHidden: rankingHidden(prevHidden, key),
        }),
      ),
      meetingVotes: votesOf(f, p),
    };
  };

  const totalsOf = (zone: string | typeof TOTAL): Totals => {
    const f = zone === TOTAL ? sum(ZONES.map((z) => zoneTotal(cur, z))) : zoneTotal(cur, zone);
    const p = zone === TOTAL ? sum(ZONES.map((z) => zoneTotal(prev, z))) : zoneTotal(prev, zone);
    return figuresOf(f, hidden.cells.has(cellId(zone, TOTAL)), p, prevHidden.cells.has(cellId(zone, TOTAL)));
  };

  const themes = THEMES.filter((t) => input.theme === undefined || t === input.theme);
  const regionHasData = THEMES.some(
    (t) => fig(cur, REGION, t).meetings > 0 || fig(cur, REGION, t).responses > 0,
  );
  const zones = reference.zones
    .filter((z) => (z.id === REGION ? regionHasData || input.zone === REGION : true))
    .filter((z) => input.zone === undefined || z.id === input.zone)
    .map((z) => ({
      zone: z.id,
      label: z.label,
      colour: z.colour,
      totals: totalsOf(z.id),
      themes: themes.map((t) => themeEntry(z.id, t)),
    }));

  const regionTotals = totalsOf(TOTAL);
  const hasData = regionTotals.meetings > 0 || sum(ZONES.map((z) => zoneTotal(cur, z))).responses > 0;
  const responsesBySurvey = sum(ZONES.map((z) => zoneTotal(cur, z))).surveys;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    period: input.period,
    previousPeriod: previousPeriod(input.period),
    runId: input.runId,
    generatedAt: input.generatedAt.toISOString(),
    scope: { zone: input.zone ?? null, theme: input.theme ?? null },
    region: { totals: regionTotals, themes: themes.map((t) => themeEntry(TOTAL, t)) },
    zones,
    suppression: {
      threshold: THRESHOLD,
      rule: SUPPRESSION_RULE,
      primaryCells: hidden.primary,
      secondaryCells: hidden.secondary,
    },
    provenance: {
      source: 'aggregates',
      quarters: quartersOf(input.period),
      previousPeriod: previousPeriod(input.period),
      aggregateItems: input.cells.length,
      surveys: [...responsesBySurvey]
        .filter(([, n]) => n > 0)
        .map(([surveyId]) => {
          const s = input.catalogue.surveys.get(surveyId);
          return { surveyId, version: s?.version ?? 0, title: s?.title ?? fallbackLabel(surveyId) };
        })
        .sort((a, b) => (a.surveyId < b.surveyId ? -1 : 1)),
      hasData,
      notes: hasData
        ? []
        : [
            {
              fr: `Aucune réunion ni réponse d’enquête enregistrée pour la période ${input.period}.`,
              nl: `Geen vergaderingen of enquêteantwoorden geregistreerd voor de periode ${input.period}.`,
            },
          ],
      codeVersion: input.codeVersion,
    },
  };
};

/** Every aggregate item of the given quarters (one Query each, in parallel). */
export const readPeriod = async (quarters: string[]): Promise<StoredCell[]> =>
  (await Promise.all(quarters.map(readQuarter))).flat();

/** Loads older survey versions for any ranking question or option the current definitions do not name. */
const completeCatalogue = async (catalogue: Catalogue, cells: StoredCell[]): Promise<void> => {
  const missing = new Set<string>();
  for (const cell of cells) {
    for (const name of Object.keys(cell.counters)) {
      if (!name.startsWith('rp#')) continue;
      const [, surveyId = '', questionId = '', option = ''] = name.split('#');
      const q = catalogue.surveys.get(surveyId)?.questions.find((x) => x.id === questionId);
      if (!q?.options.some((o) => o.id === option)) missing.add(surveyId);
    }
  }
  await Promise.all([...missing].map((surveyId) => loadOlderVersions(catalogue, surveyId)));
};

export interface BuildReportOptions {
  zone?: string;
  theme?: string;
  now?: Date;
  /** Set by a report run; null (the default) for the live API. */
  runId?: string | null;
}

/** The report body of a period: one Query per quarter of the period and of the previous one. */
export const buildReportBody = async (
  period: string,
  options: BuildReportOptions = {},
): Promise<ReportBody> => {
  const [cells, previousCells, catalogue] = await Promise.all([
    readPeriod(quartersOf(period)),
    readPeriod(quartersOf(previousPeriod(period))),
    loadCatalogue(),
  ]);
  await completeCatalogue(catalogue, [...cells, ...previousCells]);
  return assembleReportBody({
    period,
    cells,
    previousCells,
    catalogue,
    generatedAt: options.now ?? new Date(),
    runId: options.runId ?? null,
    codeVersion: clients().config.CODE_VERSION,
    ...(options.zone !== undefined ? { zone: options.zone } : {}),
    ...(options.theme !== undefined ? { theme: options.theme } : {}),
  });
};
