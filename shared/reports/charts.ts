/**
 * Native Excel bar charts added to a finished .xlsx (exceljs writes none). The workbook is written first
 * (streamed), then this opens the zip once and adds, per chart, `xl/charts/chartN.xml`, a drawing
 * `xl/drawings/drawingN.xml` anchoring it, their relationships, the sheet's `<drawing r:id>` and the
 * content types. The cost depends on the number of charts and sheets, never on the number of rows; it is
 * meant for the council workbook, which holds figures only.
 */
import { readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';

export interface BarChart {
  /** Worksheet name, as given to addWorksheet. */
  sheet: string;
  title: string;
  seriesName: string;
  /** 1-based column of the category labels and of the values, and the 1-based rows of the data. */
  categoryColumn: number;
  valueColumn: number;
  firstRow: number;
  lastRow: number;
  /** The values and labels as written (the chart's cache; null = no bar, e.g. a suppressed cell). */
  categories: string[];
  values: (number | null)[];
  /** RRGGBB of the bars. */
  colour: string;
  /** Where the chart sits: 0-based top-left cell and size in columns and rows. */
  anchor: { col: number; row: number; cols: number; rows: number };
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL_TYPE = {
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
};
const CONTENT_TYPE = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
};

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Column number → letters (1 → A, 27 → AA). */
export const columnLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

const quoteSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;
const range = (sheet: string, col: number, first: number, last: number) =>
  `${quoteSheet(sheet)}!$${columnLetter(col)}$${first}:$${columnLetter(col)}$${last}`;

/** The references a chart reads (for tests and for the drawing). */
export const chartRanges = (c: BarChart) => ({
  categories: range(c.sheet, c.categoryColumn, c.firstRow, c.lastRow),
  values: range(c.sheet, c.valueColumn, c.firstRow, c.lastRow),
});

const richText = (text: string, size = 1200) =>
  `<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr><a:r><a:rPr lang="fr-BE" sz="${size}" b="1"/><a:t>${xml(text)}</a:t></a:r></a:p></c:rich></c:tx>`;

const chartXml = (c: BarChart): string => {
  const refs = chartRanges(c);
  const n = c.categories.length;
  const strPts = c.categories.map((v, i) => `<c:pt idx="${i}"><c:v>${xml(v)}</c:v></c:pt>`).join('');
  const numPts = c.values
    .map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`))
    .join('');
  const axisText =
    '<c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="fr-BE"/></a:p></c:txPr>';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:roundedCorners val="0"/>' +
    `<c:chart><c:title>${richText(c.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    '<c:plotArea><c:layout/>' +
    '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${xml(c.seriesName)}</c:v></c:tx>` +
    `<c:spPr><a:solidFill><a:srgbClr val="${c.colour}"/></a:solidFill></c:spPr>` +
    '<c:invertIfNegative val="0"/>' +
    '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
    `<c:cat><c:strRef><c:f>${xml(refs.categories)}</c:f><c:strCache><c:ptCount val="${n}"/>${strPts}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${xml(refs.values)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${n}"/>${numPts}</c:numCache></c:numRef></c:val>` +
    '</c:ser>' +
    '<c:gapWidth val="60"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>' +
    // Categories top to bottom in table order (rank 1 first).
    '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>' +
    `<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/>' +
    `<c:axPos val="b"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}<c:crossAx val="500000001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    '</c:chartSpace>'
  );
};

const anchorXml = (c: BarChart, relId: string, id: number): string => {
  const { col, row, cols, rows } = c.anchor;
  const marker = (tag: string, x: number, y: number) =>
    `<xdr:${tag}><xdr:col>${x}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${y}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell">${marker('from', col, row)}${marker('to', col + cols, row + rows)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${xml(c.title).slice(0, 250)}" descr="${xml(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
};

const relsXml = (rels: { id: string; type: string; target: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">${rels
    .map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`)
    .join('')}</Relationships>`;

const readText = async (zip: JSZip, name: string): Promise<string | undefined> =>
  zip.file(name)?.async('string');

/** Sheet name → its part (xl/worksheets/sheetN.xml), from workbook.xml and its relationships. */
const sheetParts = async (zip: JSZip): Promise<Map<string, string>> => {
  const book = (await readText(zip, 'xl/workbook.xml')) ?? '';
  const rels = (await readText(zip, 'xl/_rels/workbook.xml.rels')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const target = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, `xl/${target.replace(/^\/?xl\//, '')}`);
  }
  const out = new Map<string, string>();
  for (const m of book.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const id = /r:id="([^"]+)"/.exec(m[0])?.[1];
    const target = id ? targets.get(id) : undefined;
    if (name && target) out.set(unescapeXml(name), target);
  }
  return out;
};

const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** `<drawing>` goes after headerFooter / rowBreaks / colBreaks and before legacyDrawing, tableParts, extLst. */
const withDrawing = (sheetXml: string, relId: string): string => {
  const tag = `<drawing r:id="${relId}"/>`;
  const tail = sheetXml.lastIndexOf('</worksheet>');
  const after = ['</colBreaks>', '</rowBreaks>', '</headerFooter>', '<headerFooter/>']
    .map((t) => ({ t, i: sheetXml.lastIndexOf(t) }))
    .filter(({ i }) => i >= 0)
    .sort((x, y) => y.i - x.i)[0];
  let at: number;
  if (after) at = after.i + after.t.length;
  else {
    const pageSetup = /<pageSetup\b[^>]*\/>/.exec(sheetXml);
    at = pageSetup ? pageSetup.index + pageSetup[0].length : tail;
  }
  const withNs = sheetXml.includes(`xmlns:r="${NS.r}"`)
    ? sheetXml
    : sheetXml.replace('<worksheet ', `<worksheet xmlns:r="${NS.r}" `);
  const shift = withNs.length - sheetXml.length;
  return `${withNs.slice(0, at + shift)}${tag}${withNs.slice(at + shift)}`;
};

/** Adds the charts to the .xlsx file in place. */
export const addBarCharts = async (file: string, charts: BarChart[]): Promise<void> => {
  if (charts.length === 0) return;
  const zip = await JSZip.loadAsync(await readFile(file));
  const parts = await sheetParts(zip);
  let types = (await readText(zip, '[Content_Types].xml')) ?? '';
  const bySheet = new Map<string, BarChart[]>();
  for (const c of charts) {
    if (!parts.has(c.sheet)) throw new Error(`chart on unknown sheet: ${c.sheet}`);
    bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);
  }
  let chartNo = 0;
  let drawingNo = 0;
  const overrides: string[] = [];
  for (const [sheet, list] of bySheet) {
    const part = parts.get(sheet) as string;
    drawingNo += 1;
    const drawingRels: { id: string; type: string; target: string }[] = [];
    const anchors: string[] = [];
    list.forEach((c, i) => {
      chartNo += 1;
      const relId = `rId${i + 1}`;
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(c));
      overrides.push(
        `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CONTENT_TYPE.chart}"/>`,
      );
      drawingRels.push({ id: relId, type: REL_TYPE.chart, target: `../charts/chart${chartNo}.xml` });
      anchors.push(anchorXml(c, relId, i + 1));
    });
    zip.file(
      `xl/drawings/drawing${drawingNo}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors.join('')}</xdr:wsDr>`,
    );
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(drawingRels));
    overrides.push(
      `<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="${CONTENT_TYPE.drawing}"/>`,
    );

    // The sheet's relationships: keep any it has (hyperlinks, comments), add the drawing.
    const dir = part.slice(0, part.lastIndexOf('/'));
    const base = part.slice(part.lastIndexOf('/') + 1);
    const relsName = `${dir}/_rels/${base}.rels`;
    const existing = (await readText(zip, relsName)) ?? '';
    const used = new Set([...existing.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]));
    let n = used.size + 1;
    while (used.has(`rId${n}`)) n += 1;
    const relId = `rId${n}`;
    const rel = `<Relationship Id="${relId}" Type="${REL_TYPE.drawing}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.file(
      relsName,
      existing
        ? existing.replace('</Relationships>', `${rel}</Relationships>`)
        : relsXml([{ id: relId, type: REL_TYPE.drawing, target: `../drawings/drawing${drawingNo}.xml` }]),
    );
    zip.file(part, withDrawing((await readText(zip, part)) ?? '', relId));
  }
  types = types.replace('</Types>', `${overrides.join('')}</Types>`);
  zip.file('[Content_Types].xml', types);
  const out = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
  await writeFile(file, out);
};
