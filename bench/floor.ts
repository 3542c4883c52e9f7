/**
 * The floor for writing a workbook: the same cells as bare SpreadsheetML (inline strings, numbers, no
 * styles) deflated into a zip by hand, with nothing but node:zlib in between. No library can write the
 * same cells much faster than this, so `workbook writer / floor` says how much our writer costs on top
 * of the unavoidable work (XML text and deflate), unlike a ratio against another slow writer.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

export type FloorCell = string | number | boolean | null;
export interface FloorSheet {
  name: string;
  rows: FloorCell[][];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const ROWS_PER_CHUNK = 500;

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** A1-style column letters for a 0-based column index. */
const columnName = (index: number) => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

const cellXml = (value: FloorCell, ref: string) => {
  if (value === null || value === '') return '';
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
};

function* sheetXml(rows: FloorCell[][]): Generator<string> {
  yield `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>`;
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let chunk = '';
    for (let r = start; r < Math.min(rows.length, start + ROWS_PER_CHUNK); r++) {
      const cells = rows[r] ?? [];
      let row = `<row r="${r + 1}">`;
      for (let c = 0; c < cells.length; c++) row += cellXml(cells[c] ?? null, `${columnName(c)}${r + 1}`);
      chunk += `${row}</row>`;
    }
    yield chunk;
  }
  yield '</sheetData></worksheet>';
}

const packageParts = (sheets: FloorSheet[]): [string, Iterable<string>][] => [
  [
    '[Content_Types].xml',
    [
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    ],
  ],
  [
    '_rels/.rels',
    [
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
  ],
  [
    'xl/workbook.xml',
    [
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
        sheets
          .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('') +
        '</sheets></workbook>',
    ],
  ],
  [
    'xl/_rels/workbook.xml.rels',
    [
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    ],
  ],
  ...sheets.map((s, i): [string, Iterable<string>] => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s.rows)]),
];

/** Deflates one part chunk by chunk; returns its compressed bytes, CRC-32 and uncompressed size. */
const deflatePart = async (chunks: Iterable<string>, level: number) => {
  const deflate = createDeflateRaw({ level });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  for (const text of chunks) {
    const bytes = Buffer.from(text, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
};

/** Writes `sheets` as a minimal .xlsx (zip, deflate at `level`) to `file`; returns the file size. */
export const writeFloorXlsx = async (
  file: string,
  sheets: FloorSheet[],
  level: number = constants.Z_BEST_SPEED,
): Promise<number> => {
  const stream = createWriteStream(file);
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (b: Buffer) => {
    offset += b.length;
    if (!stream.write(b)) await once(stream, 'drain');
  };
  const parts = packageParts(sheets);
  for (const [name, chunks] of parts) {
    const { data, crc, size } = await deflatePart(chunks, level);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0); // local file header
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory entry
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    await write(header);
    await write(nameBytes);
    await write(data);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(directory);
  await write(end);
  stream.end();
  await once(stream, 'finish');
  return offset;
};
