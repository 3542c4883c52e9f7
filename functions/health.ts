/**
 * GET /api/health: 200 when the API and its table answer; 503 with Retry-After while the storage does not
 * (the local stack also answers 503 until its emulators are ready).
 */
import { storageReachable } from '../shared/store/failures.ts';
import { httpHandler, json, RETRY_AFTER_SECONDS } from './lib/http.ts';

const health = async () =>
  (await storageReachable())
    ? json(200, { status: 'ok', storage: 'ok' })
    : json(
        503,
        {
          status: 'unavailable',
          storage: 'unreachable',
          message: {
            fr: 'Le stockage est momentanément indisponible.',
            nl: 'De opslag is tijdelijk niet beschikbaar.',
          },
        },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );

export const handler = httpHandler({}, health);
