/**
 * Meeting forms: create (idempotent on meetingId), correct (previous versions kept with who and when),
 * list by zone and period, erase. Coordinators act only on their own zones. Inputs arrive validated by
 * the wire schemas (./schema.ts); storage is ./store.ts.
 */
import {
  assertCanReadZone,
  assertCanWriteMeeting,
  type Caller,
  coordinatedZones,
  isRar,
  isStaff,
} from '../auth.ts';
import { conflict, gone, notFound, validationError } from '../errors.ts';
import { contentHash } from '../hash.ts';
import type { MeetingInput, StoredMeeting } from '../records.ts';
import type { MeetingListQuery } from './schema.ts';
import {
  currentMeeting,
  eraseMeeting,
  insertMeeting,
  isErased,
  type MeetingVersion,
  meetingRecord,
  meetingsInPeriod,
  replaceMeeting,
} from './store.ts';

export { getMeeting, meetingsInPeriod } from './store.ts';

const MEETING = { fr: 'Réunion', nl: 'Vergadering' };

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

const changedMeanwhile = () =>
  conflict({
    fr: 'Cette réunion vient d’être modifiée par quelqu’un d’autre. Rechargez et réessayez.',
    nl: 'Deze vergadering werd net door iemand anders gewijzigd. Herlaad en probeer opnieuw.',
  });

const idMismatch = () =>
  validationError([
    {
      path: 'meetingId',
      code: 'id_mismatch',
      message: {
        fr: 'L’identifiant du corps doit être celui de l’adresse.',
        nl: 'De id in de inhoud moet die van het adres zijn.',
      },
    },
  ]);

export interface CreateResult {
  /** false when this was a replay of the create that made this meeting. */
  created: boolean;
  meeting: StoredMeeting;
}

/** A new meeting; a replay of the same form is answered with the meeting as it stands now. */
export const createMeeting = async (
  input: MeetingInput,
  caller: Caller,
  now = new Date(),
): Promise<CreateResult> => {
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
  const outcome = await insertMeeting(meeting, hash, now);
  if (outcome === 'created') return { created: true, meeting };
  if (outcome === 'erased') throw erasedError();
  const existing = await currentMeeting(input.meetingId);
  if (existing?.createdHash !== hash) throw idConflict();
  return { created: false, meeting: existing.meeting };
};

/**
 * A correction: the superseded state is kept as an earlier version (with who superseded it and when),
 * and the new state becomes version n+1. When someone else corrected it meanwhile, read again and retry
 * once.
 */
export const updateMeeting = async (
  meetingId: string,
  input: MeetingInput,
  caller: Caller,
  now = new Date(),
): Promise<StoredMeeting> => {
  if (input.meetingId !== meetingId) throw idMismatch();
  const hash = contentHash(input);
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await currentMeeting(meetingId);
    if (!existing) throw (await isErased(meetingId)) ? erasedError() : notFound(MEETING);
    const previous = existing.meeting;
    assertCanWriteMeeting(caller, previous.zone);
    assertCanWriteMeeting(caller, input.zone);
    if (existing.contentHash === hash) return previous;
    const next: StoredMeeting = {
      ...input,
      version: previous.version + 1,
      createdAt: previous.createdAt,
      createdBy: previous.createdBy,
      updatedAt: now.toISOString(),
      updatedBy: caller.subject,
    };
    if (await replaceMeeting(existing, next, hash, now)) return next;
  }
  throw changedMeanwhile();
};

/** A meeting and its earlier versions, for a caller allowed to see its zone. */
export const getMeetingFor = async (
  meetingId: string,
  caller: Caller,
): Promise<{ meeting: StoredMeeting; history: MeetingVersion[] }> => {
  const { current, history } = await meetingRecord(meetingId);
  if (!current) throw notFound(MEETING);
  assertCanReadZone(caller, current.zone);
  return { meeting: current, history };
};

/** Meetings of a period: staff and rar any zone, coordinators their own zones. */
export const listMeetings = async (
  { period, zone }: MeetingListQuery,
  caller: Caller,
): Promise<StoredMeeting[]> => {
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
 * id cannot be reused by a replayed create.
 */
export const deleteMeeting = async (meetingId: string, caller: Caller, now = new Date()): Promise<void> => {
  const { current, history, erased } = await meetingRecord(meetingId);
  if (!current) throw erased ? erasedError() : notFound(MEETING);
  assertCanWriteMeeting(caller, current.zone);
  const versions = history.map((v) => v.version);
  if (!(await eraseMeeting(current, versions, caller.subject, now)))
    throw conflict({
      fr: 'Cette réunion vient d’être modifiée. Rechargez et réessayez.',
      nl: 'Deze vergadering werd net gewijzigd. Herlaad en probeer opnieuw.',
    });
};
