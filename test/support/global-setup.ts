/**
 * Starts one DynamoDB Local (in memory) and one s3rver for the whole test run; each test file gets its
 * own table and bucket (test/support/per-file.ts), so files run in parallel without seeing each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3rver } from '../../local/emulators.ts';
import { ensureWebBuild } from '../../web/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Once, before any file runs: the browser tests and `zonedata start` children then find it up to date.
  await ensureWebBuild(() => undefined);
  const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-test-s3-'));
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3rver({ directory: s3Dir })]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  };
}
