/**
 * Answers checked against the survey version they answer (the envelope is checked at the edge with
 * ./schema.ts). Every bad answer is named at once, each with a bilingual message, so a form can show all
 * problems in one round trip.
 */
import { type ValidationIssue, validationError } from '../errors.ts';
import type { AnswerValue, Question, StoredSurvey } from '../records.ts';
import { zoneIds } from '../reference/index.ts';

const issue = (path: string, code: string, fr: string, nl: string): ValidationIssue => ({
  path,
  code,
  message: { fr, nl },
});

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const optionIdsOf = (q: Question) =>
  'options' in q ? new Set(q.options.map((o) => o.id)) : new Set<string>();

/** Checks one answer; returns the issues (empty when valid). */
const checkAnswer = (q: Question, value: unknown, path: string): ValidationIssue[] => {
  const notOption = (v: unknown, p: string) =>
    issue(
      p,
      'unknown_option',
      `Option inconnue pour cette question : ${String(v)}.`,
      `Onbekende optie voor deze vraag: ${String(v)}.`,
    );
  switch (q.type) {
    case 'zone':
      return typeof value === 'string' && (zoneIds as string[]).includes(value)
        ? []
        : [issue(path, 'unknown_zone', 'Zone inconnue.', 'Onbekende zone.')];
    case 'single':
      if (typeof value !== 'string')
        return [issue(path, 'invalid_type', 'Un seul choix est attendu.', 'Eén keuze wordt verwacht.')];
      return optionIdsOf(q).has(value) ? [] : [notOption(value, path)];
    case 'multiple':
    case 'ranking': {
      if (!Array.isArray(value))
        return [
          issue(
            path,
            'invalid_type',
            'Une liste de choix est attendue.',
            'Een lijst van keuzes wordt verwacht.',
          ),
        ];
      const out: ValidationIssue[] = [];
      const options = optionIdsOf(q);
      const seen = new Set<unknown>();
      value.forEach((v, i) => {
        if (typeof v !== 'string' || !options.has(v)) out.push(notOption(v, `${path}.${i}`));
        else if (seen.has(v))
          out.push(
            issue(`${path}.${i}`, 'duplicate_option', `Choix en double : ${v}.`, `Dubbele keuze: ${v}.`),
          );
        seen.add(v);
      });
      const max = q.type === 'ranking' ? q.pick : (q.max ?? q.options.length);
      if (value.length > max)
        out.push(
          issue(
            path,
            q.type === 'ranking' ? 'too_many_ranked' : 'too_many_options',
            `Trop de choix : ${max} au maximum.`,
            `Te veel keuzes: maximaal ${max}.`,
          ),
        );
      return out;
    }
    case 'text':
      if (typeof value !== 'string')
        return [issue(path, 'invalid_type', 'Un texte est attendu.', 'Een tekst wordt verwacht.')];
      return value.length > q.maxLength
        ? [
            issue(
              path,
              'too_long',
              `Texte trop long (${q.maxLength} caractères au maximum).`,
              `Tekst te lang (maximaal ${q.maxLength} tekens).`,
            ),
          ]
        : [];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return [issue(path, 'invalid_type', 'Un nombre est attendu.', 'Een getal wordt verwacht.')];
      if (q.min !== undefined && value < q.min)
        return [issue(path, 'too_small', `Valeur minimale : ${q.min}.`, `Minimale waarde: ${q.min}.`)];
      if (q.max !== undefined && value > q.max)
        return [issue(path, 'too_big', `Valeur maximale : ${q.max}.`, `Maximale waarde: ${q.max}.`)];
      return [];
  }
};

/**
 * Checks the answers against the survey; returns the answers to store (empty optional answers dropped)
 * or throws one validation error naming every bad answer.
 */
export const validateAnswers = (
  survey: StoredSurvey,
  rawAnswers: Record<string, unknown>,
): Record<string, AnswerValue> => {
  const questions = new Map(survey.questions.map((q) => [q.id, q]));
  const issues: ValidationIssue[] = Object.keys(rawAnswers)
    .filter((key) => !questions.has(key))
    .map((key) =>
      issue(`answers.${key}`, 'unknown_question', `Question inconnue : ${key}.`, `Onbekende vraag: ${key}.`),
    );
  const answers: Record<string, AnswerValue> = {};
  for (const q of survey.questions) {
    const value = rawAnswers[q.id];
    const path = `answers.${q.id}`;
    if (isEmpty(value)) {
      if (q.required) issues.push(issue(path, 'required', 'Réponse obligatoire.', 'Antwoord verplicht.'));
      continue;
    }
    const problems = checkAnswer(q, value, path);
    issues.push(...problems);
    if (problems.length === 0) answers[q.id] = value as AnswerValue;
  }
  if (issues.length > 0) throw validationError(issues);
  return answers;
};
