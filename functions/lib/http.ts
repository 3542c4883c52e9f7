/**
 * The HTTP edge shared by every API handler: body reading with a size limit, the caller from the JWT
 * claims, JSON responses, and the one place where domain errors become status codes. Anything that
 * is not a DomainError becomes a plain bilingual 500 that leaks nothing.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type Caller, parseGroupsClaim } from '../../shared/auth.ts';
import {
  type ErrorKind,
  isDomainError,
  malformedJson,
  payloadTooLarge,
  unauthorized,
} from '../../shared/errors.ts';
import { coldStart, logger } from './observability.ts';

/** API Gateway HTTP API (payload v2) event; `authorizer.jwt` is present on routes behind the JWT authorizer. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

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

/** Wraps an API handler: configuration checked at cold start, Powertools logger context, error mapping. */
export const httpHandler = (fn: HttpFunction) => {
  coldStart();
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .handler(fn);
};
