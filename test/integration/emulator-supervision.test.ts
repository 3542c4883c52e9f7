/** The local stack's emulators come back after a crash, on the same endpoint and data dir. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { FAST_START_JAVA_OPTIONS, startDynamoDbLocal, superviseEmulator } from '../../local/emulators.ts';

// For this file's DynamoDB Local only (it starts twice here).
process.env.JAVA_TOOL_OPTIONS = FAST_START_JAVA_OPTIONS;

describe('emulator supervision', () => {
  it('restarts a killed DynamoDB Local on the same port and data dir, with a log line', async () => {
    const dbPath = mkdtempSync(path.join(os.tmpdir(), 'zonedata-supervised-'));
    const lines: string[] = [];
    const restartsSeen: number[] = [];
    const dynamodb = await superviseEmulator(
      'DynamoDB Local',
      (port) => startDynamoDbLocal({ port, dbPath }),
      (line) => lines.push(line),
      { onRestart: (crashedAt) => restartsSeen.push(crashedAt) },
    );
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'kept',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        }),
      );
      const first = dynamodb.current();
      const killedAt = Date.now();
      process.kill(first.pid ?? 0, 'SIGKILL');
      const deadline = Date.now() + 45_000;
      while (dynamodb.restarts() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(dynamodb.restarts()).toBe(1);
      expect(dynamodb.current().pid).not.toBe(first.pid);
      // Told once it is back, with when the crash was noticed (the aggregator goes back from there).
      expect(restartsSeen).toHaveLength(1);
      expect(restartsSeen[0]).toBeGreaterThanOrEqual(killedAt);
      expect(restartsSeen[0]).toBeLessThan(killedAt + 5_000);
      expect(lines.join('\n')).toMatch(/DynamoDB Local stopped unexpectedly[\s\S]*restarted/);
      // Same endpoint, same data: the table created before the crash is still there.
      const { TableNames } = await client.send(new ListTablesCommand({}));
      expect(TableNames).toContain('kept');
    } finally {
      client.destroy();
      await dynamodb.stop();
    }
  }, 60_000);
});
