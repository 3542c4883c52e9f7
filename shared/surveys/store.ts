/** Reading surveys: the current version of each (GSI1 `SURVEYS`) and any published version. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredSurvey } from '../records.ts';
import { clients } from '../store/clients.ts';
import { queryAll, withoutStorageAttributes } from '../store/items.ts';
import { GSI1, keys } from '../store/keys.ts';

/** Survey items are written only by publishSurvey from a validated definition; this drops storage attributes. */
export const toStoredSurvey = (item: Record<string, unknown>): StoredSurvey =>
  withoutStorageAttributes(item) as unknown as StoredSurvey;

export const listSurveys = async (): Promise<StoredSurvey[]> => {
  const items = await queryAll({
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.surveyIndex('').GSI1PK },
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
