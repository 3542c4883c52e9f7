/**
 * Starting a run's work: in the cloud the report worker Lambda is invoked asynchronously (its own retries
 * and on-failure queue apply); locally the same work runs in this process, in the background, tracked so
 * the CLI and tests can wait for it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clients } from '../store/clients.ts';
import { executeRun } from './generate.ts';
import type { ReportRun } from './runs.ts';

let lambda: LambdaClient | undefined;
const localRuns = new Set<Promise<unknown>>();

export const dispatchRun = async (run: Pick<ReportRun, 'period' | 'runId'>): Promise<void> => {
  const { config } = clients();
  if (config.REPORT_FUNCTION_NAME) {
    lambda ??= new LambdaClient({ region: config.AWS_REGION });
    await lambda.send(
      new InvokeCommand({
        FunctionName: config.REPORT_FUNCTION_NAME,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ period: run.period, runId: run.runId })),
      }),
    );
    return;
  }
  const work = executeRun(run).finally(() => localRuns.delete(work));
  localRuns.add(work);
};

/** Waits for every run started in this process (local stack, tests, CLI). */
export const settleLocalRuns = async (): Promise<void> => {
  while (localRuns.size > 0) await Promise.allSettled([...localRuns]);
};
