/**
 * Builds API Gateway HTTP API (payload v2) events, as the cloud delivers them to the same handlers.
 * Used by the local server and by tests.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { HttpEvent } from '../functions/lib/http.ts';

export interface HttpEventInput {
  method: string;
  /** The raw path, e.g. /api/surveys/abc/responses. */
  path: string;
  /** The route key's path, e.g. /api/surveys/{surveyId}/responses (defaults to `path`). */
  routePath?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  /** The body string is base64 (as API Gateway sends bodies that are not valid text). */
  isBase64Encoded?: boolean;
  /** Verified JWT claims (as the JWT authorizer passes them); absent on public routes. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
}

export const httpEvent = (input: HttpEventInput): HttpEvent => {
  const now = new Date();
  const query = input.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const body =
    input.body === undefined
      ? undefined
      : typeof input.body === 'string'
        ? input.body
        : JSON.stringify(input.body);
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.routePath ?? input.path}`,
    rawPath: input.path,
    rawQueryString,
    headers: { 'content-type': 'application/json', ...(input.headers ?? {}) },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: input.isBase64Encoded ?? false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '127.0.0.1',
        userAgent: input.headers?.['user-agent'] ?? 'local',
      },
      requestId: randomUUID(),
      routeKey: `${input.method} ${input.routePath ?? input.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(input.claims ? { authorizer: { jwt: { claims: input.claims, scopes: null } } } : {}),
    },
  };
};

/** A Lambda context for invoking handlers in process. */
export const lambdaContext = (functionName = 'local'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
