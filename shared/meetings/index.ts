/**
 * Meeting forms: create (idempotent on meetingId), correct (previous versions kept with who and when),
 * list by zone and period, erase. Coordinators act only on their own zones.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  assertCanReadZone,
  assertCanWriteMeeting,
  assertMayReadMeetings,
  assertMayWriteMeetings,
  type Caller,
  canReadZone,
  canWriteZone,
  coordinatedZones,
  isRar,
  isStaff,
} from '../auth.ts';
import { conflict, gone, notFound, validationError } from '../errors.ts';
import { contentHash } from '../hash.ts';
import { periodSchema } from '../period.ts';
import type { MeetingInput, StoredMeeting } from '../records.ts';
import { zoneIdSchema } from '../reference/index.ts';
import { clients } from '../store/clients.ts';
import { queryAll } from '../store/items.ts';
import { expiresAfterDays, keys } from '../store/keys.ts';
import { parseOrThrow } from '../validation.ts';
import { meetingInputSchema } from './schema.ts';
import { getMeetingItem, meetingsInPeriod, toStoredMeeting } from './store.ts';

export { meetingInputSchema } from './schema.ts';
export { getMeeting, meetingsInPeriod } from './store.ts';

const MEETING = { fr: 'Réunion', nl: 'Vergadering' };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const erasedError = () =>
  gone({
    fr: 'Cette réunion a été effacée ; son identifiant ne peut plus servir.',
    nl: 'Deze vergadering werd gewist; haar id kan niet meer gebruikt worden.',
  });

const idConflict = () =>
  conflict({
    fr: 'Une autre réunion existe déjà avec cet identifiant.',
    nl: 'Er bestaat al een andere vergadering met deze id.',
  });

const tombstoneExists = async (meetingId: string) => {
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

const currentItem = (
  meeting: StoredMeeting,
  hashes: { contentHash: string; createdHash: string },
  now: Date,
) => {
  const { config } = clients();
  return {
    ...keys.meeting(meeting.meetingId),
    ...keys.meetingIndex(meeting.zone, meeting.date, meeting.meetingId),
    entity: 'meeting',
    ...meeting,
    ...hashes,
    expiresAt: expiresAfterDays(now, config.RETENTION_DAYS),
  };
};

export interface CreateResult {
  /** false when this was a replay of the create that made this meeting. */
  created: boolean;
  meeting: StoredMeeting;
}

export const createMeeting = async (
  body: unknown,
  caller: Caller,
  now = new Date(),
): Promise<CreateResult> => {
  const input: MeetingInput = parseOrThrow(meetingInputSchema, body);
  assertCanWriteMeeting(caller, input.zone);
  const hash = contentHash(input);
  const at = now.toISOString();
  const meeting: StoredMeeting = {
    ...input,
    version: 1,
    createdAt: at,
    createdBy: caller.subject,
    updatedAt: at,
    updatedBy: caller.subject,
  };
  const { doc, config } = clients();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: currentItem(meeting, { contentHash: hash, createdHash: hash }, now),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            ConditionCheck: {
              TableName: config.TABLE_NAME,
              Key: keys.meetingTombstone(input.meetingId),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return { created: true, meeting };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [current, tombstone] = error.CancellationReasons ?? [];
    if (tombstone?.Code === 'ConditionalCheckFailed') throw erasedError();
    if (current?.Code !== 'ConditionalCheckFailed') throw error;
    const existing = await getMeetingItem(input.meetingId, true);
    if (!existing) throw error;
    // A replay of the original create is answered with the meeting as it stands now.
    if (existing.createdHash !== hash) throw idConflict();
    return { created: false, meeting: toStoredMeeting(existing) };
  }
};

/**
 * A correction: the superseded state is kept as VERSION#n (with who superseded it and when), and the new
 * state becomes version n+1, in one transaction conditioned on n.
 */
export const updateMeeting = async (
  meetingId: string,
  body: unknown,
  caller: Caller,
  now = new Date(),
): Promise<StoredMeeting> => {
  const input: MeetingInput = parseOrThrow(meetingInputSchema, body);
  if (input.meetingId !== meetingId)
    throw validationError([
      {
        path: 'meetingId',
        code: 'id_mismatch',
        message: {
          fr: 'L’identifiant du corps doit être celui de l’adresse.',
          nl: 'De id in de inhoud moet die van het adres zijn.',
        },
      },
    ]);
  assertMayWriteMeetings(caller);
  const { doc, config } = clients();
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await getMeetingItem(meetingId, true);
    if (!existing) {
      if (await tombstoneExists(meetingId)) throw erasedError();
      throw notFound(MEETING);
    }
    const previous = toStoredMeeting(existing);
    // Another zone's meeting looks exactly like one that does not exist: ids cannot be probed.
    if (!canWriteZone(caller, previous.zone)) throw notFound(MEETING);
    assertCanWriteMeeting(caller, input.zone);
    const hash = contentHash(input);
    if (existing.contentHash === hash) return previous;
    const at = now.toISOString();
    const next: StoredMeeting = {
      ...input,
      version: previous.version + 1,
      createdAt: previous.createdAt,
      createdBy: previous.createdBy,
      updatedAt: at,
      updatedBy: caller.subject,
    };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: {
            ...keys.meetingVersion(meetingId, previous.version),
            entity: 'meeting-version',
            ...previous,
            supersededAt: at,
            supersededBy: caller.subject,
            expiresAt: existing.expiresAt,
          },
        },
      },
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: currentItem(next, { contentHash: hash, createdHash: String(existing.createdHash) }, now),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': previous.version },
        },
      },
    ];
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return next;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // Someone else corrected it meanwhile: read again and retry once.
    }
  }
  throw conflict({
    fr: 'Cette réunion vient d’être modifiée par quelqu’un d’autre. Rechargez et réessayez.',
    nl: 'Deze vergadering werd net door iemand anders gewijzigd. Herlaad en probeer opnieuw.',
  });
};

/** A meeting and its earlier versions, for a caller allowed to see its zone. */
export const getMeetingFor = async (meetingId: string, caller: Caller) => {
  assertMayReadMeetings(caller);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK },
  });
  const current = items.find((i) => i.SK === keys.meeting(meetingId).SK);
  if (!current) throw notFound(MEETING);
  const meeting = toStoredMeeting(current);
  if (!canReadZone(caller, meeting.zone)) throw notFound(MEETING);
  const history = items
    .filter((i) => i.entity === 'meeting-version')
    .map((i) => ({
      ...toStoredMeeting(i),
      supersededAt: String(i.supersededAt),
      supersededBy: String(i.supersededBy),
    }));
  return { meeting, history };
};

const listQuerySchema = z.object({ period: periodSchema, zone: zoneIdSchema.optional() });

/** GET /api/meetings?period=&zone= : staff and rar any zone, coordinators their own zones. */
export const listMeetings = async (
  query: Record<string, string>,
  caller: Caller,
): Promise<StoredMeeting[]> => {
  const { period, zone } = parseOrThrow(listQuerySchema, query);
  if (zone !== undefined) {
    assertCanReadZone(caller, zone);
    return meetingsInPeriod(period, zone);
  }
  if (isStaff(caller) || isRar(caller)) return meetingsInPeriod(period);
  const own = coordinatedZones(caller);
  if (own.length === 0) assertCanReadZone(caller, undefined);
  const lists = await Promise.all(own.map((z) => meetingsInPeriod(period, z)));
  return lists.flat().sort((a, b) => a.date.localeCompare(b.date));
};

/**
 * Erasure: the meeting and all its versions are deleted; a tombstone without personal data stays so the
 * id cannot be reused by a replayed create. The current item goes in the first transaction.
 */
export const deleteMeeting = async (meetingId: string, caller: Caller, now = new Date()): Promise<void> => {
  assertMayWriteMeetings(caller);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK },
  });
  const current = items.find((i) => i.SK === keys.meeting(meetingId).SK);
  if (!current) {
    if (items.some((i) => i.entity === 'meeting-guard')) throw erasedError();
    throw notFound(MEETING);
  }
  if (!canWriteZone(caller, String(current.zone))) throw notFound(MEETING);
  const { doc, config } = clients();
  const versions = items.filter((i) => i.entity === 'meeting-version');
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
          erasedBy: caller.subject,
        },
      },
    },
  ];
  const deletes: TransactItem[] = versions.map((v) => ({
    Delete: { TableName: config.TABLE_NAME, Key: { PK: String(v.PK), SK: String(v.SK) } },
  }));
  const batches = [first.concat(deletes.slice(0, 98))];
  for (let i = 98; i < deletes.length; i += 100) batches.push(deletes.slice(i, i + 100));
  try {
    for (const batch of batches) await doc.send(new TransactWriteCommand({ TransactItems: batch }));
  } catch (error) {
    if (error instanceof TransactionCanceledException)
      throw conflict({
        fr: 'Cette réunion vient d’être modifiée. Rechargez et réessayez.',
        nl: 'Deze vergadering werd net gewijzigd. Herlaad en probeer opnieuw.',
      });
    throw error;
  }
};
