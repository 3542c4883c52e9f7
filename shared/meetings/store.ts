/** Reading meetings: by zone and period (GSI1, per year and date range) and one by id. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dateRangeOf, parsePeriod } from '../period.ts';
import type { StoredMeeting } from '../records.ts';
import { zoneIds } from '../reference/index.ts';
import { clients } from '../store/clients.ts';
import { queryAll, withoutStorageAttributes } from '../store/items.ts';
import { GSI1, keys } from '../store/keys.ts';

/** Attributes kept for idempotency, never shown. */
export const MEETING_INTERNAL_ATTRIBUTES = ['contentHash', 'createdHash'] as const;

/** Meeting items are written only by the meeting functions from validated input; this drops storage attributes. */
export const toStoredMeeting = (item: Record<string, unknown>): StoredMeeting =>
  withoutStorageAttributes(item, MEETING_INTERNAL_ATTRIBUTES) as unknown as StoredMeeting;

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

/** The raw current item (with internal hashes), or undefined. */
export const getMeetingItem = async (meetingId: string, consistent = false) => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({
      TableName: config.TABLE_NAME,
      Key: keys.meeting(meetingId),
      ConsistentRead: consistent,
    }),
  );
  return Item;
};

export const getMeeting = async (meetingId: string): Promise<StoredMeeting | undefined> => {
  const item = await getMeetingItem(meetingId);
  return item ? toStoredMeeting(item) : undefined;
};
