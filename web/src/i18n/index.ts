/**
 * The chosen language: `?lang=fr|nl`, then the choice stored on this device, then the browser's
 * languages, then French. `<html lang>` follows it; dates and numbers use the Belgian locales.
 */
import type { Language } from '../../../shared/records.ts';
import { type Dictionary, fr } from './fr.ts';
import { nl } from './nl.ts';

export type { Language };
export const dictionaries: Record<Language, Dictionary> = { fr, nl };
export const languages: Language[] = ['fr', 'nl'];

const STORAGE_KEY = 'zonedata:lang';
const isLanguage = (v: unknown): v is Language => v === 'fr' || v === 'nl';

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

const readStored = (): string | null => {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode): the choice just is not remembered
  }
};

export const initialLanguage = (): Language =>
  pickLanguage(new URLSearchParams(location.search).get('lang'), readStored(), navigator.languages ?? []);

/** Remembers the choice, keeps the address in step and sets `<html lang>`. */
export const applyLanguage = (lang: Language, remember: boolean) => {
  document.documentElement.lang = lang;
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered: the ?lang in the address still holds it for this page
  }
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url);
};

export const locale = (lang: Language) => (lang === 'fr' ? 'fr-BE' : 'nl-BE');

export const formatDate = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
    new Date(iso),
  );
