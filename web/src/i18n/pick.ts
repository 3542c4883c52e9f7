/** The language rule, without the DOM (unit-tested in node). */
import type { Language } from '../../../shared/records.ts';

export const isLanguage = (v: unknown): v is Language => v === 'fr' || v === 'nl';

export const pickLanguage = (
  query: string | null,
  stored: string | null,
  browser: readonly string[],
): Language => {
  if (isLanguage(query)) return query;
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'fr';
};
