/**
 * Runs before each test file, before it imports anything: points the configuration at the shared
 * emulators with a fresh table and bucket for this file, so handlers read it at "cold start" as in Lambda.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureBucket } from '../../local/bucket.ts';
import { loadConfig } from '../../shared/config.ts';
import { createClients, setClients } from '../../shared/store/clients.ts';
import { ensureTable } from '../../shared/store/table.ts';

const id = randomUUID().slice(0, 8);
process.env.TABLE_NAME = `zonedata-test-${id}`;
process.env.REPORT_BUCKET = `zonedata-test-${id}`;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.S3_ENDPOINT = inject('s3Endpoint');
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';

const testClients = createClients(loadConfig());
setClients(testClients);
await Promise.all([
  ensureTable(testClients.ddb, testClients.config.TABLE_NAME),
  ensureBucket(testClients.s3, testClients.config.REPORT_BUCKET),
]);
