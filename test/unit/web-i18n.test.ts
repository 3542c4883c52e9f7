/** The public pages' dictionaries and language rule (web/src/i18n). */
import { describe, expect, it } from 'vitest';
import { fr } from '../../web/src/i18n/fr.ts';
import { nl } from '../../web/src/i18n/nl.ts';
import { pickLanguage } from '../../web/src/i18n/pick.ts';

describe('FR/NL dictionaries', () => {
  it('have exactly the same keys, each a non-empty text or a function of the same arity', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      const [a, b] = [fr[key], nl[key]];
      expect(typeof b, key).toBe(typeof a);
      if (typeof a === 'string') expect(a.length, key).toBeGreaterThan(0);
      if (typeof a === 'function' && typeof b === 'function') expect(b.length, key).toBe(a.length);
    }
  });

  it('label ranks with their weight as agreed: 1er choix (3 points) / 1e keuze (3 punten), 1 point / 1 punt', () => {
    expect([1, 2, 3].map((rank) => fr.rankLabel(rank, 4 - rank))).toEqual([
      '1er choix (3 points)',
      '2e choix (2 points)',
      '3e choix (1 point)',
    ]);
    expect([1, 2, 3].map((rank) => nl.rankLabel(rank, 4 - rank))).toEqual([
      '1e keuze (3 punten)',
      '2e keuze (2 punten)',
      '3e keuze (1 punt)',
    ]);
  });
});

describe('language choice', () => {
  it('takes ?lang first, then the stored choice, then the browser languages, then French', () => {
    expect(pickLanguage('nl', 'fr', ['fr-BE'])).toBe('nl');
    expect(pickLanguage('de', 'nl', ['fr-BE'])).toBe('nl');
    expect(pickLanguage(null, 'xx', ['en-GB', 'nl-BE', 'fr'])).toBe('nl');
    expect(pickLanguage(null, null, ['FR-be'])).toBe('fr');
    expect(pickLanguage(null, null, ['en-US', 'de'])).toBe('fr');
  });
});
