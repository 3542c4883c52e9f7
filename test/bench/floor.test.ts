import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFloorXlsx } from '../../bench/floor.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'zonedata-floor-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('floor writer (bench/floor.ts)', () => {
  it('writes a valid xlsx that exceljs reads back cell for cell', async () => {
    const file = path.join(dir, 'floor.xlsx');
    const rows = [
      ['Zone & thème <FR>', 'Zorgzone "NL"', 3],
      [],
      [null, 2.5, true, 'é · ü'],
      ...Array.from({ length: 1200 }, (_, i) => [`row ${i}`, i]),
    ];
    const size = await writeFloorXlsx(file, [
      { name: 'A', rows },
      { name: 'B', rows: [['only']] },
    ]);
    expect(size).toBeGreaterThan(0);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['A', 'B']);
    const sheet = book.getWorksheet('A');
    expect(sheet?.getCell('A1').value).toBe('Zone & thème <FR>');
    expect(sheet?.getCell('B1').value).toBe('Zorgzone "NL"');
    expect(sheet?.getCell('C1').value).toBe(3);
    expect(sheet?.getCell('A3').value).toBeNull();
    expect(sheet?.getCell('B3').value).toBe(2.5);
    expect(sheet?.getCell('C3').value).toBe(true);
    expect(sheet?.getCell('D3').value).toBe('é · ü');
    expect(sheet?.getCell('A1203').value).toBe('row 1199');
    expect(sheet?.getCell('B1203').value).toBe(1199);
    expect(book.getWorksheet('B')?.getCell('A1').value).toBe('only');
  });
});
