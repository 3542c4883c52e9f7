/**
 * zod → bilingual validation issues. Schemas attach FR/NL text to their own refinements with
 * `bilingualIssue(...)`; the generic zod codes get a generic bilingual message here.
 */
import type { z } from 'zod';
import { type ValidationIssue, validationError } from './errors.ts';
import type { Bilingual } from './reference/index.ts';

/** Params for `ctx.addIssue({ code: 'custom', ...bilingualIssue(...) })` or `.refine(fn, bilingualIssue(...))`. */
export const bilingualIssue = (code: string, message: Bilingual, path?: (string | number)[]) => ({
  message: message.fr,
  params: { code, message },
  ...(path ? { path } : {}),
});

const genericMessage = (issue: z.core.$ZodIssue): { code: string; message: Bilingual } => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined)
        return {
          code: 'required',
          message: { fr: 'Ce champ est obligatoire.', nl: 'Dit veld is verplicht.' },
        };
      return {
        code: 'invalid_type',
        message: { fr: `Type attendu : ${issue.expected}.`, nl: `Verwacht type: ${issue.expected}.` },
      };
    case 'unrecognized_keys':
      return {
        code: 'unknown_key',
        message: {
          fr: `Champ inconnu : ${issue.keys.join(', ')}.`,
          nl: `Onbekend veld: ${issue.keys.join(', ')}.`,
        },
      };
    case 'invalid_value':
      return {
        code: 'invalid_value',
        message: {
          fr: `Valeur non autorisée. Valeurs possibles : ${issue.values.map(String).join(', ')}.`,
          nl: `Waarde niet toegestaan. Mogelijke waarden: ${issue.values.map(String).join(', ')}.`,
        },
      };
    case 'too_big':
      return {
        code: 'too_big',
        message:
          issue.origin === 'string'
            ? {
                fr: `Texte trop long (maximum ${issue.maximum}).`,
                nl: `Tekst te lang (maximum ${issue.maximum}).`,
              }
            : issue.origin === 'array'
              ? {
                  fr: `Trop d'éléments (maximum ${issue.maximum}).`,
                  nl: `Te veel elementen (maximum ${issue.maximum}).`,
                }
              : {
                  fr: `Valeur trop grande (maximum ${issue.maximum}).`,
                  nl: `Waarde te groot (maximum ${issue.maximum}).`,
                },
      };
    case 'too_small':
      return {
        code: 'too_small',
        message:
          issue.origin === 'string'
            ? {
                fr: `Texte trop court (minimum ${issue.minimum}).`,
                nl: `Tekst te kort (minimum ${issue.minimum}).`,
              }
            : issue.origin === 'array'
              ? {
                  fr: `Pas assez d'éléments (minimum ${issue.minimum}).`,
                  nl: `Te weinig elementen (minimum ${issue.minimum}).`,
                }
              : {
                  fr: `Valeur trop petite (minimum ${issue.minimum}).`,
                  nl: `Waarde te klein (minimum ${issue.minimum}).`,
                },
      };
    case 'invalid_format':
      return {
        code: 'invalid_format',
        message: { fr: `Format invalide (${issue.format}).`, nl: `Ongeldig formaat (${issue.format}).` },
      };
    case 'not_multiple_of':
      return {
        code: 'not_multiple_of',
        message: { fr: 'Un nombre entier est attendu.', nl: 'Een geheel getal wordt verwacht.' },
      };
    default:
      return { code: issue.code, message: { fr: 'Valeur invalide.', nl: 'Ongeldige waarde.' } };
  }
};

export const toValidationIssues = (error: z.ZodError): ValidationIssue[] =>
  error.issues.map((issue) => {
    const params = (issue as { params?: { code?: unknown; message?: unknown } }).params;
    const custom =
      params && typeof params.code === 'string' && params.message && typeof params.message === 'object'
        ? { code: params.code, message: params.message as Bilingual }
        : undefined;
    const { code, message } = custom ?? genericMessage(issue);
    return { path: issue.path.map(String).join('.'), code, message };
  });

/** Parse or throw a `validation` DomainError naming every bad field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(toValidationIssues(result.error));
  return result.data;
};

/**
 * Names a plain object inherits (`constructor`, `toString`, `__proto__`, …) plus `prototype`: an id that
 * later serves as an object key must not be one, or a lookup would find the inherited value.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export const isReservedKey = (id: string): boolean => RESERVED_KEYS.has(id);

/** Refinement for ids used as object keys: refused with a bilingual message. */
export const notReservedKey = [
  (id: string) => !isReservedKey(id),
  bilingualIssue('reserved_id', {
    fr: 'Cet identifiant est réservé (constructor, prototype, toString, …) : choisissez-en un autre.',
    nl: 'Deze id is gereserveerd (constructor, prototype, toString, …): kies een andere.',
  }),
] as const;
