/**
 * Accepted submissions checked against storage (the fault test and `npm run bench:load`): each accepted
 * submissionId must have exactly one response item; a missing one is reported with whether its guard
 * and its response exist, so a loss can be traced.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { responsesInQuarter } from '../../shared/responses/index.ts';
import { clients } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';

export interface MissingSubmission {
  submissionId: string;
  /** When the client got its 201/200 (ms since the epoch). */
  acceptedAt: number;
  guard: boolean;
  response: boolean;
}

export interface AcceptedCheck {
  /** Response items stored for the survey and quarter. */
  stored: number;
  missing: MissingSubmission[];
  /** Accepted submissionIds with more than one response item. */
  storedTwice: string[];
  /** Stored submissionIds no client saw accepted (a client gave up while its write had committed). */
  neverAccepted: string[];
}

const guardExists = async (surveyId: string, submissionId: string): Promise<boolean> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({
      TableName: config.TABLE_NAME,
      Key: keys.submission(surveyId, submissionId),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
};

/** `accepted`: submissionId → when it was first accepted. */
export const checkAccepted = async (
  surveyId: string,
  quarter: string,
  accepted: ReadonlyMap<string, number>,
): Promise<AcceptedCheck> => {
  const counts = new Map<string, number>();
  let stored = 0;
  for await (const page of responsesInQuarter(surveyId, quarter))
    for (const r of page) {
      stored++;
      counts.set(r.submissionId, (counts.get(r.submissionId) ?? 0) + 1);
    }
  const missing: MissingSubmission[] = [];
  for (const [submissionId, acceptedAt] of accepted)
    if (!counts.has(submissionId))
      missing.push({
        submissionId,
        acceptedAt,
        guard: await guardExists(surveyId, submissionId),
        response: false,
      });
  return {
    stored,
    missing,
    storedTwice: [...counts].filter(([id, n]) => n > 1 && accepted.has(id)).map(([id]) => id),
    neverAccepted: [...counts.keys()].filter((id) => !accepted.has(id)),
  };
};
