import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.ts';

describe('configuration', () => {
  it('fails fast, naming what is missing or wrong', () => {
    expect(() => loadConfig({})).toThrow(/TABLE_NAME.*REPORT_BUCKET|REPORT_BUCKET.*TABLE_NAME/);
    expect(() =>
      loadConfig({ TABLE_NAME: 'zonedata', REPORT_BUCKET: 'r-b', DYNAMODB_ENDPOINT: 'not a url' }),
    ).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => loadConfig({ TABLE_NAME: 'zonedata', REPORT_BUCKET: 'r-b', RETENTION_DAYS: '-3' })).toThrow(
      /RETENTION_DAYS/,
    );
  });

  it('applies defaults', () => {
    expect(loadConfig({ TABLE_NAME: 'zonedata', REPORT_BUCKET: 'r-b' })).toMatchObject({
      AWS_REGION: 'eu-west-1',
      RETENTION_DAYS: 3650,
      STAGE: 'local',
    });
  });
});
