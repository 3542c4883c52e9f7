/**
 * One logger and one metrics for every function, named after the service. Request bodies (survey
 * answers, meeting notes) are never logged: log ids and counts only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { clients } from '../../shared/store/clients.ts';

const serviceName = 'zonedata';

const logLevelSchema = z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']);
export type LogLevel = z.infer<typeof logLevelSchema>;

/**
 * Powertools' own order, validated: POWERTOOLS_LOG_LEVEL, then LOG_LEVEL; without either, INFO (SILENT
 * under the test runner). A level Powertools does not know fails at cold start rather than being ignored.
 */
export const logLevelOf = (env: NodeJS.ProcessEnv): LogLevel => {
  const raw = env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL;
  if (!raw) return env.VITEST ? 'SILENT' : 'INFO';
  const level = logLevelSchema.safeParse(raw.toUpperCase());
  if (!level.success)
    throw new Error(`Invalid log level ${JSON.stringify(raw)}: one of ${logLevelSchema.options.join(', ')}`);
  return level.data;
};

export const logger = new Logger({ serviceName, logLevel: logLevelOf(process.env) });
export const metrics = new Metrics({ namespace: 'zonedata', serviceName });

/**
 * Reads and validates the configuration and creates the AWS clients once, when a function module loads
 * (Lambda's cold start), so a missing or bad setting fails at once rather than on the first request.
 */
export const coldStart = (): void => {
  clients();
};
