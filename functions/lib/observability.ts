/**
 * One logger, one metrics and one tracer for every function, named after the service. Request bodies
 * (survey answers, meeting notes) are never logged: log ids and counts only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { clients } from '../../shared/store/clients.ts';

const serviceName = 'zonedata';

export const logger = new Logger({
  serviceName,
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.VITEST ? 'SILENT' : 'INFO'),
});
export const metrics = new Metrics({ namespace: 'zonedata', serviceName });
export const tracer = new Tracer({
  serviceName,
  enabled: process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined,
});

/**
 * Reads and validates the configuration and creates the AWS clients once, when a function module loads
 * (Lambda's cold start), so a missing or bad setting fails at once rather than on the first request.
 */
export const coldStart = (): void => {
  clients();
};
