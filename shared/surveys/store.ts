/**
 * Surveys in DynamoDB: every published version (SURVEY#id / VERSION#n), the current one (CURRENT, listed
 * on GSI1 `SURVEYS`). The only survey module that speaks DynamoDB.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredSurvey } from '../records.ts';
import { clients } from '../store/clients.ts';
import { cancellationCodes } from '../store/failures.ts';
import { queryAll, withoutStorageAttributes } from '../store/items.ts';
import { GSI1, keys } from '../store/keys.ts';

/** Survey items are written only by this module from a validated definition; this drops storage attributes. */
const toStoredSurvey = (item: Record<string, unknown>): StoredSurvey =>
  withoutStorageAttributes(item) as unknown as StoredSurvey;

export const listSurveys = async (): Promise<StoredSurvey[]> => {
  const items = await queryAll({
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.surveyIndexPartition() },
  });
  return items.map(toStoredSurvey);
};

export const getCurrentSurvey = async (surveyId: string): Promise<StoredSurvey | undefined> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({ TableName: config.TABLE_NAME, Key: keys.survey(surveyId) }),
  );
  return Item ? toStoredSurvey(Item) : undefined;
};

export const getSurveyVersion = async (
  surveyId: string,
  version: number,
): Promise<StoredSurvey | undefined> => {
  const { doc, config } = clients();
  const { Item } = await doc.send(
    new GetCommand({ TableName: config.TABLE_NAME, Key: keys.surveyVersion(surveyId, version) }),
  );
  return Item ? toStoredSurvey(Item) : undefined;
};

/**
 * Stores `survey` as a new version and makes it current, in one transaction conditioned on the current
 * version still being `previousVersion` (none: the survey is new). False when another version was
 * published meanwhile.
 */
export const putSurveyVersion = async (
  survey: StoredSurvey,
  previousVersion: number | undefined,
): Promise<boolean> => {
  const { doc, config } = clients();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: {
                ...keys.surveyVersion(survey.surveyId, survey.version),
                entity: 'survey-version',
                ...survey,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: config.TABLE_NAME,
              Item: {
                ...keys.survey(survey.surveyId),
                ...keys.surveyIndex(survey.surveyId),
                entity: 'survey',
                ...survey,
              },
              ...(previousVersion === undefined
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : {
                    ConditionExpression: 'version = :previous',
                    ExpressionAttributeValues: { ':previous': previousVersion },
                  }),
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    // Only a failed version condition means "published meanwhile"; a conflict or throttling cancellation
    // is the storage's (a 503 at the edge), not the caller's.
    if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) return false;
    throw error;
  }
};
