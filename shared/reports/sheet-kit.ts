/**
 * Small helpers shared by the council and data workbooks: colour contrast, rows that keep their own
 * row numbers (the streaming writer keeps no rowCount), row heights for wrapped labels, print setup.
 */
import type ExcelJS from 'exceljs';
import { neutralize } from './safe-text.ts';

export type Sheet = ExcelJS.Worksheet;
export type Book = Pick<ExcelJS.Workbook, 'addWorksheet'>;
export type Cell = string | number | Date | null | undefined;

/** WCAG 2 relative luminance of RRGGBB. */
export const luminance = (rgb: string): number => {
  const channel = (i: number) => {
    const c = Number.parseInt(rgb.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
};

/** WCAG 2 contrast ratio of two RRGGBB colours (1 to 21). */
export const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** Black or white text, whichever reads better on `fill`. */
export const textOn = (fill: string): string =>
  contrast(fill, '000000') >= contrast(fill, 'FFFFFF') ? '000000' : 'FFFFFF';

export const NAVY = '1F3864';
export const LIGHT = 'D9E1F2';
export const BAR = '4472C4';
export const fill = (rgb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: `FF${rgb}` },
});

export const INT = '#,##0';
export const DEC = '#,##0.0';
export const SIGNED = '+#,##0;-#,##0;0';
export const PERCENT = '0.0" %"';
export const PP = '+0.0" pp";-0.0" pp";0.0" pp"';
export const DATE = 'dd/mm/yyyy';
export const DATE_TIME = 'dd/mm/yyyy hh:mm';

export const text = (value: string) => neutralize(value);

/** Points of text height for one line of 11 pt Calibri, with padding. */
const LINE = 15;
/** Lines a text needs in a column `width` characters wide (bold text is a little wider). */
export const linesFor = (value: string, width: number, bold = false): number => {
  const perLine = Math.max(1, Math.floor(width * (bold ? 0.9 : 1) - 1));
  // Every part between line breaks takes at least one line. No split(): this runs for every data cell.
  let lines = 0;
  let start = 0;
  for (;;) {
    const end = value.indexOf('\n', start);
    lines += Math.max(1, Math.ceil(((end === -1 ? value.length : end) - start) / perLine));
    if (end === -1) return lines;
    start = end + 1;
  }
};

export interface RowStyle {
  bold?: boolean;
  /** Background RRGGBB; the text colour follows for contrast unless `color` is given. */
  fill?: string;
  color?: string;
  size?: number;
  /** Number formats by 1-based column. */
  numFmt?: Record<number, string>;
  /** Cells merged across columns `from`..`to` (1-based) on this row. */
  merge?: [number, number];
  /** Columns (1-based) that get the style; every written cell by default. */
  only?: number[];
  pageBreakBefore?: boolean;
}

/** The font a row style asks for, or none when it changes nothing. */
const fontOf = (style: RowStyle): Partial<ExcelJS.Font> | undefined => {
  const color = style.color ?? (style.fill ? textOn(style.fill) : undefined);
  if (!(style.bold || color || style.size)) return undefined;
  return {
    ...(style.bold ? { bold: true } : {}),
    ...(color ? { color: { argb: `FF${color}` } } : {}),
    ...(style.size ? { size: style.size } : {}),
  };
};

/**
 * A sheet written top to bottom that knows its row numbers and column widths. Every string cell wraps
 * and the row is made tall enough for its longest label, so nothing is cut on screen or in print.
 */
export class SheetWriter {
  rowNo = 0;
  /** The last row stays open until the next one, so a page break can still be put after it. */
  private open: ExcelJS.Row | undefined;
  constructor(
    readonly sheet: Sheet,
    readonly widths: number[],
  ) {
    widths.forEach((w, i) => {
      sheet.getColumn(i + 1).width = w;
    });
  }

  width(col: number, merge?: [number, number]): number {
    if (merge && col === merge[0]) {
      let w = 0;
      for (let c = merge[0]; c <= merge[1]; c++) w += this.widths[c - 1] ?? 10;
      return w;
    }
    return this.widths[col - 1] ?? 10;
  }

  private next(values: Cell[], pageBreakBefore = false): ExcelJS.Row {
    if (pageBreakBefore) this.open?.addPageBreak();
    this.open?.commit();
    const r = this.sheet.addRow(values);
    this.open = r;
    return r;
  }

  row(values: Cell[], style: RowStyle = {}): number {
    const r = this.next(values, style.pageBreakBefore);
    this.rowNo = r.number;
    const font = fontOf(style);
    const last = style.merge ? style.merge[1] : values.length;
    let lines = 1;
    for (let col = 1; col <= last; col++) {
      lines = Math.max(lines, this.cell(r.getCell(col), values[col - 1], col, style, font));
    }
    if (style.merge) this.sheet.mergeCells(this.rowNo, style.merge[0], this.rowNo, style.merge[1]);
    const size = style.size ?? 11;
    if (lines > 1 || size > 11) r.height = lines * Math.ceil((LINE * size) / 11);
    return this.rowNo;
  }

  /** Styles one cell of a row; returns how many wrapped lines its label needs. */
  private cell(
    c: ExcelJS.Cell,
    v: Cell,
    col: number,
    style: RowStyle,
    font: Partial<ExcelJS.Font> | undefined,
  ): number {
    if (!style.only || style.only.includes(col)) {
      if (font) c.font = font;
      if (style.fill) c.fill = fill(style.fill);
    }
    const f = style.numFmt?.[col];
    if (f) c.numFmt = f;
    if (typeof v === 'string') {
      c.alignment = { wrapText: true, vertical: 'top' };
      return linesFor(v, this.width(col, style.merge), style.bold ?? false);
    }
    if (v !== null && v !== undefined) c.alignment = { vertical: 'top' };
    return 1;
  }

  blank(n = 1): void {
    for (let i = 0; i < n; i++) this.rowNo = this.next([]).number;
  }

  /** A data bar on column `col`, rows `first`..`last` (full cfvo and colour: exceljs needs both). */
  dataBar(col: number, first: number, last: number, colour = BAR): void {
    if (last < first) return;
    const letter = String.fromCharCode(64 + col);
    this.sheet.addConditionalFormatting({
      ref: `${letter}${first}:${letter}${last}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          minLength: 0,
          maxLength: 100,
          gradient: false,
          border: false,
          showValue: true,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'max', value: 0 },
          ],
          color: { argb: `FF${colour}` },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }

  finish(): void {
    this.open?.commit();
    this.open = undefined;
    (this.sheet as Sheet & { commit?: () => void }).commit?.();
  }
}

export interface SheetOptions {
  colour?: string;
  frozenRows?: number;
  landscape?: boolean;
  /** Rows repeated at the top of every printed page, e.g. "1:1". */
  titleRows?: string;
  /** Scale to one page width (default) or print at 100 %. */
  fitToWidth?: boolean;
  printArea?: string;
}

const amp = (s: string) => s.replace(/&/g, '&&');
/** Footer: sheet title left, period centre, "Page x / y" right. */
export const footerOf = (title: string, period: string) => `&L${amp(title)}&C${amp(period)}&RPage &P / &N`;

/** A sheet set up for A4 printing, with repeated header rows and the footer. */
export const addSheet = (book: Book, name: string, period: string, opts: SheetOptions = {}): Sheet => {
  const footer = footerOf(name, period);
  return book.addWorksheet(name, {
    ...(opts.colour ? { properties: { tabColor: { argb: `FF${opts.colour}` } } } : {}),
    views: opts.frozenRows ? [{ state: 'frozen', ySplit: opts.frozenRows }] : [],
    pageSetup: {
      paperSize: 9,
      orientation: opts.landscape ? 'landscape' : 'portrait',
      ...(opts.fitToWidth === false ? {} : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      ...(opts.titleRows ? { printTitlesRow: opts.titleRows } : {}),
      ...(opts.printArea ? { printArea: opts.printArea } : {}),
    },
    headerFooter: { oddFooter: footer, evenFooter: footer },
  });
};

/** An "À propos / Over" sheet: one bold FR and NL label per line, then its value (text, number or date). */
export const writeAboutLines = (
  book: Book,
  name: string,
  period: string,
  lines: [{ fr: string; nl: string }, Cell][],
): void => {
  const w = new SheetWriter(addSheet(book, name, period, { titleRows: '1:1' }), [30, 30, 70]);
  w.row(['À propos', 'Over', ''], { bold: true, fill: NAVY });
  for (const [k, v] of lines)
    w.row([k.fr, k.nl, typeof v === 'string' ? text(v) : v], {
      bold: true,
      only: [1, 2],
      numFmt: { 3: DATE_TIME },
    });
  w.finish();
};
