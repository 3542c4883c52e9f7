/**
 * Reference data (zones, themes, meeting kinds, needs topics, target groups, sectors).
 * Kept as versioned data in reference-data.json; validated once when this module loads so a bad
 * edit fails at cold start instead of producing wrong figures.
 */
import * as z from 'zod';
import raw from './reference-data.json' with { type: 'json' };

/** The pseudo-zone for region-wide bodies (RAR, regional working groups); region figures sum all zones. */
export const REGION = 'region';

/** The action track for anything the list does not name. */
export const OTHER_TRACK = 'other';

export const bilingualSchema = z.object({ fr: z.string().min(1), nl: z.string().min(1) }).strict();
export type Bilingual = z.infer<typeof bilingualSchema>;

const idSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const entrySchema = z.object({ id: idSchema, label: bilingualSchema }).strict();
const zoneEntrySchema = entrySchema.extend({ colour: z.string().regex(/^[0-9A-F]{6}$/) }).strict();

const uniqueIds = <T extends { id: string }>(list: T[]) =>
  new Set(list.map((e) => e.id)).size === list.length;
const listOf = <S extends z.ZodType<{ id: string }>>(s: S) =>
  z.array(s).min(1).refine(uniqueIds, { message: 'duplicate id' });

export const referenceDataSchema = z
  .object({
    version: z.number().int().positive(),
    zones: listOf(zoneEntrySchema),
    themes: listOf(entrySchema),
    meetingKinds: listOf(entrySchema),
    needsTopics: listOf(entrySchema),
    targetGroups: listOf(entrySchema),
    sectors: listOf(entrySchema),
    /** Action tracks of the meetings' "Pistes d'action / Actiepistes"; must include "other". */
    actionTracks: listOf(entrySchema),
  })
  .strict()
  .refine((d) => d.zones.some((z) => z.id === REGION), { message: `zones must include "${REGION}"` })
  .refine((d) => d.actionTracks.some((t) => t.id === OTHER_TRACK), {
    message: `actionTracks must include "${OTHER_TRACK}"`,
  });

export type ReferenceData = z.infer<typeof referenceDataSchema>;
export type ReferenceEntry = z.infer<typeof entrySchema>;
export type ZoneEntry = z.infer<typeof zoneEntrySchema>;

export const reference: ReferenceData = referenceDataSchema.parse(raw);

const ids = (list: { id: string }[]) => list.map((e) => e.id) as [string, ...string[]];

export const zoneIds = ids(reference.zones);
/** The five care zones, without the region pseudo-zone. */
export const careZoneIds = zoneIds.filter((id) => id !== REGION);
export const themeIds = ids(reference.themes);
export const meetingKindIds = ids(reference.meetingKinds);
export const needsTopicIds = ids(reference.needsTopics);
export const targetGroupIds = ids(reference.targetGroups);
export const sectorIds = ids(reference.sectors);
export const actionTrackIds = ids(reference.actionTracks);

export const zoneIdSchema = z.enum(zoneIds);
export const themeIdSchema = z.enum(themeIds);
export const meetingKindIdSchema = z.enum(meetingKindIds);
export const needsTopicIdSchema = z.enum(needsTopicIds);
export const targetGroupIdSchema = z.enum(targetGroupIds);
export const sectorIdSchema = z.enum(sectorIds);
export const actionTrackIdSchema = z.enum(actionTrackIds);

export type ZoneId = z.infer<typeof zoneIdSchema>;
export type ThemeId = z.infer<typeof themeIdSchema>;

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((e) => [e.id, e]));
const zonesById = byId(reference.zones);
const themesById = byId(reference.themes);
const kindsById = byId(reference.meetingKinds);
const topicsById = byId(reference.needsTopics);
const groupsById = byId(reference.targetGroups);
const sectorsById = byId(reference.sectors);
const tracksById = byId(reference.actionTracks);

const lookup =
  <T>(map: Map<string, T>, what: string) =>
  (id: string): T => {
    const found = map.get(id);
    if (!found) throw new Error(`unknown ${what}: ${id}`);
    return found;
  };

export const zone = lookup(zonesById, 'zone');
export const theme = lookup(themesById, 'theme');
export const meetingKind = lookup(kindsById, 'meeting kind');
export const needsTopic = lookup(topicsById, 'needs topic');
export const targetGroup = lookup(groupsById, 'target group');
export const sector = lookup(sectorsById, 'sector');
export const actionTrack = lookup(tracksById, 'action track');

/** Lower case, accents and punctuation dropped, spaces collapsed: "Orientation  et Accès" → "orientation et acces". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const tracksByLabel = new Map(
  reference.actionTracks.flatMap((t) => [
    [fold(t.label.fr), t.id],
    [fold(t.label.nl), t.id],
  ]),
);

/** The track whose FR or NL label is `heading` (ignoring case and accents), else "other". */
export const trackOfHeading = (heading: string): string => tracksByLabel.get(fold(heading)) ?? OTHER_TRACK;
