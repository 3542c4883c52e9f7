/**
 * From form values to the request body, and the browser-side check: the same wire schema and answer
 * rules the server runs (shared/responses/schema.ts, shared/responses/validate.ts), so both name the
 * same problems in the same words.
 */
import { isDomainError, type ValidationIssue } from '../../../shared/errors.ts';
import type { AnswerValue, Question, StoredSurvey } from '../../../shared/records.ts';
import { responseBodySchema } from '../../../shared/responses/schema.ts';
import { validateAnswers } from '../../../shared/responses/validate.ts';
import { toValidationIssues } from '../../../shared/validation.ts';
import type { PublicSurvey, ResponseBody } from '../api.ts';
import type { Draft, FieldValue } from '../draft.ts';
import type { Language } from '../i18n/index.ts';

const NUMBER = /^-?\d+([.,]\d+)?$/;

/** One form value as an answer; undefined when left empty. Unreadable numbers stay text so the check names them. */
const answerOf = (q: Question, value: FieldValue | undefined): AnswerValue | undefined => {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const picked = value.filter((v) => v !== '');
    return picked.length > 0 ? picked : undefined;
  }
  const text = q.type === 'text' ? value : value.trim();
  if (text.trim() === '') return undefined;
  if (q.type === 'number') return NUMBER.test(text) ? Number(text.replace(',', '.')) : text;
  return text;
};

export const toBody = (
  survey: PublicSurvey,
  draft: Draft,
  language: Language,
  website: string,
): ResponseBody => {
  const answers: Record<string, AnswerValue> = {};
  for (const q of survey.questions) {
    const a = answerOf(q, draft.answers[q.id]);
    if (a !== undefined) answers[q.id] = a;
  }
  return { submissionId: draft.submissionId, language, answers, ...(website ? { website } : {}) };
};

/** A rank left empty above a chosen one would silently move the later choice up: ask to fill in order. */
const rankGaps = (survey: PublicSurvey, draft: Draft): ValidationIssue[] =>
  survey.questions.flatMap((q) => {
    const ranks = q.type === 'ranking' ? draft.answers[q.id] : undefined;
    if (!Array.isArray(ranks)) return [];
    const lastChosen = ranks.findLastIndex((v) => v !== '');
    const gap = ranks.slice(0, lastChosen).indexOf('');
    return gap === -1
      ? []
      : [
          {
            path: `answers.${q.id}.${gap}`,
            code: 'rank_gap',
            message: {
              fr: 'Remplissez les choix dans l’ordre, en commençant par le 1er choix.',
              nl: 'Vul de keuzes in volgorde in, te beginnen met de 1e keuze.',
            },
          },
        ];
  });

export const checkInBrowser = (survey: PublicSurvey, draft: Draft, body: ResponseBody): ValidationIssue[] => {
  const issues = rankGaps(survey, draft);
  const envelope = responseBodySchema.safeParse(body);
  if (!envelope.success) issues.push(...toValidationIssues(envelope.error));
  try {
    validateAnswers({ ...survey, publishedBy: '' } satisfies StoredSurvey, body.answers);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(...(error.issues ?? []));
  }
  return issues;
};

/** The question an issue names (`answers.<id>` or deeper), or undefined for a form-wide problem. */
export const questionOf = (issue: ValidationIssue): string | undefined => {
  const [root, id] = issue.path.split('.');
  return root === 'answers' ? id : undefined;
};
