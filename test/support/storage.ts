/** What is stored in this test file's own table (a Scan is fine here: the table belongs to one file). */

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { clients } from '../../shared/store/clients.ts';

export const tableItems = async (): Promise<Record<string, unknown>[]> => {
  const { doc, config } = clients();
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: config.TABLE_NAME, ConsistentRead: true, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
};

export const itemsOf = async (entity: string) => (await tableItems()).filter((i) => i.entity === entity);

/**
 * Runs `act`, expects the given status with a bilingual message, and checks that storage did not change.
 * Returns the parsed error body.
 */
export const expectRejected = async (
  status: number,
  act: () => Promise<{ statusCode?: number; body?: string }>,
) => {
  const before = await tableItems();
  const res = await act();
  expect(res.statusCode).toBe(status);
  const body = JSON.parse(res.body ?? 'null');
  expect(body.message.fr.length).toBeGreaterThan(0);
  expect(body.message.nl.length).toBeGreaterThan(0);
  expect(await tableItems()).toEqual(before);
  return body;
};
