import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBarCharts, type BarChart, chartRanges, columnLetter } from '../../shared/reports/charts.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-charts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small streamed workbook with two sheets, one of them with a hyperlink (so it already has rels). */
const writeBook = async (file: string) => {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const a = book.addWorksheet("Synthèse - L'été", { headerFooter: { oddFooter: '&P / &N' } });
  a.addRow(['Option', 'Points']).commit();
  a.addRow(['Accès · Toegang', 12]).commit();
  a.addRow(['Formation · Opleiding', '[c]']).commit();
  a.addRow(['Réseau · Netwerk', 5]).commit();
  a.commit();
  const b = book.addWorksheet('Nord - Noord');
  const r = b.addRow([{ text: 'site', hyperlink: 'https://example.org' }, 3]);
  r.commit();
  b.commit();
  await book.commit();
};

const chart = (sheet: string, over: Partial<BarChart> = {}): BarChart => ({
  sheet,
  title: 'Priorités & points\nPrioriteiten',
  seriesName: 'Points · Punten',
  categoryColumn: 1,
  valueColumn: 2,
  firstRow: 2,
  lastRow: 4,
  categories: ['Accès · Toegang', 'Formation · Opleiding', 'Réseau · Netwerk'],
  values: [12, null, 5],
  colour: '2F5597',
  anchor: { col: 3, row: 1, cols: 8, rows: 15 },
  ...over,
});

describe('addBarCharts', () => {
  it('adds chart, drawing, relationships and content types that exceljs and the zip agree on', async () => {
    const file = path.join(dir, 'book.xlsx');
    await writeBook(file);

    await addBarCharts(file, [chart("Synthèse - L'été"), chart('Nord - Noord', { firstRow: 1, lastRow: 1 })]);

    const zip = await JSZip.loadAsync(await readFile(file));
    const text = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
    expect(Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toHaveLength(2);
    const types = await text('[Content_Types].xml');
    expect(types).toContain('PartName="/xl/charts/chart1.xml"');
    expect(types).toContain('PartName="/xl/drawings/drawing2.xml"');
    const chart1 = await text('xl/charts/chart1.xml');
    expect(chart1).toContain(`<c:f>'Synthèse - L''été'!$B$2:$B$4</c:f>`);
    expect(chart1).toContain(`<c:f>'Synthèse - L''été'!$A$2:$A$4</c:f>`);
    expect(chart1).toContain('<c:barDir val="bar"/>');
    // A suppressed value gets no point in the cache (no bar), the others do.
    expect(chart1).toContain('<c:pt idx="0"><c:v>12</c:v></c:pt><c:pt idx="2"><c:v>5</c:v></c:pt>');
    expect(chart1).toContain('Priorités &amp; points');

    const sheet1 = await text('xl/worksheets/sheet1.xml');
    const drawingTag = /<drawing r:id="(rId\d+)"\/>/.exec(sheet1);
    expect(drawingTag).not.toBeNull();
    expect(sheet1.indexOf('</headerFooter>')).toBeLessThan(sheet1.indexOf('<drawing'));
    const rels1 = await text('xl/worksheets/_rels/sheet1.xml.rels');
    expect(rels1).toContain(`Id="${drawingTag?.[1]}"`);
    expect(rels1).toContain('Target="../drawings/drawing1.xml"');
    expect(await text('xl/drawings/_rels/drawing1.xml.rels')).toContain('Target="../charts/chart1.xml"');

    // The sheet that had a hyperlink keeps it next to the drawing.
    const rels2 = await text('xl/worksheets/_rels/sheet2.xml.rels');
    expect(rels2).toContain('hyperlink');
    expect(rels2).toContain('drawing2.xml');
    const ids = [...rels2.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    expect(book.getWorksheet("Synthèse - L'été")?.getCell('B2').value).toBe(12);
  });

  it('refuses a chart on a sheet the workbook does not have', async () => {
    const file = path.join(dir, 'other.xlsx');
    await writeBook(file);

    await expect(addBarCharts(file, [chart('Atlantis')])).rejects.toThrow('unknown sheet');
  });

  it('names columns and ranges as Excel does', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(chartRanges(chart('Nord - Noord', { categoryColumn: 10, valueColumn: 3 }))).toEqual({
      categories: "'Nord - Noord'!$J$2:$J$4",
      values: "'Nord - Noord'!$C$2:$C$4",
    });
  });
});
