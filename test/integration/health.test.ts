import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/health.ts';
import { clients } from '../../shared/store/clients.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';

describe('GET /api/health', () => {
  it('answers ok', async () => {
    const res = await handler(httpEvent({ method: 'GET', path: '/api/health' }), lambdaContext());
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ status: 'ok', storage: 'ok' });
  });

  it('runs against this file’s own table on DynamoDB Local', async () => {
    const { TableNames } = await clients().ddb.send(new ListTablesCommand({}));
    expect(TableNames).toContain(clients().config.TABLE_NAME);
  });
});
