/**
 * The local stack: DynamoDB Local + s3rver + the stream poller feeding the aggregator + (optionally) the
 * HTTP server, all in one process, all stopped together. Data persists under the data dir.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { type Config, loadConfig } from '../shared/config.ts';
import { createClients, setClients } from '../shared/store/clients.ts';
import { ensureTable } from '../shared/store/table.ts';
import { ensureBucket } from './bucket.ts';
import {
  assertJava,
  type SupervisedEmulator,
  startDynamoDbLocal,
  startS3rver,
  superviseEmulator,
} from './emulators.ts';
import type { StreamPoller } from './stream-poller.ts';

export const LOCAL_TABLE = 'zonedata';
export const LOCAL_BUCKET = 'zonedata-reports';
const DEMO_MARKER = 'demo-loaded.json';
/** Written while a stack runs on a data dir: its pid and emulator endpoints. */
export const STACK_FILE = 'stack.json';
/** How far before a DynamoDB Local crash the aggregator goes back (the emulator loses milliseconds). */
const REWIND_MS = 5_000;

export interface LocalStackOptions {
  dataDir: string;
  port?: number;
  /** Load the demo data into a new data dir (default true). */
  demo?: boolean;
  /** Serve the HTTP API (default true). */
  http?: boolean;
  /** Follow the stream into the aggregates (default true). */
  aggregator?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  url?: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  /** The supervised emulators (fault tests and the load benchmark kill them on purpose). */
  emulators: { dynamodb: SupervisedEmulator; s3: SupervisedEmulator };
  config: Config;
  dataDir: string;
  /** Waits until the aggregates have caught up with every write so far. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export const defaultDataDir = () => path.resolve(process.env.ZONEDATA_DATA_DIR ?? '.data');

type Log = (line: string) => void;
type Stop = () => Promise<void>;

/**
 * Both emulators, supervised: a crashed emulator comes back on the same port and data dir, with a log
 * line. Each one that started is added to `stops`, even when the other failed. `onDynamoDbRestart` is
 * read at each restart (the poller that needs it starts later).
 */
const startEmulators = async (
  dataDir: string,
  log: Log,
  stops: Stop[],
  onDynamoDbRestart: { current?: (crashedAt: number) => void },
) => {
  const started = await Promise.allSettled([
    superviseEmulator(
      'DynamoDB Local',
      (port) => startDynamoDbLocal({ port, dbPath: path.join(dataDir, 'dynamodb') }),
      log,
      { onRestart: (crashedAt) => onDynamoDbRestart.current?.(crashedAt) },
    ),
    superviseEmulator('s3rver', (port) => startS3rver({ port, directory: path.join(dataDir, 's3') }), log),
  ]);
  for (const s of started) if (s.status === 'fulfilled') stops.push(s.value.stop);
  const [dynamodb, s3] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  const failure = started.find((s) => s.status === 'rejected');
  if (failure || !dynamodb || !s3) throw failure?.reason ?? new Error('emulators did not start');
  return { dynamodb, s3 };
};

/** The handlers read their configuration from the environment, as in Lambda. */
const setLocalEnvironment = (dynamodbEndpoint: string, s3Endpoint: string): void => {
  Object.assign(process.env, {
    TABLE_NAME: LOCAL_TABLE,
    REPORT_BUCKET: LOCAL_BUCKET,
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    S3_ENDPOINT: s3Endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    STAGE: 'local',
  });
  // Locally, warnings only and no CloudWatch metric lines (override with LOG_LEVEL / POWERTOOLS_METRICS_DISABLED).
  process.env.LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
};

/** The stream poller feeding the aggregator Lambda handler, with its checkpoint and dead letters on disk. */
const startAggregator = async (
  dataDir: string,
  dynamodbEndpoint: string,
  tableName: string,
  log: Log,
): Promise<StreamPoller> => {
  const { startStreamPoller } = await import('./stream-poller.ts');
  const { handler } = await import('../functions/aggregator.ts');
  const { repairRecords } = await import('../functions/aggregate-repair.ts');
  return startStreamPoller({
    ddbEndpoint: dynamodbEndpoint,
    tableName,
    handler,
    checkpointFile: path.join(dataDir, 'stream-checkpoint.json'),
    deadLetterFile: path.join(dataDir, 'aggregator-dead-letters.jsonl'),
    // Runs while the poller is idle, so a short settling pause is enough.
    repair: (records) => repairRecords(records, 300),
    onError: (error) => log(`aggregator: ${(error as Error).message}`),
  });
};

/** Loads the demo data on the first start of a data dir only (a marker file remembers it). */
const loadDemoOnce = async (dataDir: string, log: Log, poller: StreamPoller | undefined): Promise<void> => {
  const marker = path.join(dataDir, DEMO_MARKER);
  if (existsSync(marker)) return;
  log('Loading demo data (first start of this data dir)…');
  const { loadDemoData } = await import('./demo/load.ts');
  const counts = await loadDemoData();
  await poller?.drain();
  await writeFile(marker, JSON.stringify({ loadedAt: new Date().toISOString(), ...counts }, null, 2));
  log(`Demo data: ${counts.meetings} meetings, ${counts.responses} survey responses.`);
};

/** The HTTP server on loopback, its URL, and how to close it with its open connections. */
const startHttp = async (
  port: number | undefined,
  dataDir: string,
  isReady: () => boolean,
): Promise<{ url: string; stop: Stop }> => {
  const { startLocalServer } = await import('./server.ts');
  const server: Server = await startLocalServer({ port: port ?? 3000, dataDir, isReady });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    assertJava();
    log('Starting DynamoDB Local and s3rver…');
    const onDynamoDbRestart: { current?: (crashedAt: number) => void } = {};
    const { dynamodb, s3 } = await startEmulators(dataDir, log, stops, onDynamoDbRestart);
    setLocalEnvironment(dynamodb.endpoint, s3.endpoint);
    const config = loadConfig();
    const clients = createClients(config);
    setClients(clients);
    // Report runs execute in this process (the cloud invokes the worker Lambda instead).
    const [{ runReportsInProcess }, { executeRun }] = await Promise.all([
      import('../shared/reports/dispatch.ts'),
      import('../shared/reports/generate.ts'),
    ]);
    runReportsInProcess(executeRun);
    await ensureTable(clients.ddb, config.TABLE_NAME);
    await ensureBucket(clients.s3, config.REPORT_BUCKET);

    let poller: StreamPoller | undefined;
    if (options.aggregator ?? true) {
      const running = await startAggregator(dataDir, dynamodb.endpoint, config.TABLE_NAME, log);
      poller = running;
      stops.push(() => running.stop());
      // DynamoDB Local can lose a write it acknowledged just before it crashed (an aggregate update
      // among them): the records handed over shortly before the crash are handed over again.
      onDynamoDbRestart.current = (crashedAt) => {
        log('aggregator: handing over again the stream records of the 5 s before the crash');
        running.rewind(crashedAt - REWIND_MS);
      };
    }

    if (options.demo ?? true) await loadDemoOnce(dataDir, log, poller);

    let ready = false;
    let url: string | undefined;
    if (options.http ?? true) {
      const http = await startHttp(options.port, dataDir, () => ready);
      url = http.url;
      stops.push(http.stop);
    }
    // Lets other commands (zonedata verify) reach this stack's emulators instead of starting their own.
    const endpointsFile = path.join(dataDir, STACK_FILE);
    await writeFile(
      endpointsFile,
      JSON.stringify({ pid: process.pid, dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: s3.endpoint }),
    );
    stops.push(() => rm(endpointsFile, { force: true }));
    ready = true;
    return {
      ...(url ? { url } : {}),
      dynamodbEndpoint: dynamodb.endpoint,
      s3Endpoint: s3.endpoint,
      emulators: { dynamodb, s3 },
      config,
      dataDir,
      drain: async () => poller?.drain(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
