import { describe, expect, it } from 'vitest';
import { logLevelOf } from '../../functions/lib/observability.ts';

describe('log level', () => {
  it('honours POWERTOOLS_LOG_LEVEL before LOG_LEVEL', () => {
    expect(logLevelOf({ POWERTOOLS_LOG_LEVEL: 'DEBUG', LOG_LEVEL: 'ERROR' })).toBe('DEBUG');
  });

  it('falls back to LOG_LEVEL, in any case', () => {
    expect(logLevelOf({ LOG_LEVEL: 'warn' })).toBe('WARN');
  });

  it('defaults to INFO, and to SILENT under the test runner', () => {
    expect(logLevelOf({})).toBe('INFO');
    expect(logLevelOf({ VITEST: 'true' })).toBe('SILENT');
  });

  it('refuses a level Powertools does not know', () => {
    expect(() => logLevelOf({ POWERTOOLS_LOG_LEVEL: 'VERBOSE' })).toThrow(/Invalid log level "VERBOSE"/);
  });
});
