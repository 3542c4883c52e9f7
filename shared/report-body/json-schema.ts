/**
 * The published JSON Schema of the report body, generated from the zod schema so the two cannot
 * disagree. `schemas/report.schema.json` is the committed copy (a test checks it equals this output);
 * regenerate it with `npx tsx shared/report-body/json-schema.ts && npx biome format --write schemas` (the test
 * compares parsed JSON, so formatting does not matter).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { reportBodySchema } from './schema.ts';

export const REPORT_SCHEMA_ID = 'https://zonedata.brusano.brussels/schemas/report.schema.json';

/** The JSON Schema (draft 2020-12) of the report body. */
export const reportJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(reportBodySchema, { target: 'draft-2020-12', reused: 'ref' }),
  $id: REPORT_SCHEMA_ID,
  title: 'zonedata report body (GET /api/aggregates, rar-{period}.json)',
});

/** The committed file's text: 2-space JSON with a final newline. */
export const reportJsonSchemaText = (): string => `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;

export const REPORT_SCHEMA_FILE = fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url));

/** Writes schemas/report.schema.json. */
export const writeReportJsonSchema = (file = REPORT_SCHEMA_FILE): string => {
  writeFileSync(file, reportJsonSchemaText());
  return file;
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${writeReportJsonSchema()} (then: npx biome format --write schemas)`);
}
