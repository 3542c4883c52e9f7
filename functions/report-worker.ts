/**
 * The report worker, invoked asynchronously with { period, runId }. A failed generation is recorded on
 * the run (not thrown), so Lambda does not retry a run that failed for a reason a retry would not fix;
 * an unreadable event is thrown, so it lands in the on-failure queue.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { periodSchema } from '../shared/period.ts';
import { executeRun } from '../shared/reports/generate.ts';
import { coldStart, logger } from './lib/observability.ts';

const eventSchema = z.object({ period: periodSchema, runId: z.string().min(1).max(100) });

const work = async (event: unknown) => {
  const run = eventSchema.parse(event);
  logger.appendKeys({ period: run.period, runId: run.runId });
  const status = await executeRun(run);
  logger.info('report run finished', { status });
  return { status };
};

coldStart();

export const handler = middy(work).use(injectLambdaContext(logger, { resetKeys: true }));
