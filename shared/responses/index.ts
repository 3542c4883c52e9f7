/**
 * Storing survey responses exactly once. A response and its de-duplication guard are written in one
 * transaction; a replayed submission (same submissionId, same content) gets the first answer back,
 * whatever the timing; the same submissionId with other content is a conflict.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../errors.ts';
import { contentHash } from '../hash.ts';
import { quarterOfInstant } from '../period.ts';
import type { StoredResponse } from '../records.ts';
import { REGION } from '../reference/index.ts';
import { clients } from '../store/clients.ts';
import { expiresAfterDays, keys } from '../store/keys.ts';
import { getOpenSurvey } from '../surveys/index.ts';
import { validateResponse } from './validate.ts';

export { responsesInQuarter } from './store.ts';
export { responseBodySchema } from './validate.ts';

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

/** Reads the guard (consistently); retried briefly in case a twin's transaction is still settling. */
const readGuard = async (surveyId: string, submissionId: string) => {
  const { doc, config } = clients();
  for (let attempt = 0; attempt < 20; attempt++) {
    const { Item } = await doc.send(
      new GetCommand({
        TableName: config.TABLE_NAME,
        Key: keys.submission(surveyId, submissionId),
        ConsistentRead: true,
      }),
    );
    if (Item) return { bodyHash: String(Item.bodyHash), responseId: String(Item.responseId) };
    await new Promise((r) => setTimeout(r, 20 + attempt * 10));
  }
  return undefined;
};

export const submitResponse = async (
  surveyId: string,
  body: unknown,
  now = new Date(),
): Promise<SubmitResult> => {
  const survey = await getOpenSurvey(surveyId, now);
  const { body: valid, answers } = validateResponse(survey, body);

  // Honeypot filled: answer like a success so a bot learns nothing, store nothing.
  if (valid.website && valid.website.trim() !== '') return { created: true, responseId: randomUUID() };

  const bodyHash = contentHash({ language: valid.language, answers });
  const zoneQuestion = survey.questions.find((q) => q.type === 'zone');
  const zoneAnswer = zoneQuestion ? answers[zoneQuestion.id] : undefined;
  const rankingWeights: Record<string, number[]> = {};
  for (const q of survey.questions)
    if (q.type === 'ranking' && answers[q.id] !== undefined) rankingWeights[q.id] = q.weights;

  const submittedAt = now.toISOString();
  const quarter = quarterOfInstant(now);
  const response: StoredResponse = {
    responseId: randomUUID(),
    submissionId: valid.submissionId,
    surveyId,
    surveyVersion: survey.version,
    theme: survey.theme,
    zone: typeof zoneAnswer === 'string' ? zoneAnswer : REGION,
    quarter,
    submittedAt,
    language: valid.language,
    answers,
    rankingWeights,
  };
  const { doc, config } = clients();
  const expiresAt = expiresAfterDays(now, config.RETENTION_DAYS);
  const transaction = new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: {
            ...keys.submission(surveyId, valid.submissionId),
            entity: 'submission',
            bodyHash,
            responseId: response.responseId,
            submittedAt,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: config.TABLE_NAME,
          Item: {
            ...keys.response(surveyId, quarter, valid.submissionId, submittedAt, response.responseId),
            entity: 'response',
            ...response,
            expiresAt,
          },
        },
      },
    ],
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await doc.send(transaction);
      return { created: true, responseId: response.responseId };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // The guard exists: this is a replay (or a twin that committed first). The guard decides.
      if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        const guard = await readGuard(surveyId, valid.submissionId);
        if (!guard) throw error;
        if (guard.bodyHash !== bodyHash) throw submissionConflict();
        return { created: false, responseId: guard.responseId };
      }
      // A twin request is committing on the same guard at this instant: try again shortly.
      if (attempt >= 4) throw error;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt + Math.random() * 25));
    }
  }
};
