/**
 * AWS clients, created once per process and injectable. Handlers call `clients()`; tests and the local
 * stack point the same code at DynamoDB Local and s3rver through the endpoint settings in Config.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, loadConfig } from '../config.ts';

export interface Clients {
  config: Config;
  ddb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
}

const ignore = () => {};
/**
 * The SDK logs nothing here, yet its logger middleware builds a redacted copy of every response for
 * `logger.info` before calling it: a walk over every Query page, about a sixth of the CPU time of reading
 * responses. A logger without `info` skips that; the rest goes nowhere, as with the SDK's default logger.
 */
const SDK_LOGGER = {
  debug: ignore,
  warn: ignore,
  error: ignore,
} as unknown as DynamoDBClientConfig['logger'];

export const createClients = (config: Config): Clients => {
  const local = config.DYNAMODB_ENDPOINT !== undefined;
  const credentials = local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const ddb = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    ...(credentials ? { credentials } : {}),
    // A frozen or unreachable table fails fast (→ 503 with Retry-After) instead of holding the request.
    // Locally one process serves every request (in Lambda, one at a time): past the SDK's 50 sockets,
    // queued requests would hit the connection timeout while waiting for a socket.
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: 10_000,
      ...(local ? { httpAgent: { keepAlive: true, maxSockets: 512 } } : {}),
    },
    logger: SDK_LOGGER,
  });
  const doc = DynamoDBDocumentClient.from(ddb, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const s3 = new S3Client({
    region: config.AWS_REGION,
    logger: SDK_LOGGER,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true } : {}),
    ...(config.S3_ENDPOINT
      ? {
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          // s3rver stores aws-chunked (streamed, checksummed) uploads with their framing: checksum only when required.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
  return { config, ddb, doc, s3 };
};

let current: Clients | undefined;

/** The process-wide clients, built from the environment on first use. */
export const clients = (): Clients => {
  current ??= createClients(loadConfig());
  return current;
};

/** Replace the process-wide clients (tests, local stack). */
export const setClients = (next: Clients | undefined): void => {
  current = next;
};
