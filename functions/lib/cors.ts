/**
 * The API's cross-origin policy: same-origin by default; a page on one of ALLOWED_ORIGINS may call it
 * (bearer tokens, no cookies, so no credentials). A preflight from any other origin is refused.
 */
import { forbidden } from '../../shared/errors.ts';
import { clients } from '../../shared/store/clients.ts';

const ALLOW_METHODS = 'GET,POST,PUT,DELETE';
const ALLOW_HEADERS = 'authorization,content-type';

const allowed = (origin: string | undefined): origin is string =>
  origin !== undefined && clients().config.ALLOWED_ORIGINS.includes(origin);

/** Headers that let an allowed origin read the answer; none for any other origin. */
export const corsHeaders = (origin: string | undefined): Record<string, string> =>
  allowed(origin)
    ? {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'retry-after',
        vary: 'origin',
      }
    : {};

/** The answer to an OPTIONS preflight: 204 with the policy for an allowed origin, else a 403 error. */
export const preflight = (origin: string | undefined): { status: 204; headers: Record<string, string> } => {
  if (!allowed(origin)) throw forbidden();
  return {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '600',
    },
  };
};
