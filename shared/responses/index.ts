/**
 * Storing survey responses exactly once. A replayed submission (same submissionId, same content) gets the
 * first answer back, whatever the timing; the same submissionId with other content is a conflict. The
 * envelope arrives validated (./schema.ts); the answers are checked here against the survey version they
 * answer. Storage is ./store.ts.
 */
import { randomUUID } from 'node:crypto';
import { conflict } from '../errors.ts';
import { contentHash } from '../hash.ts';
import { quarterOfInstant } from '../period.ts';
import type { AnswerValue, StoredResponse, StoredSurvey } from '../records.ts';
import { REGION } from '../reference/index.ts';
import { getOpenSurvey } from '../surveys/index.ts';
import type { ResponseBody } from './schema.ts';
import { insertResponse } from './store.ts';
import { validateAnswers } from './validate.ts';

export { responsesInQuarter } from './store.ts';

export interface SubmitResult {
  /** false when this was a replay of a submission already stored. */
  created: boolean;
  responseId: string;
}

const submissionConflict = () =>
  conflict({
    fr: 'Cet identifiant de soumission a déjà servi pour d’autres réponses.',
    nl: 'Deze inzendings-id werd al gebruikt voor andere antwoorden.',
  });

/** The zone answered to the survey's zone question; `region` when it has none or it was left empty. */
const zoneOf = (survey: StoredSurvey, answers: Record<string, AnswerValue>): string => {
  const zoneQuestion = survey.questions.find((q) => q.type === 'zone');
  const zoneAnswer = zoneQuestion ? answers[zoneQuestion.id] : undefined;
  return typeof zoneAnswer === 'string' ? zoneAnswer : REGION;
};

/** The weights of each ranking question answered, copied so scoring needs no survey look-up. */
const rankingWeightsOf = (survey: StoredSurvey, answers: Record<string, AnswerValue>) => {
  const weights: Record<string, number[]> = {};
  for (const q of survey.questions)
    if (q.type === 'ranking' && answers[q.id] !== undefined) weights[q.id] = q.weights;
  return weights;
};

export const submitResponse = async (
  surveyId: string,
  body: ResponseBody,
  now = new Date(),
): Promise<SubmitResult> => {
  const survey = await getOpenSurvey(surveyId, now);
  const answers = validateAnswers(survey, body.answers);

  // Honeypot filled: answer like a success so a bot learns nothing, store nothing.
  if (body.website && body.website.trim() !== '') return { created: true, responseId: randomUUID() };

  const bodyHash = contentHash({ language: body.language, answers });
  const response: StoredResponse = {
    responseId: randomUUID(),
    submissionId: body.submissionId,
    surveyId,
    surveyVersion: survey.version,
    theme: survey.theme,
    zone: zoneOf(survey, answers),
    quarter: quarterOfInstant(now),
    submittedAt: now.toISOString(),
    language: body.language,
    answers,
    rankingWeights: rankingWeightsOf(survey, answers),
  };
  const outcome = await insertResponse(response, bodyHash, now);
  if (outcome === 'stored') return { created: true, responseId: response.responseId };
  if (outcome.bodyHash !== bodyHash) throw submissionConflict();
  return { created: false, responseId: outcome.responseId };
};
