/**
 * What the report needs from the survey definitions: titles, ranking questions, option labels and
 * weights. Read with the survey access patterns of keys.ts (the survey list on GSI1, a survey's
 * versions under its partition); a handful of items, never the responses.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { bilingualSchema } from '../reference/index.ts';
import { clients } from '../store/clients.ts';
import { GSI1, keys } from '../store/keys.ts';

const rankingQuestion = z.object({
  id: z.string(),
  type: z.literal('ranking'),
  label: bilingualSchema,
  options: z.array(z.object({ id: z.string(), label: bilingualSchema })),
  weights: z.array(z.number()),
});

const surveyItem = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  title: bilingualSchema,
  theme: z.string(),
  // Only ranking questions matter here; other question types are skipped, not rejected.
  questions: z.array(z.unknown()).transform((qs) =>
    qs.flatMap((q) => {
      const r = rankingQuestion.safeParse(q);
      return r.success ? [r.data] : [];
    }),
  ),
});

export type CatalogueSurvey = z.infer<typeof surveyItem>;
export type CatalogueQuestion = CatalogueSurvey['questions'][number];

export interface Catalogue {
  surveys: Map<string, CatalogueSurvey>;
  /** Older versions, for labels of questions or options the current version dropped. */
  older: Map<string, CatalogueSurvey[]>;
}

const parseItems = (items: Record<string, unknown>[] | undefined): CatalogueSurvey[] =>
  (items ?? []).flatMap((item) => {
    const s = surveyItem.safeParse(item);
    return s.success ? [s.data] : [];
  });

/** The current version of every published survey (one Query on the survey list). */
export const loadCatalogue = async (): Promise<Catalogue> => {
  const { doc, config } = clients();
  const surveys = new Map<string, CatalogueSurvey>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: config.TABLE_NAME,
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.surveyIndex('').GSI1PK },
        ExclusiveStartKey,
      }),
    );
    for (const s of parseItems(page.Items)) surveys.set(s.surveyId, s);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { surveys, older: new Map() };
};

/** Loads the older versions of one survey into the catalogue (only when a label is missing). */
export const loadOlderVersions = async (
  catalogue: Catalogue,
  surveyId: string,
): Promise<CatalogueSurvey[]> => {
  const cached = catalogue.older.get(surveyId);
  if (cached) return cached;
  const { doc, config } = clients();
  const page = await doc.send(
    new QueryCommand({
      TableName: config.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
      ExpressionAttributeValues: { ':pk': keys.survey(surveyId).PK, ':v': 'VERSION#' },
      ScanIndexForward: false,
    }),
  );
  const versions = parseItems(page.Items);
  catalogue.older.set(surveyId, versions);
  return versions;
};
