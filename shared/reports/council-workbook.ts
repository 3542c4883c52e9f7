/**
 * The council workbook (`rar-{period}.xlsx`), for the RAR: figures only, suppression applied everywhere,
 * no row-level data and no ids. A common part (region key figures and, per theme, the zones and the
 * region-wide priorities from the surveys and the meetings' votes), one sheet per zone in its colour, and
 * an "about" sheet. FR and NL sit in two columns (A and B) so both are always fully visible; every text
 * cell wraps with a row tall enough for it. Charts are listed here and added to the finished file by
 * charts.ts (exceljs writes none).
 */
import { TZDate } from '@date-fns/tz';
import type { StoredMeeting } from '../records.ts';
import {
  type Bilingual,
  meetingKind,
  needsTopic,
  targetGroup,
  theme as themeRef,
} from '../reference/index.ts';
import type {
  RankingOption,
  ReportBody,
  ThemeFigures,
  VoteOption,
  ZoneFigures,
} from '../report-body/schema.ts';
import type { BarChart } from './charts.ts';
import { both, L, SHEETS, SUPPRESSED } from './labels.ts';
import {
  addSheet,
  type Book,
  type Cell,
  DATE,
  DATE_TIME,
  DEC,
  INT,
  LIGHT,
  NAVY,
  PERCENT,
  PP,
  SheetWriter,
  SIGNED,
  text,
  writeAboutLines,
} from './sheet-kit.ts';

export interface CouncilInput {
  body: ReportBody;
  meetings: StoredMeeting[];
  /** SHA-256 of the JSON report written in the same run. */
  jsonSha256: string;
}

/** A: FR label, B: NL label, C–H: figures; J (hidden, so wide that it never adds height): "FR · NL" for chart categories. */
const WIDTHS = [34, 34, 14, 14, 14, 14, 15, 15, 2, 250];
const COLS = 8;
const CHART_COL = 10;
/** Rows kept free below a theme or at the top of a zone sheet for its chart. */
const CHART_ROWS = 18;

const shown = (v: number | null): Cell => (v === null ? SUPPRESSED : v);

const HOUR_MS = 3_600_000;
/** Brussels' offset from UTC per UTC hour (it changes on a whole hour): one zone look-up per hour, not per row. */
const offsetByHour = new Map<number, number>();
const brusselsOffset = (utcHourStart: number): number => {
  let offset = offsetByHour.get(utcHourStart);
  if (offset === undefined) {
    const d = new TZDate(utcHourStart, 'Europe/Brussels');
    offset =
      Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) - utcHourStart;
    // Bounded: a year of hours at most.
    if (offsetByHour.size >= 10_000) offsetByHour.clear();
    offsetByHour.set(utcHourStart, offset);
  }
  return offset;
};

/** Europe/Brussels wall-clock time as a Date whose UTC fields are that time (Excel dates have no zone). */
export const brusselsWallClock = (iso: string): Date => {
  const t = new Date(iso).getTime();
  // Whole seconds, as the cell shows them.
  return new Date(Math.floor((t + brusselsOffset(Math.floor(t / HOUR_MS) * HOUR_MS)) / 1000) * 1000);
};

/** A calendar date (YYYY-MM-DD) as an Excel date. */
export const calendarDate = (ymd: string): Date => new Date(`${ymd}T00:00:00Z`);

const lookupLabel = (id: string, lookup: (id: string) => { label: Bilingual }): Bilingual => {
  try {
    return lookup(id).label;
  } catch {
    return { fr: id, nl: id };
  }
};

const title = (w: SheetWriter, label: Bilingual, opts: { fill?: string; pageBreakBefore?: boolean } = {}) =>
  w.row([text(both(label))], {
    bold: true,
    fill: opts.fill ?? LIGHT,
    merge: [1, COLS],
    ...(opts.pageBreakBefore ? { pageBreakBefore: true } : {}),
  });

const header = (w: SheetWriter, labels: Bilingual[], fillColour = NAVY) =>
  w.row(
    labels.map((l, i) => (i < 2 ? l.fr : both(l))),
    { bold: true, fill: fillColour },
  );

const HEAD_PAIR = (l: Bilingual): Bilingual[] => [
  { fr: `${l.fr} (FR)`, nl: `${l.fr} (FR)` },
  { fr: `${l.nl} (NL)`, nl: `${l.nl} (NL)` },
];

interface Block {
  first: number;
  last: number;
  categories: string[];
  values: (number | null)[];
  title: string;
  theme: Bilingual;
  /** What the chart is about, short: the question (or the vote). */
  subject: Bilingual;
}

/** One priorities question (or a vote) as its own titled block; returns what its chart needs. */
const priorityBlock = (
  w: SheetWriter,
  heading: string,
  theme: Bilingual,
  subject: Bilingual,
  options: (RankingOption | VoteOption)[],
  suppressed: boolean,
): Block | undefined => {
  w.row([text(heading)], { bold: true, fill: LIGHT, merge: [1, COLS] });
  header(w, [...HEAD_PAIR(L.option), L.points, L.share, L.firstChoices, L.rank, L.changeShare, L.changeRank]);
  if (options.length === 0) return undefined;
  let first = 0;
  const categories: string[] = [];
  const values: (number | null)[] = [];
  for (const o of options) {
    const row = w.row(
      [
        text(o.label.fr),
        text(o.label.nl),
        shown(o.points),
        suppressed ? SUPPRESSED : o.share,
        shown(o.firstChoices),
        suppressed ? SUPPRESSED : o.rank,
        suppressed ? SUPPRESSED : o.change.share,
        suppressed ? SUPPRESSED : o.change.rank,
        null,
        text(both(o.label)),
      ],
      { numFmt: { 3: INT, 4: PERCENT, 5: INT, 6: INT, 7: PP, 8: SIGNED } },
    );
    if (first === 0) first = row;
    categories.push(both(o.label));
    values.push(o.points);
  }
  w.dataBar(3, first, w.rowNo);
  return { first, last: w.rowNo, categories, values, title: heading, theme, subject };
};

const rankingTitle = (r: ThemeFigures['rankings'][number]) =>
  `${L.surveyPriorities.fr} « ${r.surveyTitle.fr} » : ${r.label.fr}\n${L.surveyPriorities.nl} "${r.surveyTitle.nl}": ${r.label.nl}`;

/** Every priorities block of a theme: each survey question, then the meetings' votes. */
const themePriorities = (w: SheetWriter, f: ThemeFigures): Block[] => {
  const blocks: Block[] = [];
  for (const r of f.rankings) {
    const b = priorityBlock(w, rankingTitle(r), f.label, r.label, r.options, r.suppressed);
    if (b) blocks.push(b);
    w.blank();
  }
  if (f.meetingVotes.length > 0) {
    const b = priorityBlock(w, `${L.votes.fr}\n${L.votes.nl}`, f.label, L.votes, f.meetingVotes, false);
    if (b) blocks.push(b);
    w.blank();
  }
  return blocks;
};

/** A chart of the first block with points to show (a fully suppressed block has none). */
const chartOf = (sheet: string, blocks: Block[], at: number, colour: string): BarChart | undefined => {
  const block = blocks.find((b) => b.values.some((v) => v !== null && v > 0));
  if (!block) return undefined;
  return {
    sheet,
    title: `${block.theme.fr} — ${block.subject.fr} (${L.points.fr})\n${block.theme.nl} — ${block.subject.nl} (${L.points.nl})`,
    seriesName: both(L.points),
    categoryColumn: CHART_COL,
    valueColumn: 3,
    firstRow: block.first,
    lastRow: block.last,
    categories: block.categories,
    values: block.values,
    colour,
    anchor: { col: 0, row: at, cols: COLS, rows: CHART_ROWS - 1 },
  };
};

const newWriter = (book: Book, name: string, period: string, colour?: string) => {
  const sheet = addSheet(book, name, period, { titleRows: '1:1', ...(colour ? { colour } : {}) });
  const w = new SheetWriter(sheet, WIDTHS);
  sheet.getColumn(CHART_COL).hidden = true;
  return w;
};

const keyFigureRows = (w: SheetWriter, t: ReportBody['region']['totals']) => {
  header(w, [...HEAD_PAIR(L.indicator), L.period, L.previous, L.change]);
  const line = (l: Bilingual, cur: Cell, prev: Cell, change: Cell, fmt = INT) =>
    w.row([l.fr, l.nl, cur, prev, change], { numFmt: { 3: fmt, 4: fmt, 5: fmt === INT ? SIGNED : DEC } });
  line(L.meetings, t.meetings, t.previous.meetings, t.change.meetings);
  line(L.participants, t.participants, t.previous.participants, t.change.participants);
  line(L.participantsMean, t.participantsMean, t.previous.participantsMean, null, DEC);
  line(
    L.responses,
    shown(t.surveyResponses),
    shown(t.previous.surveyResponses),
    t.suppressed ? SUPPRESSED : t.change.surveyResponses,
  );
};

const writeSummary = (book: Book, body: ReportBody, charts: BarChart[]) => {
  const name = SHEETS.summary;
  const w = newWriter(book, name, body.period);
  w.row([`${both(L.title)} ${body.period}`], { bold: true, fill: NAVY, size: 14, merge: [1, COLS] });
  w.row([L.period.fr, L.period.nl, body.period]);
  w.row([L.generatedAt.fr, L.generatedAt.nl, brusselsWallClock(body.generatedAt)], {
    numFmt: { 3: DATE_TIME },
    merge: [3, 4],
  });
  w.row([`${L.footnote.fr}\n${L.footnote.nl}`], { merge: [1, COLS] });
  if (!body.provenance.hasData) w.row([both(L.noData)], { bold: true, merge: [1, COLS] });
  w.blank();
  title(w, L.keyFigures);
  keyFigureRows(w, body.region.totals);
  w.blank();

  body.region.themes.forEach((f, i) => {
    // Each theme after the first starts a page.
    title(w, f.label, { fill: NAVY, pageBreakBefore: i > 0 });
    w.row([both(L.matrix)], { bold: true, merge: [1, COLS] });
    header(w, [...HEAD_PAIR(L.zone), L.meetings, L.participants, L.responses]);
    for (const z of body.zones) {
      const zf = z.themes.find((x) => x.theme === f.theme);
      w.row(
        [
          text(z.label.fr),
          text(z.label.nl),
          zf?.meetings ?? 0,
          zf?.participants ?? 0,
          zf ? shown(zf.surveyResponses) : 0,
        ],
        {
          fill: z.colour,
          only: [1, 2],
          numFmt: { 3: INT, 4: INT, 5: INT },
        },
      );
    }
    w.row([L.total.fr, L.total.nl, f.meetings, f.participants, shown(f.surveyResponses)], {
      bold: true,
      numFmt: { 3: INT, 4: INT, 5: INT },
    });
    w.blank();
    const blocks = themePriorities(w, f);
    const chart = chartOf(name, blocks, w.rowNo, '2F5597');
    if (chart) {
      charts.push(chart);
      w.blank(CHART_ROWS);
    }
  });
  w.finish();
};

const zoneSheetName = (z: ZoneFigures) => {
  const name = `${z.label.fr} - ${z.label.nl}`;
  return (name.length <= 31 ? name : z.zone).replace(/[\\/?*[\]:]/g, ' ');
};

const countRows = (w: SheetWriter, heading: Bilingual, counts: [Bilingual, number][]) => {
  if (counts.length === 0) return;
  header(w, [...HEAD_PAIR(heading), L.count]);
  for (const [label, n] of counts) w.row([text(label.fr), text(label.nl), n], { numFmt: { 3: INT } });
};

const writeZone = (
  book: Book,
  body: ReportBody,
  z: ZoneFigures,
  meetings: StoredMeeting[],
  charts: BarChart[],
) => {
  const name = zoneSheetName(z);
  const w = newWriter(book, name, body.period, z.colour);
  // Row 1 repeats on every printed page: the zone's name on its colour.
  w.row([`${both(L.zone)} : ${z.label.fr} · ${z.label.nl} — ${body.period}`], {
    bold: true,
    fill: z.colour,
    size: 14,
    merge: [1, COLS],
  });
  w.blank();
  title(w, L.zoneFigures);
  keyFigureRows(w, z.totals);
  w.blank();
  const chartAt = w.rowNo;
  w.blank(CHART_ROWS);

  const own = meetings.filter((m) => m.zone === z.zone).sort((a, b) => (a.date < b.date ? -1 : 1));
  title(w, L.meetingsOfZone);
  header(w, [...HEAD_PAIR(L.themeKind), L.date, L.number, L.participants]);
  for (const m of own) {
    const th = lookupLabel(m.theme, themeRef);
    const kind = lookupLabel(m.kind, meetingKind);
    w.row(
      [
        `${th.fr} — ${kind.fr}`,
        `${th.nl} — ${kind.nl}`,
        calendarDate(m.date),
        m.sequence ?? null,
        m.participants,
      ],
      {
        numFmt: { 3: DATE, 4: INT, 5: INT },
      },
    );
  }
  w.blank();

  const blocks: Block[] = [];
  const withData = z.themes.filter((f) => f.meetings > 0 || (f.surveyResponses ?? 0) > 0 || f.suppressed);
  for (const f of withData) {
    title(w, f.label, { fill: NAVY, pageBreakBefore: true });
    blocks.push(...themePriorities(w, f));
    countRows(
      w,
      L.needs,
      Object.entries(f.needsTopics)
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => [lookupLabel(id, needsTopic), n]),
    );
    countRows(
      w,
      L.targetGroups,
      Object.entries(f.targetGroups)
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => [lookupLabel(id, targetGroup), n]),
    );
    countRows(
      w,
      L.actions,
      f.actionTracks.map((a) => [a.label, a.count]),
    );
    w.blank();
  }
  const chart = chartOf(name, blocks, chartAt, z.colour);
  if (chart) charts.push(chart);
  w.finish();
};

const writeAbout = (book: Book, body: ReportBody, jsonSha256: string) => {
  const lines: [Bilingual, Cell][] = [
    [L.period, body.period],
    [L.previous, body.previousPeriod],
    [L.generatedAt, brusselsWallClock(body.generatedAt)],
    [{ fr: 'Sources', nl: 'Bronnen' }, 'Agrégats zonedata · zonedata-aggregaten'],
    [{ fr: 'Trimestres', nl: 'Kwartalen' }, body.provenance.quarters.join(', ')],
    [
      { fr: 'Enquêtes', nl: 'Enquêtes' },
      body.provenance.surveys.map((s) => `${s.title.fr} · ${s.title.nl} (v${s.version})`).join('\n'),
    ],
    [
      { fr: 'Points', nl: 'Punten' },
      '3 points au 1er choix, 2 au 2e, 1 au 3e · 3 punten voor de 1e keuze, 2 voor de 2e, 1 voor de 3e',
    ],
    [
      { fr: 'Rang', nl: 'Rang' },
      'Par points décroissants ; ex aequo = même rang (1, 2, 2, 4) ; sans points, pas de rang · Volgens dalende punten; gelijke punten = zelfde rang (1, 2, 2, 4); zonder punten geen rang',
    ],
    [
      { fr: 'Secret statistique', nl: 'Statistische geheimhouding' },
      `${body.suppression.rule.fr}\n${body.suppression.rule.nl}`,
    ],
    [{ fr: 'SHA-256 du rapport JSON', nl: 'SHA-256 van het JSON-rapport' }, jsonSha256],
    ...body.provenance.notes.map((n): [Bilingual, Cell] => [
      { fr: 'Note', nl: 'Opmerking' },
      `${n.fr}\n${n.nl}`,
    ]),
  ];
  writeAboutLines(book, SHEETS.about, body.period, lines);
};

/** Writes the council workbook into `book`; returns the charts to add to the finished file. */
export const writeCouncilWorkbook = (book: Book, input: CouncilInput): BarChart[] => {
  const charts: BarChart[] = [];
  writeSummary(book, input.body, charts);
  for (const z of input.body.zones) writeZone(book, input.body, z, input.meetings, charts);
  writeAbout(book, input.body, input.jsonSha256);
  return charts;
};
