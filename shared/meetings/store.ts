/**
 * Meetings in DynamoDB: the current state (MEETING#id / CURRENT, indexed by zone and year on GSI1), its
 * earlier versions (VERSION#n), and the tombstone left by an erasure (ERASED). The only meeting module
 * that speaks DynamoDB: transactions, conditions and their failures are translated here into outcomes.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dateRangeOf, parsePeriod } from '../period.ts';
import type { StoredMeeting } from '../records.ts';
import { zoneIds } from '../reference/index.ts';
import { clients } from '../store/clients.ts';
import { cancellationCodes } from '../store/failures.ts';
import { queryAll, withoutStorageAttributes } from '../store/items.ts';
import { expiresAfterDays, GSI1, keys } from '../store/keys.ts';

/** Attributes kept for idempotency, never shown. */
const MEETING_INTERNAL_ATTRIBUTES = ['contentHash', 'createdHash'] as const;
/** DynamoDB's limit on items per TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

/** Meeting items are written only by this module from validated input; this drops storage attributes. */
const toStoredMeeting = (item: Item): StoredMeeting =>
  withoutStorageAttributes(item, MEETING_INTERNAL_ATTRIBUTES) as unknown as StoredMeeting;

/** The current state with what idempotency and retention need. */
export interface CurrentMeeting {
  meeting: StoredMeeting;
  /** Hash of the current content (a correction to the same content changes nothing). */
  contentHash: string;
  /** Hash of the content first created (a replayed create is recognised by it). */
  createdHash: string;
  expiresAt: number;
}

/** An earlier version, with who superseded it and when. */
export type MeetingVersion = StoredMeeting & { supersededAt: string; supersededBy: string };

const toCurrent = (item: Item): CurrentMeeting => ({
  meeting: toStoredMeeting(item),
  contentHash: String(item.contentHash),
  createdHash: String(item.createdHash),
  expiresAt: Number(item.expiresAt),
});

const byDate = (a: StoredMeeting, b: StoredMeeting) =>
  a.date.localeCompare(b.date) || a.meetingId.localeCompare(b.meetingId);

/** Meetings of a period (YYYY or YYYY-Qn), for one zone or all zones (incl. `region`), sorted by date. */
export const meetingsInPeriod = async (period: string, zone?: string): Promise<StoredMeeting[]> => {
  const { from, to } = dateRangeOf(period);
  const year = String(parsePeriod(period).year);
  const zones = zone ? [zone] : zoneIds;
  const perZone = await Promise.all(
    zones.map((z) =>
      queryAll({
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.meetingIndexPartition(z, year),
          ':from': `${from}#`,
          // '~' sorts after every id character, so the whole last day is included.
          ':to': `${to}#~`,
        },
      }),
    ),
  );
  return perZone.flat().map(toStoredMeeting).sort(byDate);
};

/** The current state of a meeting (read consistently: writes decide on it), or undefined. */
export const currentMeeting = async (meetingId: string): Promise<CurrentMeeting | undefined> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({ TableName: config.TABLE_NAME, Key: keys.meeting(meetingId), ConsistentRead: true }),
  );
  return Item ? toCurrent(Item) : undefined;
};

export const getMeeting = async (meetingId: string): Promise<StoredMeeting | undefined> =>
  (await currentMeeting(meetingId))?.meeting;

/** Whether the meeting was erased (its tombstone exists). */
export const isErased = async (meetingId: string): Promise<boolean> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({
      TableName: config.TABLE_NAME,
      Key: keys.meetingTombstone(meetingId),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
};

/** Everything stored under a meeting's id: its current state, earlier versions, and whether it was erased. */
export const meetingRecord = async (meetingId: string) => {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK },
  });
  const current = items.find((i) => i.entity === 'meeting');
  const history: MeetingVersion[] = items
    .filter((i) => i.entity === 'meeting-version')
    .map((i) => ({
      ...toStoredMeeting(i),
      supersededAt: String(i.supersededAt),
      supersededBy: String(i.supersededBy),
    }));
  return {
    current: current ? toStoredMeeting(current) : undefined,
    history,
    erased: items.some((i) => i.entity === 'meeting-guard'),
  };
};

const currentItem = (
  meeting: StoredMeeting,
  hashes: { contentHash: string; createdHash: string },
  expiresAt: number,
) => ({
  ...keys.meeting(meeting.meetingId),
  ...keys.meetingIndex(meeting.zone, meeting.date, meeting.meetingId),
  entity: 'meeting',
  ...meeting,
  ...hashes,
  expiresAt,
});

/**
 * Stores a new meeting unless its id is taken: `exists` when a meeting has it, `erased` when a meeting
 * with it was erased.
 */
export const insertMeeting = async (
  meeting: StoredMeeting,
  hash: string,
  now: Date,
): Promise<'created' | 'exists' | 'erased'> => {
  const { doc, config } = clients();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: currentItem(
                meeting,
                { contentHash: hash, createdHash: hash },
                expiresAfterDays(now, config.RETENTION_DAYS),
              ),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            ConditionCheck: {
              TableName: config.TABLE_NAME,
              Key: keys.meetingTombstone(meeting.meetingId),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    const [current, tombstone] = cancellationCodes(error) ?? [];
    if (tombstone === 'ConditionalCheckFailed') return 'erased';
    if (current === 'ConditionalCheckFailed') return 'exists';
    throw error;
  }
};

/**
 * A correction in one transaction: the superseded state is kept as VERSION#n (with who superseded it and
 * when) and `next` becomes current, conditioned on the version still being n. False when someone else
 * changed it meanwhile.
 */
export const replaceMeeting = async (
  previous: CurrentMeeting,
  next: StoredMeeting,
  hash: string,
  now: Date,
): Promise<boolean> => {
  const { doc, config } = clients();
  const { meeting } = previous;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: config.TABLE_NAME,
        Item: {
          ...keys.meetingVersion(meeting.meetingId, meeting.version),
          entity: 'meeting-version',
          ...meeting,
          supersededAt: next.updatedAt,
          supersededBy: next.updatedBy,
          expiresAt: previous.expiresAt,
        },
      },
    },
    {
      Put: {
        TableName: config.TABLE_NAME,
        Item: currentItem(
          next,
          { contentHash: hash, createdHash: previous.createdHash },
          expiresAfterDays(now, config.RETENTION_DAYS),
        ),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': meeting.version },
      },
    },
  ];
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (cancellationCodes(error)) return false;
    throw error;
  }
};

/**
 * Erasure: the current state (conditioned on its version), then every earlier version, are deleted; a
 * tombstone without personal data is written with the first transaction. False when the meeting changed
 * meanwhile.
 */
export const eraseMeeting = async (
  current: StoredMeeting,
  versions: number[],
  erasedBy: string,
  now: Date,
): Promise<boolean> => {
  const { doc, config } = clients();
  const { meetingId } = current;
  const first: TransactItem[] = [
    {
      Delete: {
        TableName: config.TABLE_NAME,
        Key: keys.meeting(meetingId),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': current.version },
      },
    },
    {
      Put: {
        TableName: config.TABLE_NAME,
        Item: {
          ...keys.meetingTombstone(meetingId),
          entity: 'meeting-guard',
          meetingId,
          erasedAt: now.toISOString(),
          erasedBy,
        },
      },
    },
  ];
  const deletes: TransactItem[] = versions.map((version) => ({
    Delete: { TableName: config.TABLE_NAME, Key: keys.meetingVersion(meetingId, version) },
  }));
  const room = MAX_TRANSACTION_ITEMS - first.length;
  const batches = [first.concat(deletes.slice(0, room))];
  for (let i = room; i < deletes.length; i += MAX_TRANSACTION_ITEMS)
    batches.push(deletes.slice(i, i + MAX_TRANSACTION_ITEMS));
  try {
    for (const batch of batches) await doc.send(new TransactWriteCommand({ TransactItems: batch }));
    return true;
  } catch (error) {
    if (cancellationCodes(error)) return false;
    throw error;
  }
};
