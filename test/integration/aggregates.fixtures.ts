/**
 * Source records for aggregate tests, written as ingest stores them (shared/records.ts + keys.ts), so the
 * aggregates can be tested without the ingest API.
 */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { quarterOfInstant } from '../../shared/period.ts';
import type { StoredMeeting, StoredResponse, StoredSurvey } from '../../shared/records.ts';
import { clients } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';

export const SURVEY_ID = 'mh-2025';

export const survey = (): StoredSurvey => ({
  surveyId: SURVEY_ID,
  title: { fr: 'Enquête santé mentale', nl: 'Enquête geestelijke gezondheid' },
  theme: 'mental-health',
  questions: [
    { id: 'zone', type: 'zone', label: { fr: 'Bassin', nl: 'Zorgzone' } },
    {
      id: 'priorities',
      type: 'ranking',
      label: { fr: 'Priorités', nl: 'Prioriteiten' },
      options: [
        { id: 'access', label: { fr: 'Accessibilité', nl: 'Toegankelijkheid' } },
        { id: 'collab', label: { fr: 'Collaboration', nl: 'Samenwerking' } },
        { id: 'training', label: { fr: 'Formation', nl: 'Opleiding' } },
      ],
      pick: 3,
      weights: [3, 2, 1],
    },
  ],
  version: 1,
  publishedAt: '2025-01-01T00:00:00.000Z',
  publishedBy: 'test',
});

export const surveyItems = (s: StoredSurvey = survey()) => [
  { ...keys.survey(s.surveyId), ...keys.surveyIndex(s.surveyId), entity: 'survey', ...s },
  { ...keys.surveyVersion(s.surveyId, s.version), entity: 'survey-version', ...s },
];

export const responseItem = (input: {
  zone: string;
  submittedAt: string;
  ranking?: string[];
  theme?: string;
  surveyId?: string;
}) => {
  const submissionId = randomUUID();
  const responseId = randomUUID();
  const surveyId = input.surveyId ?? SURVEY_ID;
  const quarter = quarterOfInstant(new Date(input.submittedAt));
  const record: StoredResponse = {
    responseId,
    submissionId,
    surveyId,
    surveyVersion: 1,
    theme: input.theme ?? 'mental-health',
    zone: input.zone,
    quarter,
    submittedAt: input.submittedAt,
    language: 'fr',
    answers: { zone: input.zone, ...(input.ranking ? { priorities: input.ranking } : {}) },
    rankingWeights: input.ranking ? { priorities: [3, 2, 1] } : {},
  };
  return {
    ...keys.response(surveyId, quarter, submissionId, input.submittedAt, responseId),
    entity: 'response',
    ...record,
  };
};

export const meetingItem = (
  input: Partial<StoredMeeting> & { zone: string; date: string; theme: string },
) => {
  const meetingId = input.meetingId ?? randomUUID();
  const record: StoredMeeting = {
    meetingId,
    kind: 'thematic-consultation',
    participants: 12,
    needs: [],
    findings: [],
    actions: [],
    language: 'fr',
    links: [],
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'test',
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'test',
    ...input,
  };
  return {
    ...keys.meeting(meetingId),
    ...keys.meetingIndex(record.zone, record.date, meetingId),
    entity: 'meeting',
    ...record,
  };
};

/** Writes items 25 at a time. */
export const putItems = async (items: Record<string, unknown>[]): Promise<void> => {
  const { doc, config } = clients();
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [config.TABLE_NAME]: chunk } }));
    if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error('unprocessed items in fixture');
  }
};

export const putItem = async (item: Record<string, unknown>): Promise<void> => {
  const { doc, config } = clients();
  await doc.send(new PutCommand({ TableName: config.TABLE_NAME, Item: item }));
};

export const deleteItem = async (key: { PK: unknown; SK: unknown }): Promise<void> => {
  const { doc, config } = clients();
  await doc.send(new DeleteCommand({ TableName: config.TABLE_NAME, Key: { PK: key.PK, SK: key.SK } }));
};

/**
 * Reads this file's table stream on DynamoDB Local from where the last read stopped and returns its
 * records as a Lambda stream event would carry them (in batches of `batchSize`). Unlike the local stack's
 * poller (local/stream-poller.ts, used in aggregator-ingest.test.ts), it hands the events to the test, which
 * can then deliver them again or count what the handler sends.
 */
export const streamReader = () => {
  const { config } = clients();
  const streams = new DynamoDBStreamsClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const positions = new Map<string, string>();
  let streamArn: string | undefined;

  const tableStreamArn = async (): Promise<string> => {
    if (!streamArn) {
      const { Table } = await clients().ddb.send(new DescribeTableCommand({ TableName: config.TABLE_NAME }));
      streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error('table has no stream');
    }
    return streamArn;
  };

  /** An iterator from just after the shard's last read position (or from its start). */
  const shardIterator = async (arn: string, shardId: string): Promise<string | undefined> => {
    const after = positions.get(shardId);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(after ? { SequenceNumber: after } : {}),
      }),
    );
    return ShardIterator;
  };

  /** Appends the shard's records after its last read position to `records`, and moves that position on. */
  const readShard = async (arn: string, shardId: string, records: DynamoDBRecord[]): Promise<void> => {
    let ShardIterator = await shardIterator(arn, shardId);
    for (let page = 0; ShardIterator && page < 1000; page++) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      const got = out.Records ?? [];
      for (const r of got) {
        // The SDK's stream record and aws-lambda's DynamoDBRecord describe the same JSON.
        records.push(r as unknown as DynamoDBRecord);
        if (r.dynamodb?.SequenceNumber) positions.set(shardId, r.dynamodb.SequenceNumber);
      }
      if (got.length === 0) break;
      ShardIterator = out.NextShardIterator;
    }
  };

  const read = async (batchSize = 100): Promise<DynamoDBStreamEvent[]> => {
    const arn = await tableStreamArn();
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? [])
      await readShard(arn, shard.ShardId as string, records);
    const events: DynamoDBStreamEvent[] = [];
    for (let i = 0; i < records.length; i += batchSize)
      events.push({ Records: records.slice(i, i + batchSize) });
    return events;
  };
  return { read, close: () => streams.destroy() };
};
