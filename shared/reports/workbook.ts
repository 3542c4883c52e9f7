/**
 * The data workbook (`data-{period}.xlsx`), for staff only: the period's meetings and survey responses row
 * by row, with FR/NL labels instead of ids (ids in a last column), and an "about" sheet. Written with
 * exceljs's streaming writer: rows are committed as they are produced, so 100k responses never sit in
 * memory. Data rows share a few style objects (exceljs resolves a style once per object), so styling
 * them costs nothing per row. The same content can be written into an in-memory Workbook (the
 * benchmark baseline).
 */
import type ExcelJS from 'exceljs';
import { DEFAULT_WEIGHTS } from '../aggregates/contributions.ts';
import type { Question, StoredMeeting, StoredResponse, StoredSurvey } from '../records.ts';
import {
  actionTrack,
  type Bilingual,
  meetingKind,
  needsTopic,
  sector,
  targetGroup,
  theme as themeRef,
  zone as zoneRef,
} from '../reference/index.ts';
import type { ReportBody } from '../report-body/schema.ts';
import { brusselsWallClock, calendarDate } from './council-workbook.ts';
import { both, L, SHEETS } from './labels.ts';
import {
  addSheet,
  type Book,
  type Cell,
  DATE,
  DATE_TIME,
  linesFor,
  NAVY,
  SheetWriter,
  text,
  writeAboutLines,
} from './sheet-kit.ts';

/** The rows of the data workbook. */
export interface DataRowsInput {
  period: string;
  meetings: StoredMeeting[];
  surveys: StoredSurvey[];
  /** Pages of the period's responses, read once. */
  responses: AsyncIterable<StoredResponse[]>;
}

/** What the "about" sheet says of the run (known only once the figures are checked). */
export interface AboutInput {
  body: ReportBody;
  /** SHA-256 of the JSON report written in the same run. */
  jsonSha256: string;
}

export type WorkbookInput = Omit<DataRowsInput, 'period'> & AboutInput;

export interface WorkbookStats {
  meetingRows: number;
  responseRows: number;
}

type Sheet = ExcelJS.Worksheet;

/** Rows between two turns of the event loop while writing responses. */
const DRAIN_EVERY = 2_000;

/** Shared, never mutated: one style id each for every data cell. */
const WRAP: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE, alignment: { vertical: 'top' } };
const DATE_TIME_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_TIME, alignment: { vertical: 'top' } };
const NUMBER_STYLE: Partial<ExcelJS.Style> = { numFmt: '#,##0', alignment: { vertical: 'top' } };

const styleOf = (v: Cell) =>
  v instanceof Date
    ? v.getUTCHours() + v.getUTCMinutes() === 0
      ? DATE_STYLE
      : DATE_TIME_STYLE
    : typeof v === 'number'
      ? NUMBER_STYLE
      : WRAP;

/** A data row, tall enough for its wrapped text (an estimate from the column widths: no per-row measuring). */
const dataRow = (sheet: Sheet, widths: number[], values: Cell[]) => {
  const r = sheet.addRow(values);
  let lines = 1;
  values.forEach((v, i) => {
    if (typeof v === 'string') lines = Math.max(lines, linesFor(v, widths[i] ?? 10));
  });
  r.eachCell((c) => {
    c.style = styleOf(c.value as Cell);
  });
  if (lines > 1) r.height = Math.min(409, lines * 15);
  r.commit();
};

/** Label look-ups, memoised: the same few ids come back on every row. */
const memo = (f: (id: string) => string) => {
  const cache = new Map<string, string>();
  return (id: string) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = f(id);
      cache.set(id, v);
    }
    return v;
  };
};
const labelled = (lookup: (id: string) => { label: Bilingual }) =>
  memo((id) => {
    try {
      return text(both(lookup(id).label));
    } catch {
      return text(id);
    }
  });
const zoneLabel = labelled(zoneRef);
const themeLabel = labelled(themeRef);
const kindLabel = labelled(meetingKind);
const topicLabel = labelled(needsTopic);
const groupLabel = labelled(targetGroup);
const sectorLabel = labelled(sector);
const trackLabel = labelled(actionTrack);
const LANGUAGE: Record<string, string> = { fr: 'Français · Frans', nl: 'Néerlandais · Nederlands' };

const header = (w: SheetWriter, labels: string[]) => w.row(labels, { bold: true, fill: NAVY });

const voteLabel = (l: { fr?: string; nl?: string }) =>
  l.fr && l.nl ? `${l.fr} · ${l.nl}` : (l.fr ?? l.nl ?? '');

/** The points of each vote option (ballots scored 3-2-1, or counted points). */
const votePoints = (m: StoredMeeting): string => {
  if (!m.votes) return '';
  const points = new Map<string, number>();
  for (const ballot of m.votes.ballots ?? [])
    ballot.forEach((id, i) => {
      points.set(id, (points.get(id) ?? 0) + (DEFAULT_WEIGHTS[i] ?? 0));
    });
  for (const [id, n] of Object.entries(m.votes.points ?? {})) points.set(id, (points.get(id) ?? 0) + n);
  return m.votes.options.map((o) => `${voteLabel(o.label)} : ${points.get(o.id) ?? 0}`).join('\n');
};

const writeMeetings = (book: Book, period: string, meetings: StoredMeeting[]) => {
  // Printed: the columns a reader needs (A–L), landscape, header repeated; language, version, id after.
  const sheet = addSheet(book, SHEETS.meetings, period, {
    frozenRows: 1,
    landscape: true,
    titleRows: '1:1',
    printArea: 'A:L',
  });
  const w = new SheetWriter(sheet, [11, 20, 24, 24, 6, 18, 11, 28, 36, 40, 44, 34, 14, 8, 38]);
  const headers = [
    L.date,
    L.zone,
    L.theme,
    L.kind,
    L.number,
    L.venue,
    L.participants,
    { fr: 'Participants par secteur', nl: 'Deelnemers per sector' },
    { fr: 'Besoins (publics cibles)', nl: 'Behoeften (doelgroepen)' },
    { fr: 'Constats', nl: 'Vaststellingen' },
    L.actions,
    L.votes,
    L.language,
    { fr: 'Version', nl: 'Versie' },
    { fr: 'Identifiant', nl: 'Id' },
  ].map(both);
  header(w, headers);
  for (const m of meetings)
    dataRow(sheet, w.widths, [
      calendarDate(m.date),
      zoneLabel(m.zone),
      themeLabel(m.theme),
      kindLabel(m.kind),
      m.sequence ?? null,
      text(m.venue ?? ''),
      m.participants,
      Object.entries(m.participantsBySector ?? {})
        .map(([s, n]) => `${sectorLabel(s)} : ${n}`)
        .join('\n'),
      text(
        m.needs
          .map(
            (n) =>
              `${topicLabel(n.topic)} (${n.targetGroups.map(groupLabel).join(', ')})${n.note ? ` — ${n.note}` : ''}`,
          )
          .join('\n'),
      ),
      text(m.findings.join('\n')),
      text(
        m.actions
          .map((a) => `${trackLabel(a.track)}${a.heading ? ` (${a.heading})` : ''} : ${a.text}`)
          .join('\n'),
      ),
      text(votePoints(m)),
      LANGUAGE[m.language] ?? m.language,
      m.version,
      m.meetingId,
    ]);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  w.finish();
  return meetings.length;
};

interface Column {
  surveyId: string;
  question: Question;
  /** Option id → "FR · NL". */
  options: Map<string, string>;
}

/** One column per question of every survey; free text only where the question allows publication. */
const responseColumns = (surveys: StoredSurvey[]): Column[] =>
  surveys.flatMap((s) =>
    s.questions
      .filter((q) => q.type !== 'zone' && (q.type !== 'text' || q.publish === true))
      .map((q) => ({
        surveyId: s.surveyId,
        question: q,
        options: new Map('options' in q ? q.options.map((o) => [o.id, text(both(o.label))]) : []),
      })),
  );

const answerCell = (c: Column, a: StoredResponse['answers'][string] | undefined): Cell => {
  if (a === undefined) return undefined;
  if (typeof a === 'number') return a;
  const label = (id: string) => c.options.get(id) ?? text(id);
  if (Array.isArray(a))
    return c.question.type === 'ranking'
      ? a.map((id, i) => `${i + 1}. ${label(id)}`).join('\n')
      : a.map(label).join('\n');
  return c.options.size > 0 ? label(a) : text(a);
};

const writeResponses = async (
  book: Book,
  period: string,
  surveys: StoredSurvey[],
  pages: AsyncIterable<StoredResponse[]>,
) => {
  const columns = responseColumns(surveys);
  const fixed = [
    { fr: 'Soumise le (heure de Bruxelles)', nl: 'Ingediend op (Brusselse tijd)' },
    L.survey,
    L.zone,
    L.theme,
    L.language,
  ];
  const sheet = addSheet(book, SHEETS.responses, period, {
    frozenRows: 1,
    landscape: true,
    titleRows: '1:1',
  });
  const w = new SheetWriter(sheet, [17, 28, 20, 24, 14, ...columns.map(() => 34), 10, 38]);
  const titles = new Map(surveys.map((s) => [s.surveyId, text(both(s.title))]));
  header(w, [
    ...fixed.map(both),
    ...columns.map((c) => text(both(c.question.label))),
    both({ fr: 'Version', nl: 'Versie' }),
    both({ fr: 'Identifiant', nl: 'Id' }),
  ]);
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      const values: Cell[] = [
        brusselsWallClock(r.submittedAt),
        titles.get(r.surveyId) ?? text(r.surveyId),
        zoneLabel(r.zone),
        themeLabel(r.theme),
        LANGUAGE[r.language] ?? r.language,
      ];
      // Unanswered: no cell at all (undefined is skipped by exceljs; null would still write a cell).
      for (const c of columns)
        values.push(c.surveyId === r.surveyId ? answerCell(c, r.answers[c.question.id]) : undefined);
      values.push(r.surveyVersion, r.responseId);
      dataRow(sheet, w.widths, values);
      count += 1;
      // Let the zip stream drain now and then: pages already in memory would otherwise buffer the whole file.
      if (count % DRAIN_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: fixed.length + columns.length + 2 },
  };
  w.finish();
  return count;
};

/** The last sheet: what the file is, which run wrote it, its row counts and the JSON report's SHA-256. */
export const writeAboutSheet = (book: Book, { body, jsonSha256 }: AboutInput, stats: WorkbookStats): void => {
  const lines: [Bilingual, Cell][] = [
    [
      { fr: 'Public', nl: 'Publiek' },
      'Personnel de Brusano uniquement : données ligne par ligne, non soumises au secret statistique · Enkel voor Brusano-personeel: gegevens rij per rij, niet onderworpen aan statistische geheimhouding',
    ],
    [L.period, body.period],
    [{ fr: 'Exécution', nl: 'Run' }, body.runId ?? ''],
    [L.generatedAt, brusselsWallClock(body.generatedAt)],
    [{ fr: 'Version du code', nl: 'Codeversie' }, body.provenance.codeVersion ?? ''],
    [{ fr: 'Réunions (lignes)', nl: 'Vergaderingen (rijen)' }, stats.meetingRows],
    [{ fr: 'Réponses (lignes)', nl: 'Antwoorden (rijen)' }, stats.responseRows],
    [{ fr: 'SHA-256 du rapport JSON', nl: 'SHA-256 van het JSON-rapport' }, jsonSha256],
  ];
  writeAboutLines(book, SHEETS.about, body.period, lines);
};

/**
 * Zip settings for both writers: fastest deflate. The workbook is written once and downloaded a few
 * times, so speed and memory matter more than a few MB of file size.
 */
export const ZIP_OPTIONS = { zlib: { level: 1 } } as const;
export const JSZIP_OPTIONS = { compression: 'DEFLATE', compressionOptions: { level: 1 } } as const;

/**
 * The data sheets (meetings, then responses, streamed page by page); the caller adds the about sheet with
 * `writeAboutSheet` before committing. Split so a report run can check its figures against the records
 * this pass has just read before it writes the JSON report whose SHA-256 the about sheet gives.
 */
export const writeDataRows = async (book: Book, input: DataRowsInput): Promise<WorkbookStats> => {
  const meetingRows = writeMeetings(book, input.period, input.meetings);
  const responseRows = await writeResponses(book, input.period, input.surveys, input.responses);
  return { meetingRows, responseRows };
};

/** Writes the whole data workbook into `book` (a streaming WorkbookWriter or an in-memory Workbook). */
export const writeDataWorkbook = async (book: Book, input: WorkbookInput): Promise<WorkbookStats> => {
  const stats = await writeDataRows(book, { ...input, period: input.body.period });
  writeAboutSheet(book, input, stats);
  return stats;
};
