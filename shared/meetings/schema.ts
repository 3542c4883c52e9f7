/**
 * The meeting wire schemas: the form (POST/PUT /api/meetings), strict, with every rule a person can get
 * wrong named in FR/NL; the path and the list query. Browser-safe: no Node or AWS imports.
 */
import * as z from 'zod';
import { periodSchema } from '../period.ts';
import type { MeetingAction, MeetingInput, PartialBilingual } from '../records.ts';
import {
  actionTrackIdSchema,
  meetingKindIdSchema,
  needsTopicIdSchema,
  OTHER_TRACK,
  sectorIds,
  targetGroupIdSchema,
  themeIdSchema,
  trackOfHeading,
  zoneIdSchema,
} from '../reference/index.ts';
import { bilingualIssue, notReservedKey } from '../validation.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const realDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}$/,
    bilingualIssue('invalid_date', {
      fr: 'Date attendue au format AAAA-MM-JJ.',
      nl: 'Datum verwacht als JJJJ-MM-DD.',
    }),
  )
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      const year = Number(s.slice(0, 4));
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && year >= 2000 && year <= 2100;
    },
    bilingualIssue('invalid_date', { fr: 'Cette date n’existe pas.', nl: 'Deze datum bestaat niet.' }),
  );

const time = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    bilingualIssue('invalid_time', { fr: 'Heure attendue au format HH:MM.', nl: 'Uur verwacht als UU:MM.' }),
  );

const uniqueStrings = <T extends z.ZodType<string>>(item: T, what: { fr: string; nl: string }) =>
  z.array(item).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      if (seen.has(v))
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'duplicate',
            { fr: `${what.fr} en double : ${v}.`, nl: `Dubbele ${what.nl}: ${v}.` },
            [i],
          ),
        });
      seen.add(v);
    });
  });

const needSchema = z
  .object({
    topic: needsTopicIdSchema,
    targetGroups: uniqueStrings(targetGroupIdSchema, { fr: 'Groupe cible', nl: 'doelgroep' }).max(20),
    note: text(2000).optional(),
  })
  .strict();

/**
 * An action track: `track` (an id of the reference list) and its text. An older form's free `heading`
 * is still accepted: mapped to the track whose FR or NL label it is, else to "other" with the heading kept.
 */
const actionSchema = z
  .object({ track: actionTrackIdSchema.optional(), heading: text(200).optional(), text: text(2000) })
  .strict()
  .superRefine((a, ctx) => {
    if (a.track === undefined && a.heading === undefined)
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'track_required',
          { fr: 'Choisissez une piste d’action.', nl: 'Kies een actiepiste.' },
          ['track'],
        ),
      });
  })
  .transform(({ track, heading, text }): MeetingAction => {
    if (track !== undefined) return { track, text, ...(heading !== undefined ? { heading } : {}) };
    const mapped = trackOfHeading(heading ?? '');
    return mapped === OTHER_TRACK && heading !== undefined
      ? { track: mapped, heading, text }
      : { track: mapped, text };
  });

/** A vote option's label: `{ fr?, nl? }` with at least one; an older single string is read as the form's language. */
const voteLabelSchema = z
  .object({ fr: text(300).optional(), nl: text(300).optional() })
  .strict()
  .refine(
    (l) => l.fr !== undefined || l.nl !== undefined,
    bilingualIssue('label_required', {
      fr: 'Donnez le libellé en français, en néerlandais ou les deux.',
      nl: 'Geef het label in het Frans, in het Nederlands of allebei.',
    }),
  )
  .transform((l): PartialBilingual => ({ ...(l.fr ? { fr: l.fr } : {}), ...(l.nl ? { nl: l.nl } : {}) }));

/** Older forms give each vote option one label string: read it as a label in the form's language. */
const withBilingualVoteLabels = (input: unknown): unknown => {
  if (typeof input !== 'object' || input === null) return input;
  const m = input as { language?: unknown; votes?: { options?: unknown } };
  const options = m.votes?.options;
  if (!Array.isArray(options)) return input;
  const language = m.language === 'nl' ? 'nl' : 'fr';
  return {
    ...m,
    votes: {
      ...m.votes,
      options: options.map((o: unknown) =>
        typeof o === 'object' && o !== null && typeof (o as { label?: unknown }).label === 'string'
          ? { ...o, label: { [language]: (o as { label: string }).label } }
          : o,
      ),
    },
  };
};

const votesSchema = z
  .object({
    options: z
      .array(
        z
          .object({
            id: z
              .string()
              .min(1)
              .max(64)
              .refine(...notReservedKey),
            label: voteLabelSchema,
          })
          .strict(),
      )
      .min(1)
      .max(50),
    ballots: z.array(z.array(z.string()).min(1).max(3)).max(10_000).optional(),
    points: z.record(z.string(), z.number().int().min(0).max(1_000_000)).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const ids = new Set<string>();
    v.options.forEach((o, i) => {
      if (ids.has(o.id))
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'duplicate_option',
            { fr: `Option en double : ${o.id}.`, nl: `Dubbele optie: ${o.id}.` },
            ['options', i, 'id'],
          ),
        });
      ids.add(o.id);
    });
    if ((v.ballots === undefined) === (v.points === undefined))
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue('ballots_or_points', {
          fr: 'Donnez soit les bulletins (ballots), soit les points par option, pas les deux.',
          nl: 'Geef ofwel de stembriefjes (ballots), ofwel de punten per optie, niet allebei.',
        }),
      });
    const unknownOption = (id: string, path: (string | number)[]) =>
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'unknown_option',
          { fr: `Option inconnue : ${id}.`, nl: `Onbekende optie: ${id}.` },
          path,
        ),
      });
    v.ballots?.forEach((ballot, b) => {
      const seen = new Set<string>();
      ballot.forEach((id, i) => {
        if (!ids.has(id)) unknownOption(id, ['ballots', b, i]);
        else if (seen.has(id))
          ctx.addIssue({
            code: 'custom',
            ...bilingualIssue(
              'duplicate_option',
              { fr: `Option choisie deux fois : ${id}.`, nl: `Optie twee keer gekozen: ${id}.` },
              ['ballots', b, i],
            ),
          });
        seen.add(id);
      });
    });
    for (const id of Object.keys(v.points ?? {})) if (!ids.has(id)) unknownOption(id, ['points', id]);
  });

const sectorCountsSchema = z
  .record(z.string(), z.number().int().min(0).max(10_000))
  .superRefine((counts, ctx) => {
    for (const key of Object.keys(counts))
      if (!(sectorIds as string[]).includes(key))
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'unknown_sector',
            { fr: `Secteur inconnu : ${key}.`, nl: `Onbekende sector: ${key}.` },
            [key],
          ),
        });
  });

const meetingObjectSchema = z
  .object({
    meetingId: z.uuid(),
    zone: zoneIdSchema,
    theme: themeIdSchema,
    kind: meetingKindIdSchema,
    sequence: z.number().int().min(1).max(10_000).optional(),
    date: realDate,
    startTime: time.optional(),
    endTime: time.optional(),
    venue: text(300).optional(),
    participants: z.number().int().min(0).max(10_000),
    participantsBySector: sectorCountsSchema.optional(),
    needs: z.array(needSchema).max(100).default([]),
    findings: z.array(text(2000)).max(100).default([]),
    actions: z.array(actionSchema).max(100).default([]),
    votes: votesSchema.optional(),
    /** What comes next ("Perspectives / Vooruitzichten") and the next meeting's date. */
    outlook: text(2000).optional(),
    nextDate: realDate.optional(),
    language: z.enum(['fr', 'nl']),
    links: z
      .array(z.url({ protocol: /^https?$/ }).max(2000))
      .max(50)
      .default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.startTime && m.endTime && m.endTime <= m.startTime)
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'end_before_start',
          {
            fr: 'L’heure de fin doit suivre l’heure de début.',
            nl: 'Het einduur moet na het beginuur komen.',
          },
          ['endTime'],
        ),
      });
    const bySector = Object.values(m.participantsBySector ?? {}).reduce((a, b) => a + b, 0);
    if (bySector > m.participants)
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'sectors_over_participants',
          {
            fr: `La somme par secteur (${bySector}) dépasse le nombre de participants (${m.participants}).`,
            nl: `De som per sector (${bySector}) is groter dan het aantal deelnemers (${m.participants}).`,
          },
          ['participantsBySector'],
        ),
      });
  });

export const meetingInputSchema = z.preprocess(
  withBilingualVoteLabels,
  meetingObjectSchema,
) satisfies z.ZodType<MeetingInput, unknown>;

/** `/api/meetings/{meetingId}`. */
export const meetingPathSchema = z.object({ meetingId: z.uuid() });

/** `GET /api/meetings?period=&zone=`. */
export const meetingListQuerySchema = z.object({ period: periodSchema, zone: zoneIdSchema.optional() });
export type MeetingListQuery = z.output<typeof meetingListQuerySchema>;
