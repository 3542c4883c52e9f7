/**
 * Starting a run's work: in the cloud the report worker Lambda is invoked asynchronously (its own retries
 * and on-failure queue apply); on the local stack the work runs in this process, in the background,
 * tracked so the CLI and tests can wait for it. The in-process runner is registered by the local stack
 * (not imported here) so the API functions' bundles stay free of the workbook writer.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clients } from '../store/clients.ts';
import type { ReportRun } from './store.ts';

type RunRef = Pick<ReportRun, 'period' | 'runId'>;
type Runner = (run: RunRef) => Promise<unknown>;

let lambda: LambdaClient | undefined;
let inProcess: Runner | undefined;
const localRuns = new Set<Promise<unknown>>();

/** Local stack and tests: run report generation in this process instead of invoking a Lambda. */
export const runReportsInProcess = (runner: Runner | undefined): void => {
  inProcess = runner;
};

export const dispatchRun = async (run: RunRef): Promise<void> => {
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
  if (!inProcess)
    throw new Error('REPORT_FUNCTION_NAME is not set and no in-process report runner is registered');
  const work = inProcess(run).finally(() => localRuns.delete(work));
  localRuns.add(work);
};

/** Waits for every run started in this process (local stack, tests, CLI). */
export const settleLocalRuns = async (): Promise<void> => {
  while (localRuns.size > 0) await Promise.allSettled([...localRuns]);
};
