/**
 * The HTTP edge shared by every API handler: body reading with a size limit, the caller from the JWT
 * claims, one validation middleware per input kind (path parameters, query, JSON body, each parsed with
 * its wire schema before the domain is called), JSON responses, and the one place where domain errors
 * become status codes. Anything that is not a DomainError becomes a plain bilingual 500 that leaks nothing.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { type Caller, parseGroupsClaim } from '../../shared/auth.ts';
import {
  type ErrorKind,
  invalidField,
  isDomainError,
  malformedJson,
  payloadTooLarge,
  storageUnavailable,
  unauthorized,
  unsupportedMediaType,
} from '../../shared/errors.ts';
import { isStorageUnavailable } from '../../shared/store/failures.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { corsHeaders } from './cors.ts';
import { isJsonContentType, nestingExceeds, throwOnTextIssues, tooDeep } from './json-body.ts';
import { coldStart, logger } from './observability.ts';

/** API Gateway HTTP API (payload v2) event; `authorizer.jwt` is present on routes behind the JWT authorizer. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;

/** What a 503 asks the client to wait before trying again (the same submissionId is safe to resend). */
export const RETRY_AFTER_SECONDS = 5;

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  'malformed-json': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unavailable: 503,
};

/** On every API answer: never cached (answers depend on the caller), never sniffed as another type. */
export const SAFE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...SAFE_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export const noContent = (): HttpResult => ({ statusCode: 204, headers: { ...SAFE_HEADERS } });

const headerOf = (event: HttpEvent, name: string): string | undefined => {
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as parsed JSON, checked before any schema sees it: 415 unless `application/json`,
 * 413 over `maxBytes`, 400 when it is not JSON, nests too deep, is not UTF-8, holds control characters,
 * lone surrogates or `__proto__` keys (each named by its field).
 */
export const readJsonBody = (event: HttpEvent, maxBytes = MAX_BODY_BYTES): unknown => {
  if (!isJsonContentType(headerOf(event, 'content-type'))) throw unsupportedMediaType();
  const raw = event.body ?? '';
  const buffer = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buffer.byteLength > maxBytes) throw payloadTooLarge(maxBytes);
  if (buffer.byteLength === 0) throw malformedJson();
  let text: string;
  let replaced = false;
  try {
    text = utf8.decode(buffer);
  } catch {
    // Parse the lenient decoding only to name the fields that held the bad bytes.
    text = buffer.toString('utf8');
    replaced = true;
  }
  if (nestingExceeds(text)) throw tooDeep();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformedJson();
  }
  throwOnTextIssues(parsed, replaced);
  if (replaced)
    throw invalidField('', 'invalid_utf8', {
      fr: 'Le corps de la requête n’est pas de l’UTF-8 valide.',
      nl: 'De inhoud van het verzoek is geen geldige UTF-8.',
    });
  return parsed;
};

/** Path parameters: ids, slugs and periods only (letters, digits, '.', '_', '-'), at most 100 characters. */
const PATH_PARAMETER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * A raw (still percent-encoded) path parameter decoded and checked before use: 400 for a malformed
 * percent-encoding or anything that cannot be an id, so no key built from it can be refused by storage.
 */
export const decodePathParameter = (name: string, raw: string): string => {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw invalidField(name, 'invalid_encoding', {
      fr: 'Adresse mal encodée (séquence % invalide).',
      nl: 'Verkeerd gecodeerd adres (ongeldige %-reeks).',
    });
  }
  if (!PATH_PARAMETER.test(value))
    throw invalidField(name, 'invalid_id', {
      fr: 'Identifiant invalide dans l’adresse (lettres, chiffres, « . », « _ », « - » ; 100 caractères au maximum).',
      nl: 'Ongeldige id in het adres (letters, cijfers, ".", "_", "-"; maximaal 100 tekens).',
    });
  return value;
};

export const pathParameter = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw new Error(`route is missing path parameter ${name}`);
  return decodePathParameter(name, value);
};

export const queryParameters = (event: HttpEvent): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) out[k] = v;
  return out;
};

/** The authenticated caller; 401 when the route was reached without verified claims. */
export const callerOf = (event: HttpEvent): Caller => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string') throw unauthorized();
  return { subject, groups: parseGroupsClaim(claims['cognito:groups']) };
};

const errorBody = (
  kind: string,
  message: { fr: string; nl: string },
  extra: Record<string, unknown> = {},
) => ({
  error: kind,
  message,
  ...extra,
});

/** The response for any error: a DomainError's status and bilingual body, or a plain 500 that leaks nothing. */
export const errorResponse = (error: unknown): HttpResult => {
  if (isStorageUnavailable(error)) {
    logger.warn('storage unavailable', { error: error as Error });
    return errorResponse(storageUnavailable());
  }
  if (isDomainError(error)) {
    return json(
      statusOf[error.kind],
      errorBody(error.kind, error.userMessage, error.issues ? { issues: error.issues } : {}),
      error.kind === 'unavailable' ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {},
    );
  }
  logger.error('unhandled error', { error: error as Error });
  return json(
    500,
    errorBody('internal', {
      fr: 'Une erreur interne est survenue. Réessayez plus tard.',
      nl: 'Er is een interne fout opgetreden. Probeer het later opnieuw.',
    }),
  );
};

/** Maps errors to responses in one place. */
export const httpErrors = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    request.response = errorResponse(request.error);
  },
});

/** Adds the CORS headers for the request's origin (none unless it is an allowed origin). */
export const withCors = (origin: string | undefined, result: HttpResult): HttpResult => ({
  ...result,
  headers: { ...SAFE_HEADERS, ...result.headers, ...corsHeaders(origin) },
});

const crossOrigin = (): middy.MiddlewareObj<HttpEvent, HttpResult> => {
  const add = (request: middy.Request<HttpEvent, HttpResult>) => {
    if (request.response) request.response = withCors(headerOf(request.event, 'origin'), request.response);
  };
  return { after: add, onError: add };
};

type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult>;

/** What the edge middlewares found valid, kept on the event for the handler. */
type Parsed = { caller?: Caller; path?: unknown; query?: unknown; body?: unknown };
type ParsedEvent = HttpEvent & { parsed?: Parsed };

const parsedOf = (event: HttpEvent): Parsed => {
  const e = event as ParsedEvent;
  e.parsed ??= {};
  return e.parsed;
};

/** Every path parameter of the route, decoded. */
const pathParameters = (event: HttpEvent): Record<string, string> =>
  Object.fromEntries(
    Object.keys(event.pathParameters ?? {}).map((name) => [name, pathParameter(event, name)]),
  );

/** The caller from the verified JWT claims (401 without). */
const authenticated = (): Middleware => ({
  before: (request) => {
    parsedOf(request.event).caller = callerOf(request.event);
  },
});

/** Path parameters parsed with `schema` (400 naming each bad parameter). */
const validPath = (schema: z.ZodType): Middleware => ({
  before: (request) => {
    parsedOf(request.event).path = parseOrThrow(schema, pathParameters(request.event));
  },
});

/** Query parameters parsed with `schema` (400 naming each bad parameter). */
const validQuery = (schema: z.ZodType): Middleware => ({
  before: (request) => {
    parsedOf(request.event).query = parseOrThrow(schema, queryParameters(request.event));
  },
});

/** The JSON body (413 over `maxBytes`, 400 when not JSON) parsed with `schema` (400 naming each bad field). */
const validJsonBody = (schema: z.ZodType, maxBytes = MAX_BODY_BYTES): Middleware => ({
  before: (request) => {
    parsedOf(request.event).body = parseOrThrow(schema, readJsonBody(request.event, maxBytes));
  },
});

/** Which inputs a route takes: `caller` for routes behind the JWT authorizer, a wire schema per input kind. */
export interface EdgeSchemas {
  caller?: true;
  path?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  maxBodyBytes?: number;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The typed inputs a handler receives once every edge middleware has passed. */
export interface EdgeInput<S extends EdgeSchemas> {
  caller: S['caller'] extends true ? Caller : undefined;
  path: Output<S['path']>;
  query: Output<S['query']>;
  body: Output<S['body']>;
}

/**
 * Wraps an API handler: configuration checked at cold start, Powertools logger context, error mapping,
 * then the caller and each input validated in turn (401, then 400/413) before `fn` runs with typed inputs.
 */
export const httpHandler = <S extends EdgeSchemas>(
  edge: S,
  fn: (input: EdgeInput<S>) => Promise<HttpResult>,
) => {
  coldStart();
  const handler = middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(crossOrigin())
    .use(httpErrors());
  if (edge.caller) handler.use(authenticated());
  if (edge.path) handler.use(validPath(edge.path));
  if (edge.query) handler.use(validQuery(edge.query));
  if (edge.body) handler.use(validJsonBody(edge.body, edge.maxBodyBytes));
  // Each middleware above stored what it parsed; the options say which are present.
  return handler.handler((event) => fn(parsedOf(event) as EdgeInput<S>));
};
