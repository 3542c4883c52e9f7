/**
 * The survey wire schemas: definitions as published by staff (POST /api/surveys), strict so a typo in a
 * definition never silently drops a rule; and the survey path. Browser-safe: no Node or AWS imports.
 */
import * as z from 'zod';
import type { Question, SurveyDefinition } from '../records.ts';
import { bilingualSchema, themeIdSchema } from '../reference/index.ts';
import { bilingualIssue } from '../validation.ts';

export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    bilingualIssue('invalid_slug', {
      fr: 'Identifiant invalide : lettres minuscules, chiffres et tirets uniquement.',
      nl: 'Ongeldige id: enkel kleine letters, cijfers en koppeltekens.',
    }),
  );

const optionSchema = z.object({ id: slugSchema, label: bilingualSchema }).strict();

const optionsSchema = z
  .array(optionSchema)
  .min(1)
  .max(50)
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.forEach((o, i) => {
      if (seen.has(o.id))
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'duplicate_option',
            { fr: `Option en double : ${o.id}.`, nl: `Dubbele optie: ${o.id}.` },
            [i, 'id'],
          ),
        });
      seen.add(o.id);
    });
  });

const base = {
  id: slugSchema,
  label: bilingualSchema,
  required: z.boolean().optional(),
};

const zoneQuestion = z.object({ ...base, type: z.literal('zone') }).strict();
const singleQuestion = z.object({ ...base, type: z.literal('single'), options: optionsSchema }).strict();
const multipleQuestion = z
  .object({
    ...base,
    type: z.literal('multiple'),
    options: optionsSchema,
    max: z.number().int().min(1).optional(),
  })
  .strict()
  .refine(
    (q) => q.max === undefined || q.max <= q.options.length,
    bilingualIssue(
      'max_over_options',
      { fr: '`max` dépasse le nombre d’options.', nl: '`max` is groter dan het aantal opties.' },
      ['max'],
    ),
  );
const rankingQuestion = z
  .object({
    ...base,
    type: z.literal('ranking'),
    options: optionsSchema,
    pick: z.number().int().min(1).max(10).optional(),
    weights: z.array(z.number().int().min(0).max(100)).min(1).max(10).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const pick = q.pick ?? q.weights?.length ?? 3;
    if (pick > q.options.length)
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'pick_over_options',
          { fr: '`pick` dépasse le nombre d’options.', nl: '`pick` is groter dan het aantal opties.' },
          ['pick'],
        ),
      });
    if (q.weights && q.weights.length !== pick)
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'weights_length',
          {
            fr: `Il faut exactement ${pick} poids (un par rang).`,
            nl: `Er zijn precies ${pick} gewichten nodig (één per rang).`,
          },
          ['weights'],
        ),
      });
    if (q.weights?.some((w, i) => i > 0 && w > (q.weights?.[i - 1] ?? 0)))
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue(
          'weights_order',
          {
            fr: 'Les poids doivent être décroissants (le 1er choix pèse le plus).',
            nl: 'De gewichten moeten dalend zijn (de 1e keuze weegt het zwaarst).',
          },
          ['weights'],
        ),
      });
  });
const textQuestion = z
  .object({
    ...base,
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(5000).default(1000),
    publish: z.boolean().optional(),
  })
  .strict();
const numberQuestion = z
  .object({ ...base, type: z.literal('number'), min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine(
    (q) => q.min === undefined || q.max === undefined || q.min <= q.max,
    bilingualIssue('min_over_max', { fr: '`min` dépasse `max`.', nl: '`min` is groter dan `max`.' }, ['min']),
  );

const questionSchema = z.discriminatedUnion('type', [
  zoneQuestion,
  singleQuestion,
  multipleQuestion,
  rankingQuestion,
  textQuestion,
  numberQuestion,
]);

const instantSchema = z.iso.datetime({ offset: true });

/** Default weights: 3-2-1 for three picks, otherwise N…1. */
export const defaultWeights = (pick: number): number[] => Array.from({ length: pick }, (_, i) => pick - i);

export const surveyDefinitionSchema = z
  .object({
    surveyId: slugSchema,
    title: bilingualSchema,
    theme: themeIdSchema,
    opensAt: instantSchema.optional(),
    closesAt: instantSchema.optional(),
    questions: z.array(questionSchema).min(1).max(100),
  })
  .strict()
  .superRefine(
    (raw, ctx) => {
      // Runs even when fields failed (`when` below), so every problem is named in one answer: read defensively.
      const s = raw as { opensAt?: unknown; closesAt?: unknown; questions?: unknown };
      if (
        typeof s.opensAt === 'string' &&
        typeof s.closesAt === 'string' &&
        Date.parse(s.closesAt) <= Date.parse(s.opensAt)
      )
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'closes_before_opens',
            { fr: 'La clôture doit suivre l’ouverture.', nl: 'De sluiting moet na de opening komen.' },
            ['closesAt'],
          ),
        });
      const questions = Array.isArray(s.questions) ? (s.questions as { id?: unknown; type?: unknown }[]) : [];
      const seen = new Set<unknown>();
      questions.forEach((q, i) => {
        if (typeof q?.id !== 'string') return;
        if (seen.has(q.id))
          ctx.addIssue({
            code: 'custom',
            ...bilingualIssue(
              'duplicate_question',
              { fr: `Question en double : ${q.id}.`, nl: `Dubbele vraag: ${q.id}.` },
              ['questions', i, 'id'],
            ),
          });
        seen.add(q.id);
      });
      if (questions.filter((q) => q?.type === 'zone').length > 1)
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue(
            'several_zone_questions',
            {
              fr: 'Une enquête a au plus une question de type « zone ».',
              nl: 'Een enquête heeft hoogstens één vraag van het type "zone".',
            },
            ['questions'],
          ),
        });
    },
    { when: (payload) => payload.value !== null && typeof payload.value === 'object' },
  )
  .transform(
    (s): SurveyDefinition => ({
      ...s,
      questions: s.questions.map((q): Question => {
        if (q.type !== 'ranking') return q;
        const pick = q.pick ?? q.weights?.length ?? 3;
        return { ...q, pick, weights: q.weights ?? defaultWeights(pick) };
      }),
    }),
  );

/** `/api/surveys/{surveyId}` and the routes under it. */
export const surveyPathSchema = z.object({ surveyId: slugSchema });
