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
  isDomainError,
  malformedJson,
  payloadTooLarge,
  unauthorized,
} from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { coldStart, logger } from './observability.ts';

/** API Gateway HTTP API (payload v2) event; `authorizer.jwt` is present on routes behind the JWT authorizer. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  'malformed-json': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'payload-too-large': 413,
  unavailable: 503,
};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const noContent = (): HttpResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

/** The request body as parsed JSON: 413 over `maxBytes`, 400 when it is not JSON. */
export const readJsonBody = (event: HttpEvent, maxBytes = MAX_BODY_BYTES): unknown => {
  const raw = event.body ?? '';
  const buffer = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buffer.byteLength > maxBytes) throw payloadTooLarge(maxBytes);
  if (buffer.byteLength === 0) throw malformedJson();
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    throw malformedJson();
  }
};

export const pathParameter = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw new Error(`route is missing path parameter ${name}`);
  return decodeURIComponent(value);
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
  if (isDomainError(error)) {
    return json(
      statusOf[error.kind],
      errorBody(error.kind, error.userMessage, error.issues ? { issues: error.issues } : {}),
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
export const authenticated = (): Middleware => ({
  before: (request) => {
    parsedOf(request.event).caller = callerOf(request.event);
  },
});

/** Path parameters parsed with `schema` (400 naming each bad parameter). */
export const validPath = (schema: z.ZodType): Middleware => ({
  before: (request) => {
    parsedOf(request.event).path = parseOrThrow(schema, pathParameters(request.event));
  },
});

/** Query parameters parsed with `schema` (400 naming each bad parameter). */
export const validQuery = (schema: z.ZodType): Middleware => ({
  before: (request) => {
    parsedOf(request.event).query = parseOrThrow(schema, queryParameters(request.event));
  },
});

/** The JSON body (413 over `maxBytes`, 400 when not JSON) parsed with `schema` (400 naming each bad field). */
export const validJsonBody = (schema: z.ZodType, maxBytes = MAX_BODY_BYTES): Middleware => ({
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
    .use(httpErrors());
  if (edge.caller) handler.use(authenticated());
  if (edge.path) handler.use(validPath(edge.path));
  if (edge.query) handler.use(validQuery(edge.query));
  if (edge.body) handler.use(validJsonBody(edge.body, edge.maxBodyBytes));
  // Each middleware above stored what it parsed; the options say which are present.
  return handler.handler((event) => fn(parsedOf(event) as EdgeInput<S>));
};
