import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from '../../shared/report-body/json-schema.ts';
import { reportBodySchema } from '../../shared/report-body/schema.ts';

describe('schemas/report.schema.json', () => {
  it('equals the JSON Schema generated from the zod schema (regenerate: npx tsx shared/report-body/json-schema.ts)', () => {
    const committed: unknown = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));

    expect(committed).toEqual(reportJsonSchema());
  });

  it('names the fields the issue requires', () => {
    const schema = reportJsonSchema() as { required: string[] };

    expect(schema.required).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'period',
        'runId',
        'generatedAt',
        'region',
        'zones',
        'suppression',
        'provenance',
      ]),
    );
  });

  it('rejects a body whose suppressed count is not null-or-count', () => {
    const result = reportBodySchema.shape.region.shape.totals.safeParse({
      meetings: 1,
      participants: 3,
      participantsMean: 3,
      meetingsByKind: {},
      surveyResponses: -1,
      suppressed: false,
      previous: { meetings: 0, participants: 0, participantsMean: null, surveyResponses: null },
      change: { meetings: 1, participants: 3, surveyResponses: null },
    });

    expect(result.success).toBe(false);
  });
});
