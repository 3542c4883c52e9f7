/**
 * The built web pages, served on the same origin as the API (as CloudFront does in the cloud): `/` →
 * index.html, `/s/{surveyId}` → survey.html, `/staff/*` → staff.html, `/dashboard` → dashboard.html, hashed assets cached for good, anything else the 404 page.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HttpResult } from '../functions/lib/http.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The same policy as the CloudFront response headers policy (infra/constructs/web.ts). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const securityHeaders = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The HTML page behind a page route, or undefined when the path is not a page route. */
export const pageFor = (pathname: string): string | undefined => {
  if (pathname === '/' || pathname === '/index.html') return 'index.html';
  if (/^\/s\/[^/]+\/?$/.test(pathname)) return 'survey.html';
  if (/^\/staff(\/[^.]*)?$/.test(pathname)) return 'staff.html';
  if (/^\/dashboard\/?$/.test(pathname)) return 'dashboard.html';
  return undefined;
};

const file = async (
  webDir: string,
  relative: string,
  statusCode: number,
  head: boolean,
): Promise<HttpResult | undefined> => {
  const full = path.resolve(webDir, relative);
  // Never outside the build folder, whatever `..` or encoded characters the path holds.
  if (!full.startsWith(webDir + path.sep)) return undefined;
  const body = await readFile(full).catch(() => undefined);
  if (!body) return undefined;
  const immutable = relative.startsWith(`assets${path.sep}`) || relative.startsWith('assets/');
  return {
    statusCode,
    headers: {
      'content-type': CONTENT_TYPES[path.extname(full)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...securityHeaders,
      ...(head ? { 'content-length': String(body.length) } : {}),
    },
    ...(head ? {} : { body: body.toString('base64'), isBase64Encoded: true }),
  };
};

export const serveStatic = async (webDir: string, method: string, pathname: string): Promise<HttpResult> => {
  const head = method === 'HEAD';
  if (method !== 'GET' && !head)
    return { statusCode: 405, headers: { allow: 'GET, HEAD', ...securityHeaders } };
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = undefined; // malformed escape: no such file
  }
  const requested = decoded === undefined ? undefined : (pageFor(decoded) ?? decoded.replace(/^\/+/, ''));
  const found =
    (requested === undefined ? undefined : await file(webDir, requested, 200, head)) ??
    (await file(webDir, '404.html', 404, head));
  return (
    found ?? {
      statusCode: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders },
      body: 'The web pages are not built: run `npm run build:web`.\n',
    }
  );
};
