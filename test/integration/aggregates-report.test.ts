import { describe, expect, it } from 'vitest';
import { buildReportBody } from '../../shared/aggregates/report.ts';
import { reportBodySchema } from '../../shared/report-body/schema.ts';

describe('buildReportBody', () => {
  it('gives a valid report that says so for a period without data', async () => {
    const body = await buildReportBody('2031-Q2', { now: new Date('2031-07-01T06:00:00Z') });

    expect(reportBodySchema.parse(body)).toEqual(body);
    expect(body.provenance.hasData).toBe(false);
    expect(body.provenance.notes[0]?.fr).toContain('2031-Q2');
    expect(body.zones.map((z) => z.zone)).toEqual([
      'centre-west',
      'south',
      'south-east',
      'north-east',
      'north',
    ]);
    expect(body.region.totals).toMatchObject({
      meetings: 0,
      participants: 0,
      surveyResponses: 0,
      suppressed: false,
    });
    expect(body.previousPeriod).toBe('2031-Q1');
    expect(body.runId).toBeNull();
  });
});
