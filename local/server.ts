/**
 * The local API gateway: routes HTTP requests, as API Gateway HTTP API v2 events, to the same handlers
 * the cloud runs (functions/routes.ts), and verifies bearer tokens on `jwt` routes as the Cognito JWT
 * authorizer does. Loopback only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { preflight } from '../functions/lib/cors.ts';
import {
  decodePathParameter,
  errorResponse,
  type HttpEvent,
  type HttpResult,
  SAFE_HEADERS,
  withCors,
} from '../functions/lib/http.ts';
import { type HttpRoute, httpRoutes } from '../functions/routes.ts';
import { DomainError, payloadTooLarge, unauthorized } from '../shared/errors.ts';
import { httpEvent, lambdaContext } from './http-event.ts';
import { verifyLocalToken } from './jwt.ts';
import { handleOidc } from './oidc.ts';
import { serveStatic } from './static.ts';

const MAX_REQUEST_BYTES = 1024 * 1024;
const projectRoot = path.resolve(import.meta.dirname, '..');
const defaultWebDir = path.join(projectRoot, 'web', 'dist');

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  names: string[];
}

const compile = (route: HttpRoute): CompiledRoute => {
  const names: string[] = [];
  // Route paths hold only letters, '-', '/' and {params}.
  const source = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
};

const compiled = httpRoutes.map(compile);

export const matchRoute = (method: string, pathname: string) => {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params = Object.fromEntries(c.names.map((n, i) => [n, m[i + 1] ?? '']));
    return { route: c.route, params };
  }
  return { pathMatched };
};

const handlers = new Map<string, Promise<Handler>>();
const loadHandler = (entry: string): Promise<Handler> => {
  let loaded = handlers.get(entry);
  if (!loaded) {
    loaded = import(pathToFileURL(path.join(projectRoot, entry)).href).then(
      (m: { handler: Handler }) => m.handler,
    );
    handlers.set(entry, loaded);
  }
  return loaded;
};

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(payloadTooLarge(MAX_REQUEST_BYTES));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text bodies as they are; anything that is not valid UTF-8 in base64, so the handler sees the bytes. */
const eventBody = (body: Buffer): { body: string; isBase64Encoded?: boolean } => {
  try {
    return { body: utf8.decode(body) };
  } catch {
    return { body: body.toString('base64'), isBase64Encoded: true };
  }
};

const send = (res: ServerResponse, result: HttpResult) => {
  const body =
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string> | undefined),
    ...(body ? { 'content-length': String(body.length) } : {}),
  });
  res.end(body);
};

const notFoundRoute = (): HttpResult =>
  errorResponse(new DomainError('not-found', { fr: 'Adresse inconnue.', nl: 'Onbekend adres.' }));

const methodNotAllowed = (): HttpResult => ({
  ...errorResponse(
    new DomainError('not-found', { fr: 'Méthode non autorisée ici.', nl: 'Methode hier niet toegestaan.' }),
  ),
  statusCode: 405,
});

export interface LocalServerOptions {
  port: number;
  dataDir: string;
  /** Until true, /api/health answers 503 (the stack is still starting). */
  isReady: () => boolean;
  /** The built web pages served outside /api (default web/dist). */
  webDir?: string;
}

/** Outside /api: the local sign-in provider and the web app's runtime config (local stack only), then the pages. */
const handlePage = async (
  req: IncomingMessage,
  url: URL,
  method: string,
  options: Pick<LocalServerOptions, 'dataDir' | 'webDir'>,
): Promise<HttpResult> => {
  const oidc = await handleOidc(options.dataDir, {
    method,
    url,
    origin: `http://${req.headers.host ?? '127.0.0.1'}`,
    body: method === 'POST' ? (await readBody(req)).toString('utf8') : '',
    contentType: req.headers['content-type'] ?? '',
  });
  return oidc ?? serveStatic(options.webDir ?? defaultWebDir, method, url.pathname);
};

/** A CORS preflight, answered by the configured policy (403 for an origin it does not allow). */
const handlePreflight = (req: IncomingMessage): HttpResult => {
  try {
    const { status, headers } = preflight(req.headers.origin);
    return { statusCode: status, headers: { ...SAFE_HEADERS, ...headers } };
  } catch (error) {
    return errorResponse(error);
  }
};

/** The verified claims of a `jwt` route's bearer token, as the JWT authorizer passes them on. */
const verifiedClaims = async (req: IncomingMessage, dataDir: string): Promise<Record<string, unknown>> => {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  try {
    return { ...(await verifyLocalToken(dataDir, token)) };
  } catch {
    throw unauthorized();
  }
};

const headersOf = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(req.headers).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, Array.isArray(v) ? v.join(',') : v]],
    ),
  );

const STARTING: HttpResult = {
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"starting"}',
};

type Checked = { passed: true; claims?: Record<string, unknown> } | { passed: false; answer: HttpResult };

/** The gateway's own checks before a handler runs: path ids, readiness, the bearer token. */
const gatewayCheck = async (
  req: IncomingMessage,
  route: HttpRoute,
  params: Record<string, string>,
  options: Pick<LocalServerOptions, 'dataDir' | 'isReady'>,
): Promise<Checked> => {
  try {
    // Checked here as well as in the handlers: a malformed id never reaches a handler or a token check.
    for (const [name, raw] of Object.entries(params)) decodePathParameter(name, raw);
    if (route.id === 'health' && !options.isReady()) return { passed: false, answer: STARTING };
    if (route.access !== 'jwt') return { passed: true };
    return { passed: true, claims: await verifiedClaims(req, options.dataDir) };
  } catch (error) {
    return { passed: false, answer: errorResponse(error) };
  }
};

export const handleRequest = async (
  req: IncomingMessage,
  options: Pick<LocalServerOptions, 'dataDir' | 'isReady' | 'webDir'>,
): Promise<HttpResult> => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname !== '/api' && !url.pathname.startsWith('/api/'))
    return handlePage(req, url, method, options);
  if (method === 'OPTIONS') return handlePreflight(req);
  const match = matchRoute(method, url.pathname);
  if (!('route' in match) || !match.route) return match.pathMatched ? methodNotAllowed() : notFoundRoute();
  const { route, params } = match;
  const checked = await gatewayCheck(req, route, params, options);
  if (!checked.passed) return checked.answer;
  const body = await readBody(req);
  const event = httpEvent({
    method,
    path: url.pathname,
    routePath: route.path,
    pathParameters: params,
    query: Object.fromEntries(url.searchParams),
    headers: headersOf(req),
    ...(body.length > 0 ? eventBody(body) : {}),
    ...(checked.claims ? { claims: checked.claims } : {}),
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  const handler = await loadHandler(route.entry);
  return handler(event, lambdaContext(route.id));
};

/** Starts the server on 127.0.0.1; resolves once it listens. */
export const startLocalServer = (options: LocalServerOptions): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      // Every answer, the gateway's own included, carries the same headers and CORS policy.
      handleRequest(req, options)
        .then((result) => send(res, withCors(req.headers.origin, result)))
        .catch((error: unknown) => send(res, withCors(req.headers.origin, errorResponse(error))));
    });
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve(server));
  });
