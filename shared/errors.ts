/**
 * Domain errors. Domain code throws these; the HTTP edge (functions/lib/http.ts) maps each `kind`
 * to a status code in one place. Every message a person may see is bilingual (FR/NL).
 */
import type { Bilingual } from './reference/index.ts';

export type ErrorKind =
  | 'validation'
  | 'malformed-json'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'conflict'
  | 'unavailable';

/** One bad field: `path` is dotted (`answers.q3.1`), `code` is machine-readable. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: Bilingual;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly userMessage: Bilingual,
    readonly issues?: ValidationIssue[],
  ) {
    super(`${kind}: ${userMessage.fr}`);
    this.name = 'DomainError';
  }
}

export const validationError = (issues: ValidationIssue[]) =>
  new DomainError(
    'validation',
    { fr: 'Certaines données ne sont pas valides.', nl: 'Sommige gegevens zijn ongeldig.' },
    issues,
  );

export const malformedJson = () =>
  new DomainError('malformed-json', {
    fr: "Le corps de la requête n'est pas du JSON valide.",
    nl: 'De inhoud van het verzoek is geen geldige JSON.',
  });

export const payloadTooLarge = (maxBytes: number) =>
  new DomainError('payload-too-large', {
    fr: `Le corps de la requête dépasse ${Math.round(maxBytes / 1024)} Kio.`,
    nl: `De inhoud van het verzoek is groter dan ${Math.round(maxBytes / 1024)} KiB.`,
  });

export const unsupportedMediaType = () =>
  new DomainError('unsupported-media-type', {
    fr: 'Le corps de la requête doit être envoyé en application/json.',
    nl: 'De inhoud van het verzoek moet als application/json worden verzonden.',
  });

/** One bad field as a validation error (path parameters, query, body checks before the schema). */
export const invalidField = (path: string, code: string, message: Bilingual) =>
  validationError([{ path, code, message }]);

export const unauthorized = () =>
  new DomainError('unauthorized', {
    fr: 'Authentification requise : jeton absent ou invalide.',
    nl: 'Authenticatie vereist: token ontbreekt of is ongeldig.',
  });

export const forbidden = () =>
  new DomainError('forbidden', {
    fr: "Vous n'avez pas accès à cette ressource.",
    nl: 'U hebt geen toegang tot deze bron.',
  });

export const notFound = (what: Bilingual) =>
  new DomainError('not-found', { fr: `${what.fr} introuvable.`, nl: `${what.nl} niet gevonden.` });

export const gone = (message: Bilingual) => new DomainError('gone', message);

export const conflict = (message: Bilingual) => new DomainError('conflict', message);

export const unavailable = (message: Bilingual) => new DomainError('unavailable', message);

/** The storage (DynamoDB, S3) cannot be reached or throttles: the client should try again shortly. */
export const storageUnavailable = () =>
  unavailable({
    fr: 'Le stockage est momentanément indisponible. Réessayez dans quelques secondes.',
    nl: 'De opslag is tijdelijk niet beschikbaar. Probeer het over enkele seconden opnieuw.',
  });

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
