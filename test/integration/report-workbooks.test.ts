import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getReport } from '../../functions/report-get.ts';
import { rebuildAggregates } from '../../shared/aggregates/index.ts';
import { createMeeting } from '../../shared/meetings/index.ts';
import { zone as zoneRef } from '../../shared/reference/index.ts';
import { type ReportBody, reportBodySchema } from '../../shared/report-body/schema.ts';
import { brusselsWallClock } from '../../shared/reports/council-workbook.ts';
import { executeRun } from '../../shared/reports/generate.ts';
import { runReportsInProcess, settleLocalRuns, startReportRun } from '../../shared/reports/index.ts';
import { SHEETS, SUPPRESSED } from '../../shared/reports/labels.ts';
import { contrast } from '../../shared/reports/sheet-kit.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { asMeeting, asSurvey } from '../support/inputs.ts';

const run = promisify(execFile);
const staff = { subject: 'test-staff', groups: ['staff'] };
const PERIOD = '2025-Q2';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A UUID as data: not the braced GUIDs of the file format's extension URIs and ids. */
const DATA_UUID = /(?<!\{)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const POINTS_HEADER = 'Points · Punten';

interface Download {
  name: string;
  url: string;
}
const fetchBytes = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

const respond = async (zone: string, priorities: string[], at: string, n: number) => {
  for (let i = 0; i < n; i++)
    await submitResponse(
      survey.surveyId,
      {
        submissionId: randomUUID(),
        language: 'fr',
        answers: { zone, sector: 'social', priorities, years: 7 },
      },
      new Date(at),
    );
};

let dir: string;
let councilBytes: Buffer;
let council: ExcelJS.Workbook;
let councilZip: JSZip;
let data: ExcelJS.Workbook;
let body: ReportBody;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-workbooks-'));
  runReportsInProcess(executeRun);
  await publishSurvey(asSurvey(survey), staff, new Date('2025-01-01T00:00:00Z'));
  // Previous quarter.
  await respond('north', ['accessibility', 'training'], '2025-02-10T10:00:00Z', 6);
  await respond('south-east', ['collaboration'], '2025-02-10T10:00:00Z', 6);
  // This quarter: south (2) and centre-west (3) are below the threshold; "prevention" gets no points.
  await respond('north', ['accessibility', 'collaboration', 'training'], '2025-05-10T10:00:00Z', 5);
  await respond('north', ['training', 'accessibility'], '2025-05-10T10:00:00Z', 3);
  await respond('south', ['collaboration', 'training'], '2025-05-11T10:00:00Z', 2);
  await respond('centre-west', ['training'], '2025-05-11T10:00:00Z', 3);
  await respond('south-east', ['collaboration', 'accessibility'], '2025-05-12T10:00:00Z', 6);
  await createMeeting(
    asMeeting({
      ...meeting,
      meetingId: randomUUID(),
      date: '2025-05-06',
      votes: {
        options: [
          {
            id: 'referral',
            label: {
              fr: 'Orientation et accès vers les services de première ligne',
              nl: 'Verwijzing en toegang tot de eerstelijnsdiensten',
            },
          },
          { id: 'training', label: { fr: 'Formation' } },
        ],
        points: { referral: 10, training: 0 },
      },
    }),
    staff,
  );
  await rebuildAggregates('2025-Q1');
  await rebuildAggregates(PERIOD);

  await startReportRun(PERIOD, 'test-staff');
  await settleLocalRuns();
  const res = await getReport(
    httpEvent({
      method: 'GET',
      path: `/api/reports/${PERIOD}`,
      routePath: '/api/reports/{period}',
      pathParameters: { period: PERIOD },
      claims: claimsFor('staff'),
    }),
    lambdaContext(),
  );
  const downloads: Download[] = JSON.parse(res.body ?? 'null').latest.downloads;
  const link = (name: string) => downloads.find((d) => d.name === name)?.url ?? '';
  councilBytes = await fetchBytes(link(`rar-${PERIOD}.xlsx`));
  council = new ExcelJS.Workbook();
  await council.xlsx.load(councilBytes as unknown as ArrayBuffer);
  councilZip = await JSZip.loadAsync(councilBytes);
  data = new ExcelJS.Workbook();
  await data.xlsx.load((await fetchBytes(link(`data-${PERIOD}.xlsx`))) as unknown as ArrayBuffer);
  body = reportBodySchema.parse(JSON.parse((await fetchBytes(link(`rar-${PERIOD}.json`))).toString('utf8')));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const zoneSheetName = (zone: string) => {
  const z = zoneRef(zone);
  return `${z.label.fr} - ${z.label.nl}`;
};

/** Every cell with a value, on every sheet of a workbook (a merged range once, by its first cell). */
const cellsOf = (book: ExcelJS.Workbook) =>
  book.worksheets.flatMap((sheet) => {
    const out: { sheet: ExcelJS.Worksheet; row: ExcelJS.Row; cell: ExcelJS.Cell }[] = [];
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.master.address === cell.address) out.push({ sheet, row, cell });
      });
    });
    return out;
  });

/** Merged ranges of a sheet as [top, left, bottom, right]. */
const mergesOf = (sheet: ExcelJS.Worksheet): number[][] =>
  Object.values(
    (
      sheet as unknown as {
        _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }>;
      }
    )._merges,
  ).map(({ model }) => [model.top, model.left, model.bottom, model.right]);

const zipTexts = async (zip: JSZip) =>
  Promise.all(
    Object.keys(zip.files)
      .filter((f) => f.endsWith('.xml') || f.endsWith('.rels'))
      .map(async (f) => ({ name: f, text: (await zip.file(f)?.async('string')) ?? '' })),
  );

/** Rows of the blocks whose header has "Points · Punten" in column C, up to the first empty row. */
const pointsBlocks = (sheet: ExcelJS.Worksheet) => {
  const blocks: { header: number; rows: number[] }[] = [];
  sheet.eachRow((row, n) => {
    if (row.getCell(3).value !== POINTS_HEADER) return;
    const rows: number[] = [];
    for (let r = n + 1; sheet.getRow(r).getCell(1).value; r++) rows.push(r);
    blocks.push({ header: n, rows });
  });
  return blocks;
};

/** Cells `from`..8 of row `r` all show [c]. */
const expectSuppressedFrom = (ws: ExcelJS.Worksheet, r: number, from: number) => {
  for (let col = from; col <= 8; col++)
    expect([ws.name, r, col, ws.getRow(r).getCell(col).value]).toEqual([ws.name, r, col, SUPPRESSED]);
};

/** Every points row whose points are [c] has only [c] in its other figure columns (D..H). */
const expectNothingBesideSuppressedPoints = (ws: ExcelJS.Worksheet) => {
  for (const { rows } of pointsBlocks(ws))
    for (const r of rows) if (ws.getRow(r).getCell(3).value === SUPPRESSED) expectSuppressedFrom(ws, r, 4);
};

/** Whether the zone matrix has a row for `label` whose response count (column E) is [c]. */
const hasSuppressedCount = (summary: ExcelJS.Worksheet, label: string) => {
  let found = false;
  summary.eachRow((row) => {
    if (row.getCell(1).value === label && row.getCell(5).value === SUPPRESSED) found = true;
  });
  return found;
};

/** Width of the cell at row `r`, column `c`: the sum of its columns when it starts a merged range. */
const labelWidth = (ws: ExcelJS.Worksheet, merges: number[][], r: number, c: number) => {
  const merge = merges.find(([top, left]) => top === r && left === c);
  let width = 0;
  for (let k = c; k <= (merge?.[3] ?? c); k++) width += ws.getColumn(k).width ?? 9;
  return width;
};

/** A label fits its width unwrapped, or is wrapped in a row tall enough for all its lines. */
const expectLabelWhole = (
  ws: ExcelJS.Worksheet,
  row: ExcelJS.Row,
  cell: ExcelJS.Cell,
  text: string,
  width: number,
) => {
  if (cell.alignment?.wrapText !== true) {
    const longest = Math.max(...text.split('\n').map((l) => l.length));
    expect([ws.name, cell.address, longest <= width]).toEqual([ws.name, cell.address, true]);
    return;
  }
  // Lines at about 1.2 characters per width unit (generous for narrow glyphs), 12 pt per line.
  const lines = text
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil(part.length / (width * 1.2))), 0);
  const height = row.height ?? 15;
  expect([ws.name, cell.address, height >= lines * 12]).toEqual([ws.name, cell.address, true]);
};

describe('council workbook', () => {
  it('has the common part, one sheet per zone and the about sheet; no row-level data, no ids', async () => {
    expect(council.worksheets.map((w) => w.name)).toEqual([
      SHEETS.summary,
      ...['centre-west', 'south', 'south-east', 'north-east', 'north'].map(zoneSheetName),
      SHEETS.about,
    ]);
    for (const { name, text } of await zipTexts(councilZip)) {
      const uuid = DATA_UUID.exec(text);
      expect([name, uuid && text.slice(uuid.index - 80, uuid.index + 40)]).toEqual([name, null]);
      // The number and single-choice questions only exist row by row: they must not be here.
      expect(text).not.toContain('Années d');
      expect(text).not.toContain('Secteur');
      expect(text).not.toContain('≤4');
    }
  });

  it('marks every suppressed figure [c] (explained once, FR and NL) with no number, rank or change beside it', async () => {
    const south = body.zones.find((z) => z.zone === 'south')?.themes.find((t) => t.theme === 'mental-health');
    expect(south?.rankings[0]?.suppressed).toBe(true);
    const sheet = council.getWorksheet(zoneSheetName('south'));
    const blocks = pointsBlocks(sheet as ExcelJS.Worksheet);
    const surveyRows = blocks[0]?.rows ?? [];
    expect(surveyRows).toHaveLength(4);
    for (const r of surveyRows) expectSuppressedFrom(sheet as ExcelJS.Worksheet, r, 3);

    // Everywhere: a [c] points cell has nothing but [c] beside it, and no data bar or chart value.
    for (const ws of council.worksheets) expectNothingBesideSuppressedPoints(ws);

    const footnotes = cellsOf(council).filter(
      ({ cell }) => typeof cell.value === 'string' && cell.value.includes('[c] confidentiel'),
    );
    expect(footnotes).toHaveLength(1);
    expect(String(footnotes[0]?.cell.value)).toContain('[c] vertrouwelijk');
    // Suppressed region response counts (primary and secondary) show [c] in the zone matrix too.
    const hiddenZones = body.zones.filter(
      (z) => z.themes.find((t) => t.theme === 'mental-health')?.surveyResponses === null,
    );
    expect(hiddenZones.length).toBeGreaterThanOrEqual(2);
    const summary = council.getWorksheet(SHEETS.summary) as ExcelJS.Worksheet;
    for (const z of hiddenZones)
      expect([z.zone, hasSuppressedCount(summary, z.label.fr)]).toEqual([z.zone, true]);
  });

  it('stores numbers as numbers and dates as dates; the generation time in Brussels time', () => {
    for (const { sheet, cell } of cellsOf(council)) {
      if (typeof cell.value !== 'string') continue;
      expect([sheet.name, cell.address, /^[+\-−]?\d[\d\s.,]*( ?%| pp)?$/.test(cell.value)]).toEqual([
        sheet.name,
        cell.address,
        false,
      ]);
      expect(/^\d{4}-\d{2}-\d{2}/.test(cell.value)).toBe(false);
    }
    const summary = council.getWorksheet(SHEETS.summary) as ExcelJS.Worksheet;
    expect(summary.getCell('C3').value).toEqual(brusselsWallClock(body.generatedAt));
    expect(summary.getCell('C3').numFmt).toContain('hh:mm');
    const north = council.getWorksheet(zoneSheetName('north')) as ExcelJS.Worksheet;
    const dates = cellsOf(council).filter(({ sheet, cell }) => sheet === north && cell.value instanceof Date);
    expect(dates.map(({ cell }) => cell.value)).toEqual([new Date('2025-05-06T00:00:00Z')]);
    expect(typeof north.getCell('C5').value).toBe('number');
  });

  it('shows share, first choices, rank and their change per question; no rank without points', () => {
    const region = body.region.themes.find((t) => t.theme === 'mental-health');
    const ranking = region?.rankings[0];
    const prevention = ranking?.options.find((o) => o.option === 'prevention');
    expect(prevention).toMatchObject({ points: 0, rank: null });
    const north = body.zones.find((z) => z.zone === 'north')?.themes.find((t) => t.theme === 'mental-health');
    const access = north?.rankings[0]?.options.find((o) => o.option === 'accessibility');
    expect(access?.change.share).not.toBeNull();

    const sheet = council.getWorksheet(zoneSheetName('north')) as ExcelJS.Worksheet;
    const [surveyBlock, voteBlock] = pointsBlocks(sheet);
    const rowOf = (label: string, rows: number[]) =>
      rows.find((r) => sheet.getRow(r).getCell(1).value === label) as number;
    const a = sheet.getRow(rowOf('Accessibilité', surveyBlock?.rows ?? []));
    expect([
      a.getCell(3).value,
      a.getCell(4).value,
      a.getCell(5).value,
      a.getCell(6).value,
      a.getCell(7).value,
    ]).toEqual([access?.points, access?.share, access?.firstChoices, access?.rank, access?.change.share]);
    expect(a.getCell(4).numFmt).toContain('%');
    expect(a.getCell(7).numFmt).toContain('pp');
    const p = sheet.getRow(rowOf('Prévention', surveyBlock?.rows ?? []));
    expect(p.getCell(3).value).toBe(0);
    expect(p.getCell(6).value).toBeNull();
    // The vote is its own block, with both labels; an option that got no points has no line.
    expect(voteBlock?.rows).toHaveLength(1);
    const vote = sheet.getRow(voteBlock?.rows[0] ?? 0);
    expect([
      vote.getCell(2).value,
      vote.getCell(3).value,
      vote.getCell(4).value,
      vote.getCell(6).value,
    ]).toEqual(['Verwijzing en toegang tot de eerstelijnsdiensten', 10, 100, 1]);
    // The question's title block is above its header.
    expect(String(sheet.getRow((surveyBlock?.header ?? 2) - 1).getCell(1).value)).toContain('Vos priorités');
    expect(String(sheet.getRow((surveyBlock?.header ?? 2) - 1).getCell(1).value)).toContain(
      'Uw prioriteiten',
    );
  });

  it('shows every label whole: wrapped with a tall enough row, or narrower than its column', () => {
    for (const ws of council.worksheets) {
      const merges = mergesOf(ws);
      ws.eachRow((row, r) => {
        row.eachCell((cell, c) => {
          if (
            typeof cell.value !== 'string' ||
            ws.getColumn(c).hidden ||
            cell.master.address !== cell.address
          )
            return;
          expectLabelWhole(ws, row, cell, cell.value, labelWidth(ws, merges, r, c));
        });
      });
    }
  });

  it('keeps the line between the FR and NL text of a cell in every program (shared strings, not t="str")', async () => {
    const strings = (await councilZip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    expect(strings).toContain('(3-2-1)\nStemmingen aan tafel');
    const sheets = (await zipTexts(councilZip)).filter((t) => t.name.startsWith('xl/worksheets/sheet'));
    for (const { text } of sheets) expect(text).not.toContain('t="str"');
  });

  it('meets 4.5:1 contrast in every styled cell', () => {
    let checked = 0;
    for (const { sheet, cell } of cellsOf(council)) {
      const fillColour =
        cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid'
          ? cell.fill.fgColor?.argb?.slice(2)
          : undefined;
      const fontColour = cell.font?.color?.argb?.slice(2);
      if (!fillColour && !fontColour) continue;
      const ratio = contrast(fontColour ?? '000000', fillColour ?? 'FFFFFF');
      expect([sheet.name, cell.address, ratio >= 4.5]).toEqual([sheet.name, cell.address, true]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(50);
    // The zone colours stay: on the zone banner (repeated on every page) and the tab.
    const ne = council.getWorksheet(zoneSheetName('north-east')) as ExcelJS.Worksheet;
    expect(ne.getCell('A1').fill).toMatchObject({ fgColor: { argb: 'FFFF7F0E' } });
    expect(String(ne.getCell('A1').value)).toContain('Nord-Est · Noord-Oost');
    expect(ne.properties.tabColor).toMatchObject({ argb: 'FFFF7F0E' });
  });

  it('puts a data bar on every points column', () => {
    let bars = 0;
    for (const ws of council.worksheets) {
      const rules =
        (ws as unknown as { conditionalFormattings?: { ref: string; rules: unknown[] }[] })
          .conditionalFormattings ?? [];
      for (const { rows } of pointsBlocks(ws)) {
        if (rows.length === 0) continue;
        const cf = rules.find((f) => f.ref === `C${rows[0]}:C${rows.at(-1)}`);
        expect([ws.name, rows[0], cf !== undefined]).toEqual([ws.name, rows[0], true]);
        const rule = cf?.rules[0] as unknown as { type: string; cfvo: unknown[]; color: { argb: string } };
        expect(rule.type).toBe('dataBar');
        expect(rule.cfvo).toHaveLength(2);
        expect(rule.color.argb).toMatch(/^FF[0-9A-F]{6}$/);
        bars += 1;
      }
    }
    expect(bars).toBeGreaterThanOrEqual(6);
  });

  it('has a native bar chart per theme with priorities on the common part and per zone sheet, on the right ranges', async () => {
    const texts = await zipTexts(councilZip);
    const charts = texts.filter((t) => /^xl\/charts\/chart\d+\.xml$/.test(t.name));
    const refs = charts.map((c) =>
      [...c.text.matchAll(/<c:f>([^<]+)<\/c:f>/g)].map((m) => m[1]?.replace(/&apos;/g, "'") ?? ''),
    );
    const bySheet = new Map<string, number>();
    for (const [categories = '', values = ''] of refs) {
      const m = /^'(.+)'!\$C\$(\d+):\$C\$(\d+)$/.exec(values);
      expect(m).not.toBeNull();
      const [, sheetName = '', first = '0', last = '0'] = m ?? [];
      expect(categories).toBe(`'${sheetName}'!$J$${first}:$J$${last}`);
      bySheet.set(sheetName, (bySheet.get(sheetName) ?? 0) + 1);
      const ws = council.getWorksheet(sheetName.replace(/''/g, "'")) as ExcelJS.Worksheet;
      expect(ws.getRow(Number(first) - 1).getCell(3).value).toBe(POINTS_HEADER);
      const row = ws.getRow(Number(first));
      expect(row.getCell(10).value).toBe(`${row.getCell(1).value} · ${row.getCell(2).value}`);
    }
    // Mental health has survey priorities and a vote in the region; prevention has neither here.
    expect(bySheet.get(SHEETS.summary)).toBe(1);
    // Zones with a published ranking or a vote: north (survey and vote), south-east (survey).
    expect(bySheet.get(zoneSheetName('north'))).toBe(1);
    expect(bySheet.get(zoneSheetName('south-east'))).toBe(1);
    expect(bySheet.has(zoneSheetName('south'))).toBe(false);
    const types = texts.find((t) => t.name === '[Content_Types].xml')?.text ?? '';
    expect(types.match(/drawingml\.chart\+xml/g)).toHaveLength(charts.length);
  });

  it('is print-ready: A4, header row repeated, footer with sheet title, period and page x of y', () => {
    for (const ws of council.worksheets) {
      expect([ws.name, ws.pageSetup.paperSize]).toEqual([ws.name, 9]);
      expect([ws.name, ws.pageSetup.printTitlesRow]).toEqual([ws.name, '1:1']);
      const footer = ws.headerFooter.oddFooter ?? '';
      expect(footer).toContain(ws.name);
      expect(footer).toContain(PERIOD);
      expect(footer).toContain('&P');
      expect(footer).toContain('&N');
    }
  });

  it('starts each theme of the common part after the first, and each theme of a zone sheet, on a new page', async () => {
    const parts = await zipTexts(councilZip);
    const breaks = (n: number) =>
      (parts.find((p) => p.name === `xl/worksheets/sheet${n}.xml`)?.text.match(/<brk /g) ?? []).length;
    expect(breaks(1)).toBe(body.region.themes.length - 1);
    // North (sheet 6) has mental-health data only.
    expect(breaks(6)).toBe(1);
  });

  it('survives a round trip through LibreOffice: converted to a PDF with pages', async () => {
    const file = path.join(dir, `rar-${PERIOD}.xlsx`);
    await writeFile(file, councilBytes);
    const profile = `file://${path.join(dir, 'lo-profile')}`;
    await run(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      {
        timeout: 120_000,
      },
    );
    const pdf = await readFile(path.join(dir, `rar-${PERIOD}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(council.worksheets.length);
  }, 150_000);
});

describe('data workbook', () => {
  it('lists meetings and responses row by row with FR/NL labels, dates as dates, ids in the last column', () => {
    const responses = data.getWorksheet(SHEETS.responses) as ExcelJS.Worksheet;
    expect(responses.rowCount).toBe(1 + 5 + 3 + 2 + 3 + 6);
    const headerRow = responses.getRow(1).values as unknown[];
    const last = headerRow.length - 1;
    expect(String(headerRow[last])).toContain('Identifiant');
    expect(headerRow).toContain('Vos priorités · Uw prioriteiten');
    const row = responses.getRow(2);
    expect(row.getCell(1).value).toBeInstanceOf(Date);
    expect(row.getCell(3).value).toMatch(/ · /);
    expect(row.getCell(last).value).toMatch(UUID);
    const values = JSON.stringify(responses.getSheetValues());
    expect(values).not.toContain('"north"');
    expect(values).toContain('Accessibilité · Toegankelijkheid');
    expect(values).not.toContain('thematic-consultation');

    const meetings = data.getWorksheet(SHEETS.meetings) as ExcelJS.Worksheet;
    expect(meetings.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      printTitlesRow: '1:1',
    });
    expect(meetings.getCell('A2').value).toEqual(new Date('2025-05-06T00:00:00Z'));
    expect(meetings.getCell('B2').value).toBe('Nord · Noord');
    expect(meetings.getCell('D2').value).toBe('Concertation thématique · Thematisch overleg');
    expect(String(meetings.getRow(2).getCell(meetings.columnCount).value)).toMatch(UUID);
  });
});
