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

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    assertJava();
    log('Starting DynamoDB Local and s3rver…');
    // Supervised: a crashed emulator comes back on the same port and data dir, with a log line.
    const started = await Promise.allSettled([
      superviseEmulator(
        'DynamoDB Local',
        (port) => startDynamoDbLocal({ port, dbPath: path.join(dataDir, 'dynamodb') }),
        log,
      ),
      superviseEmulator('s3rver', (port) => startS3rver({ port, directory: path.join(dataDir, 's3') }), log),
    ]);
    for (const s of started) if (s.status === 'fulfilled') stops.push(s.value.stop);
    const [dynamodb, s3] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const failure = started.find((s) => s.status === 'rejected');
    if (failure || !dynamodb || !s3) throw failure?.reason ?? new Error('emulators did not start');

    // The handlers read their configuration from the environment, as in Lambda.
    Object.assign(process.env, {
      TABLE_NAME: LOCAL_TABLE,
      REPORT_BUCKET: LOCAL_BUCKET,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      S3_ENDPOINT: s3.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      STAGE: 'local',
    });
    // Locally, warnings only and no CloudWatch metric lines (override with LOG_LEVEL / POWERTOOLS_METRICS_DISABLED).
    process.env.LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
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
      const { startStreamPoller } = await import('./stream-poller.ts');
      const { handler } = await import('../functions/aggregator.ts');
      const { repairRecords } = await import('../functions/aggregate-repair.ts');
      poller = await startStreamPoller({
        ddbEndpoint: dynamodb.endpoint,
        tableName: config.TABLE_NAME,
        handler,
        checkpointFile: path.join(dataDir, 'stream-checkpoint.json'),
        deadLetterFile: path.join(dataDir, 'aggregator-dead-letters.jsonl'),
        // Runs while the poller is idle, so a short settling pause is enough.
        repair: (records) => repairRecords(records, 300),
        onError: (error) => log(`aggregator: ${(error as Error).message}`),
      });
      const running = poller;
      stops.push(() => running.stop());
    }

    const marker = path.join(dataDir, DEMO_MARKER);
    if ((options.demo ?? true) && !existsSync(marker)) {
      log('Loading demo data (first start of this data dir)…');
      const { loadDemoData } = await import('./demo/load.ts');
      const counts = await loadDemoData();
      await poller?.drain();
      await writeFile(marker, JSON.stringify({ loadedAt: new Date().toISOString(), ...counts }, null, 2));
      log(`Demo data: ${counts.meetings} meetings, ${counts.responses} survey responses.`);
    }

    let ready = false;
    let url: string | undefined;
    if (options.http ?? true) {
      const { startLocalServer } = await import('./server.ts');
      const server: Server = await startLocalServer({
        port: options.port ?? 3000,
        dataDir,
        isReady: () => ready,
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      url = `http://127.0.0.1:${port}`;
      stops.push(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
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
