/**
 * The RAR workbook, FR and NL side by side: a common part (summary), one sheet per zone in its colour,
 * the priorities, the data sheets and an "about" sheet. Written with exceljs's streaming writer: rows
 * are committed as they are produced, so 100k responses never sit in memory; only the small summary
 * sheets are styled. The same content can be written into an in-memory Workbook (the benchmark baseline).
 */
import type ExcelJS from 'exceljs';
import type { StoredMeeting, StoredResponse, StoredSurvey } from '../records.ts';
import { meetingKind, needsTopic, reference, targetGroup, theme as themeRef } from '../reference/index.ts';
import type { Ranking, ReportBody, ThemeFigures, ZoneFigures } from '../report-body/schema.ts';
import { L, SHEETS } from './labels.ts';
import { neutralize } from './safe-text.ts';

export interface WorkbookInput {
  body: ReportBody;
  meetings: StoredMeeting[];
  surveys: StoredSurvey[];
  /** Pages of the period's responses, read once. */
  responses: AsyncIterable<StoredResponse[]>;
  /** SHA-256 of the JSON report written in the same run. */
  jsonSha256: string;
}

export interface WorkbookStats {
  meetingRows: number;
  responseRows: number;
}

type Sheet = ExcelJS.Worksheet;
type Book = Pick<ExcelJS.Workbook, 'addWorksheet'>;
type Cell = string | number | Date | null | undefined;

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const PRINT: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};
const INT = '#,##0';
const DEC = '#,##0.0';
const SIGNED = '+#,##0;-#,##0;0';

const signedAt = (column: number) => ({
  cells: (r: ExcelJS.Row) => {
    r.getCell(column).numFmt = SIGNED;
  },
});
/**
 * Data sheets are not styled: all their cells share this one empty style object, which exceljs's style
 * registry resolves once (by identity) instead of once per cell: about twice as fast for 100k rows.
 * Never mutate it.
 */
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
const plainRow = (sheet: Sheet, values: Cell[]) => {
  const r = sheet.addRow(values);
  r.eachCell((c) => {
    c.style = PLAIN_STYLE;
  });
  r.commit();
};

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const text = (value: string) => neutralize(value);
const bi = (label: { fr: string; nl: string }) => text(`${label.fr} · ${label.nl}`);
const shown = (value: number | null) => (value === null ? L.suppressed : value);

const addSheet = (book: Book, name: string, opts: { colour?: string; frozenRows?: number } = {}): Sheet =>
  book.addWorksheet(name, {
    ...(opts.colour ? { properties: { tabColor: { argb: `FF${opts.colour}` } } } : {}),
    views: opts.frozenRows ? [{ state: 'frozen', ySplit: opts.frozenRows }] : [],
    pageSetup: PRINT,
  });

/** Adds and commits a row; `cells` styles individual cells before the commit (streamed rows are final once committed). */
const row = (
  sheet: Sheet,
  values: Cell[],
  style?: {
    bold?: boolean;
    fillArgb?: string;
    font?: Partial<ExcelJS.Font>;
    cells?: (r: ExcelJS.Row) => void;
  },
) => {
  const r = sheet.addRow(values);
  if (style?.font || style?.bold || style?.fillArgb) {
    r.eachCell((c) => {
      if (style.font || style.bold) c.font = style.font ?? { bold: true };
      if (style.fillArgb) c.fill = fill(style.fillArgb);
    });
  }
  style?.cells?.(r);
  r.commit();
  return r;
};

const header = (sheet: Sheet, values: string[], colour = '1F3864') =>
  row(sheet, values, { font: HEADER_FONT, fillArgb: `FF${colour}` });

const formats = (sheet: Sheet, widths: number[], numFmts: Record<number, string> = {}) => {
  widths.forEach((w, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = w;
    const f = numFmts[i + 1];
    if (f) col.numFmt = f;
  });
};

const finish = (sheet: Sheet) => (sheet as Sheet & { commit?: () => void }).commit?.();

const label = (id: string, lookup: (id: string) => { label: { fr: string; nl: string } }) => {
  try {
    return bi(lookup(id).label);
  } catch {
    return text(id);
  }
};

/** Top options of every ranking (survey rankings of a theme figure). */
const rankingRows = (rankings: Ranking[], top?: number) =>
  rankings.flatMap((r) => r.options.slice(0, top).map((o) => ({ ranking: r, option: o })));

const writeSummary = (book: Book, body: ReportBody) => {
  const sheet = addSheet(book, SHEETS.summary, { frozenRows: 1 });
  formats(sheet, [46, 18, 18, 18, 18, 18, 18, 18], {
    2: INT,
    3: INT,
    4: INT,
    5: INT,
    6: INT,
    7: INT,
    8: INT,
  });
  header(sheet, [
    `${L.title} ${body.period}`,
    L.period,
    body.period,
    L.generatedAt,
    body.generatedAt,
    L.runId,
    body.runId ?? '',
  ]);
  if (!body.provenance.hasData) row(sheet, [L.noData], { bold: true });
  row(sheet, []);
  row(sheet, [L.keyFigures], { bold: true });
  header(sheet, ['', body.period, L.previous, L.change]);
  const t = body.region.totals;
  row(sheet, [L.meetings, t.meetings, t.previous.meetings, t.change.meetings], signedAt(4));
  row(sheet, [L.participants, t.participants, t.previous.participants, t.change.participants], signedAt(4));
  row(sheet, [L.participantsMean, t.participantsMean, t.previous.participantsMean, null], {
    cells: (r) => {
      r.getCell(2).numFmt = DEC;
      r.getCell(3).numFmt = DEC;
    },
  });
  row(
    sheet,
    [L.responses, shown(t.surveyResponses), shown(t.previous.surveyResponses), t.change.surveyResponses],
    signedAt(4),
  );
  row(sheet, []);

  row(sheet, [L.matrix], { bold: true });
  const themes = reference.themes;
  header(sheet, [L.zone, ...themes.flatMap((th) => [`${th.label.fr} · ${L.meetings}`, L.participants])]);
  for (const z of body.zones) {
    row(
      sheet,
      [
        bi(z.label),
        ...themes.flatMap((th) => {
          const f = z.themes.find((x) => x.theme === th.id);
          return [f?.meetings ?? 0, f?.participants ?? 0];
        }),
      ],
      {
        cells: (r) => {
          r.getCell(1).fill = fill(`FF${z.colour}`);
          r.getCell(1).font = { bold: true, color: { argb: 'FFFFFFFF' } };
        },
      },
    );
  }
  row(
    sheet,
    [
      L.total,
      ...themes.flatMap((th) => {
        const f = body.region.themes.find((x) => x.theme === th.id);
        return [f?.meetings ?? 0, f?.participants ?? 0];
      }),
    ],
    { bold: true },
  );
  row(sheet, []);

  row(sheet, [L.topPriorities], { bold: true });
  header(sheet, [L.option, L.points, L.firstChoices, L.rank, L.change, L.question, L.theme]);
  const first = sheet.rowCount + 1;
  for (const f of body.region.themes)
    for (const { ranking, option } of rankingRows(f.rankings, 5))
      row(
        sheet,
        [
          bi(option.label),
          shown(option.points),
          shown(option.firstChoices),
          option.rank,
          option.change.points,
          bi(ranking.label),
          bi(f.label),
        ],
        signedAt(5),
      );
  const last = sheet.rowCount;
  if (last >= first) {
    sheet.addConditionalFormatting({
      ref: `B${first}:B${last}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: 'FF5B9BD5' },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
  finish(sheet);
};

const zoneSheetName = (z: ZoneFigures) => {
  const name = `${z.label.fr} - ${z.label.nl}`;
  return (name.length <= 31 ? name : z.zone).replace(/[\\/?*[\]:]/g, ' ');
};

const writeZone = (book: Book, z: ZoneFigures, meetings: StoredMeeting[]) => {
  const sheet = addSheet(book, zoneSheetName(z), { colour: z.colour, frozenRows: 1 });
  formats(sheet, [40, 30, 30, 16, 16, 16, 30], { 4: INT, 5: INT, 6: INT });
  header(
    sheet,
    [
      bi(z.label),
      L.meetings,
      String(z.totals.meetings),
      L.participants,
      String(z.totals.participants),
      L.responses,
      String(shown(z.totals.surveyResponses)),
    ],
    z.colour,
  );

  row(sheet, []);
  row(sheet, [L.meetingsOfZone], { bold: true });
  header(sheet, [L.date, L.theme, L.kind, L.participants, L.venue], z.colour);
  for (const m of meetings.filter((m) => m.zone === z.zone))
    row(sheet, [
      m.date,
      label(m.theme, themeRef),
      label(m.kind, meetingKind),
      m.participants,
      text(m.venue ?? ''),
    ]);

  const withData = z.themes.filter((f) => f.meetings > 0 || (f.surveyResponses ?? 0) > 0 || f.suppressed);
  row(sheet, []);
  row(sheet, [L.priorities], { bold: true });
  header(sheet, [L.option, L.theme, L.question, L.points, L.firstChoices, L.rank], z.colour);
  for (const f of withData) {
    for (const { ranking, option } of rankingRows(f.rankings, 5))
      row(sheet, [
        bi(option.label),
        bi(f.label),
        bi(ranking.label),
        shown(option.points),
        shown(option.firstChoices),
        option.rank,
      ]);
    for (const v of f.meetingVotes)
      row(sheet, [bi(v.label), bi(f.label), L.votes, v.points, v.firstChoices, v.rank]);
  }

  row(sheet, []);
  row(sheet, [L.needs], { bold: true });
  header(sheet, [L.topic, L.theme, L.count], z.colour);
  for (const f of withData)
    for (const [topic, n] of Object.entries(f.needsTopics).sort((a, b) => b[1] - a[1]))
      row(sheet, [label(topic, needsTopic), bi(f.label), n]);
  header(sheet, [L.targetGroup, L.theme, L.count], z.colour);
  for (const f of withData)
    for (const [group, n] of Object.entries(f.targetGroups).sort((a, b) => b[1] - a[1]))
      row(sheet, [label(group, targetGroup), bi(f.label), n]);

  row(sheet, []);
  row(sheet, [L.actions], { bold: true });
  header(sheet, [L.heading, L.theme, L.count], z.colour);
  for (const f of withData) for (const a of f.actionTracks) row(sheet, [bi(a.label), bi(f.label), a.count]);
  finish(sheet);
};

const writePriorities = (book: Book, body: ReportBody) => {
  const sheet = addSheet(book, SHEETS.priorities, { frozenRows: 1 });
  formats(sheet, [28, 30, 24, 40, 40, 12, 14, 10, 12], { 6: INT, 7: INT, 8: INT });
  header(sheet, [
    L.zone,
    L.theme,
    L.survey,
    L.question,
    L.option,
    L.points,
    L.firstChoices,
    L.rank,
    L.change,
  ]);
  const lines = (zoneLabel: string, themes: ThemeFigures[]) => {
    for (const f of themes)
      for (const { ranking, option } of rankingRows(f.rankings))
        row(sheet, [
          zoneLabel,
          bi(f.label),
          text(ranking.surveyId),
          bi(ranking.label),
          bi(option.label),
          shown(option.points),
          shown(option.firstChoices),
          option.rank,
          option.change.points,
        ]);
  };
  lines(bi({ fr: 'Région', nl: 'Gewest' }), body.region.themes);
  for (const z of body.zones) lines(bi(z.label), z.themes);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 9 } };
  finish(sheet);
};

const writeMeetings = (book: Book, meetings: StoredMeeting[]) => {
  const sheet = addSheet(book, SHEETS.meetings, { frozenRows: 1 });
  const headers = [
    'meetingId',
    L.date,
    L.zone,
    L.theme,
    L.kind,
    'N°',
    L.participants,
    L.venue,
    L.language,
    L.needs,
    'Constats · Vaststellingen',
    L.actions,
    'Version',
  ];
  formats(sheet, [38, 12, 16, 20, 24, 6, 12, 24, 8, 50, 60, 60, 8], { 7: INT });
  header(sheet, headers);
  for (const m of meetings)
    plainRow(sheet, [
      m.meetingId,
      m.date,
      m.zone,
      m.theme,
      m.kind,
      m.sequence ?? null,
      m.participants,
      text(m.venue ?? ''),
      m.language,
      text(m.needs.map((n) => `${n.topic} (${n.targetGroups.join(', ')})`).join('; ')),
      text(m.findings.join(' | ')),
      text(m.actions.map((a) => `${a.heading ?? a.track}: ${a.text}`).join(' | ')),
      m.version,
    ]);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  finish(sheet);
  return meetings.length;
};

/** One column per question of every survey; free text only where the question allows publication. */
const responseColumns = (surveys: StoredSurvey[]) =>
  surveys.flatMap((s) =>
    s.questions
      .filter((q) => q.type !== 'text' || q.publish === true)
      .map((q) => ({ surveyId: s.surveyId, id: q.id, type: q.type, title: `${s.surveyId}.${q.id}` })),
  );

const writeResponses = async (
  book: Book,
  surveys: StoredSurvey[],
  pages: AsyncIterable<StoredResponse[]>,
) => {
  const sheet = addSheet(book, SHEETS.responses, { frozenRows: 1 });
  const columns = responseColumns(surveys);
  const fixed = ['responseId', 'submittedAt', L.survey, 'Version', L.zone, L.theme, L.language];
  // Data sheet: plain rows (no per-cell styles), only the header is styled.
  formats(sheet, [38, 22, 20, 8, 14, 16, 8, ...columns.map(() => 22)]);
  header(sheet, [...fixed, ...columns.map((c) => c.title)]);
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      const values: Cell[] = [
        r.responseId,
        r.submittedAt,
        r.surveyId,
        r.surveyVersion,
        r.zone,
        r.theme,
        r.language,
      ];
      for (const c of columns) {
        const a = c.surveyId === r.surveyId ? r.answers[c.id] : undefined;
        // Unanswered: no cell at all (undefined is skipped by exceljs; null would still write a cell).
        values.push(
          a === undefined
            ? undefined
            : typeof a === 'number'
              ? a
              : Array.isArray(a)
                ? text(a.join(c.type === 'ranking' ? ' > ' : ', '))
                : text(a),
        );
      }
      plainRow(sheet, values);
      count += 1;
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: fixed.length + columns.length } };
  finish(sheet);
  return count;
};

const writeAbout = (book: Book, body: ReportBody, input: WorkbookInput, stats: WorkbookStats) => {
  const sheet = addSheet(book, SHEETS.about);
  formats(sheet, [40, 100]);
  header(sheet, ['À propos · Over', '']);
  const lines: [string, string | number][] = [
    [L.period, body.period],
    [L.previous, body.previousPeriod],
    [L.runId, body.runId ?? ''],
    [L.generatedAt, body.generatedAt],
    ['Version du code · Codeversie', body.provenance.codeVersion ?? ''],
    ['Sources · Bronnen', 'Agrégats zonedata (DynamoDB) · zonedata-aggregaten (DynamoDB)'],
    ['Trimestres · Kwartalen', body.provenance.quarters.join(', ')],
    ['Enquêtes · Enquêtes', body.provenance.surveys.map((s) => `${s.surveyId} v${s.version}`).join(', ')],
    ['Réunions (lignes) · Vergaderingen (rijen)', stats.meetingRows],
    ['Réponses (lignes) · Antwoorden (rijen)', stats.responseRows],
    [
      'Points · Punten',
      'Classements 3-2-1 : 3 points au 1er choix, 2 au 2e, 1 au 3e (poids de la question) · 3-2-1-rangschikkingen: 3 punten voor de 1e keuze, 2 voor de 2e, 1 voor de 3e (gewichten van de vraag)',
    ],
    [
      'Rang · Rang',
      'Par points décroissants ; ex aequo = même rang, le suivant saute (1, 2, 2, 4) · Volgens dalende punten; gelijke punten = zelfde rang, de volgende slaat over (1, 2, 2, 4)',
    ],
    [
      'Secret statistique · Statistische geheimhouding',
      `${body.suppression.rule.fr} · ${body.suppression.rule.nl}`,
    ],
    ['SHA-256 JSON', input.jsonSha256],
    ...body.provenance.notes.map((n): [string, string] => ['Note', `${n.fr} · ${n.nl}`]),
  ];
  for (const [k, v] of lines) {
    row(sheet, [k, typeof v === 'string' ? text(v) : v], {
      cells: (r) => {
        r.getCell(1).font = { bold: true };
        r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      },
    });
  }
  finish(sheet);
};

/**
 * Zip settings for both writers: fastest deflate. The workbook is written once and downloaded a few
 * times, so speed and memory matter more than a few MB of file size.
 */
export const ZIP_OPTIONS = { zlib: { level: 1 } } as const;
export const JSZIP_OPTIONS = { compression: 'DEFLATE', compressionOptions: { level: 1 } } as const;

/** Writes every sheet into `book` (a streaming WorkbookWriter or an in-memory Workbook). */
export const writeWorkbookContent = async (book: Book, input: WorkbookInput): Promise<WorkbookStats> => {
  writeSummary(book, input.body);
  for (const z of input.body.zones) writeZone(book, z, input.meetings);
  writePriorities(book, input.body);
  const meetingRows = writeMeetings(book, input.meetings);
  const responseRows = await writeResponses(book, input.surveys, input.responses);
  const stats = { meetingRows, responseRows };
  writeAbout(book, input.body, input, stats);
  return stats;
};
