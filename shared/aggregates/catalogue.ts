/**
 * What the report needs from the survey definitions: titles, ranking questions, option labels and
 * weights, read with the survey store's readers (a handful of items, never the responses).
 */
import * as z from 'zod';
import { bilingualSchema } from '../reference/index.ts';
import { getSurveyVersion, listSurveys } from '../surveys/store.ts';

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

const parseItems = (items: unknown[]): CatalogueSurvey[] =>
  items.flatMap((item) => {
    const s = surveyItem.safeParse(item);
    return s.success ? [s.data] : [];
  });

/** The current version of every published survey (one Query on the survey list). */
export const loadCatalogue = async (): Promise<Catalogue> => {
  const surveys = new Map(parseItems(await listSurveys()).map((s) => [s.surveyId, s]));
  return { surveys, older: new Map() };
};

/** Loads the older versions of one survey into the catalogue (only when a label is missing). */
export const loadOlderVersions = async (
  catalogue: Catalogue,
  surveyId: string,
): Promise<CatalogueSurvey[]> => {
  const cached = catalogue.older.get(surveyId);
  if (cached) return cached;
  const current = catalogue.surveys.get(surveyId)?.version ?? 0;
  const found = await Promise.all(
    Array.from({ length: Math.max(0, current - 1) }, (_, i) => getSurveyVersion(surveyId, current - 1 - i)),
  );
  // Newest first, so a label is taken from the latest version that has it.
  const versions = parseItems(found.filter((v) => v !== undefined));
  catalogue.older.set(surveyId, versions);
  return versions;
};
