/** EventBridge Scheduler target, first day of each quarter (Europe/Brussels): the report of the quarter just closed. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { quarterJustClosed } from '../shared/period.ts';
import { startReportRun } from '../shared/reports/index.ts';
import { coldStart, logger } from './lib/observability.ts';

const schedule = async () => {
  const period = quarterJustClosed(new Date());
  const run = await startReportRun(period, 'schedule');
  logger.info('scheduled report run started', { period, runId: run.runId });
  return { period, runId: run.runId };
};

coldStart();

export const handler = middy(schedule).use(injectLambdaContext(logger, { resetKeys: true }));
