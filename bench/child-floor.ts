/**
 * Child process: reads back every cell of the workbooks the writer produced (not timed), then times
 * writing the same cells with the floor writer (bench/floor.ts). Prints time and peak RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type FloorCell, type FloorSheet, writeFloorXlsx } from './floor.ts';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A cell as the floor writes it: dates as serial numbers, rich text and formulas as their text. */
const floorValue = (value: ExcelJS.CellValue): FloorCell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return (value.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(value);
};

const readSheets = async (file: string): Promise<FloorSheet[]> => {
  const sheets: FloorSheet[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache' });
  for await (const sheet of reader) {
    const rows: FloorCell[][] = [];
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[row.number - 1] = values.map(floorValue);
    }
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    sheets.push({ name: `Sheet${sheets.length + 1}`, rows });
  }
  return sheets;
};

const files = process.argv.slice(2);
const books = await Promise.all(files.map(readSheets));
const cells = books.flat().reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);
const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-floor-'));
const started = performance.now();
let bytes = 0;
for (const [i, sheets] of books.entries())
  bytes += await writeFloorXlsx(path.join(dir, `floor-${i}.xlsx`), sheets);
const seconds = (performance.now() - started) / 1000;
await rm(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    seconds,
    cells,
    floorMb: bytes / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
