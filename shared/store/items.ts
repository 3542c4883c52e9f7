/** Helpers shared by the entity stores: stripping storage-only attributes and paging through queries. */
import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { clients } from './clients.ts';

const STORAGE_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity', 'expiresAt'] as const;

/** An item without its keys, entity tag, TTL and the listed internal attributes. */
export const withoutStorageAttributes = (
  item: Record<string, unknown>,
  internal: readonly string[] = [],
): Record<string, unknown> => {
  const out = { ...item };
  for (const name of [...STORAGE_ATTRIBUTES, ...internal]) delete out[name];
  return out;
};

/** Every page of a Query, as they come. */
export async function* queryPages(
  input: Omit<QueryCommandInput, 'TableName'>,
): AsyncIterable<Record<string, unknown>[]> {
  const { doc, config } = clients();
  for await (const page of paginateQuery({ client: doc }, { ...input, TableName: config.TABLE_NAME }))
    yield page.Items ?? [];
}

/** All items of a Query. */
export const queryAll = async (
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(input)) items.push(...page);
  return items;
};
