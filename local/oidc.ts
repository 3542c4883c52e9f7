/**
 * The local stack's own minimal OpenID Connect provider (never deployed): the web app signs in against
 * it with the same code as against Cognito's hosted UI (authorization code + PKCE S256). The sign-in
 * page has one button per group; tokens are signed with the data dir's key (local/jwt.ts), the access
 * token exactly as `npm run token` makes it, so the local API verifier accepts it unchanged.
 *
 * Endpoints under /oidc: discovery, authorize (GET page, POST choice), token, jwks, logout. Also
 * `/config.json`, the web app's runtime configuration (written by the CDK app in the cloud).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import type { HttpResult } from '../functions/lib/http.ts';
import { RAR, STAFF, ZONE_GROUP_PREFIX } from '../shared/auth.ts';
import { careZoneIds, reference } from '../shared/reference/index.ts';
import { issueLocalToken, localKeys } from './jwt.ts';

export const LOCAL_CLIENT_ID = 'zonedata-local';
export const OIDC_PREFIX = '/oidc';
/** The redirect and sign-out paths the web app registers (as in the Cognito app client). */
export const CALLBACK_PATH = '/staff/callback';
export const SIGNED_OUT_PATH = '/staff/signed-out';
const CODE_TTL_MS = 60_000;
const TOKEN_HOURS = 8;
const MAX_PENDING_CODES = 1000;

/** Every group a person can sign in with (as the Cognito user pool's groups). */
export const LOCAL_GROUPS = [STAFF, RAR, ...careZoneIds.map((id) => `${ZONE_GROUP_PREFIX}${id}`)];

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  group: string;
  expiresAt: number;
}

/** Codes handed out and not yet redeemed (single use, short-lived), per process. */
const codes = new Map<string, PendingCode>();

const b64url = (buf: Buffer) => buf.toString('base64url');

const json = (statusCode: number, body: unknown, extra: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
  body: JSON.stringify(body),
});

const oauthError = (error: string, description: string, statusCode = 400) =>
  json(statusCode, { error, error_description: description });

const redirect = (location: string): HttpResult => ({
  statusCode: 302,
  headers: { location, 'cache-control': 'no-store' },
});

export interface OidcRequest {
  method: string;
  url: URL;
  /** `http://127.0.0.1:<port>`: the server's own origin, from the Host header. */
  origin: string;
  body: string;
  contentType: string;
}

export const issuerOf = (origin: string) => `${origin}${OIDC_PREFIX}`;

/** The web app's runtime configuration for the local stack. */
export const localWebConfig = (origin: string) => ({
  issuer: issuerOf(origin),
  clientId: LOCAL_CLIENT_ID,
  scope: 'openid zonedata/api',
  logoutUrl: `${issuerOf(origin)}/logout`,
});

const discovery = (origin: string) => {
  const issuer = issuerOf(origin);
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'zonedata/api'],
  };
};

/** Only the app's own callback on this origin is registered. */
const validRedirect = (origin: string, uri: string | null): uri is string =>
  uri === `${origin}${CALLBACK_PATH}`;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const PAGE_STYLE = `body{font:1.0625rem/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d4da;border-radius:.5rem}
h1{font-size:1.5rem;margin-top:0}ul{list-style:none;padding:0;margin:0}li{margin:.5rem 0}
button{width:100%;text-align:left;font:inherit;padding:.75rem 1rem;border:2px solid #0b4f8a;border-radius:.375rem;background:#fff;color:#0b4f8a;cursor:pointer}
button:hover{background:#e8f1fa}button:focus-visible,a:focus-visible{outline:3px solid #c25400;outline-offset:2px}
.note{color:#4a4f57;font-size:.95rem}a{color:#0b4f8a}`;
const PAGE_STYLE_HASH = createHash('sha256').update(PAGE_STYLE).digest('base64');

type Lang = 'fr' | 'nl';
const words = {
  fr: {
    title: 'Se connecter (pile locale)',
    intro: 'Pile locale uniquement : choisissez le groupe avec lequel vous connecter. Aucun mot de passe.',
    as: 'Se connecter comme',
    staff: 'équipe Brusano',
    rar: 'Conseil de l’action régional (lecture)',
    zone: 'coordination du bassin',
    other: 'Nederlands',
  },
  nl: {
    title: 'Aanmelden (lokale stack)',
    intro: 'Alleen lokale stack: kies de groep waarmee u zich aanmeldt. Geen wachtwoord.',
    as: 'Aanmelden als',
    staff: 'Brusano-team',
    rar: 'Regionale Actieraad (lezen)',
    zone: 'coördinatie van de zorgzone',
    other: 'Français',
  },
} as const;

const groupLabel = (lang: Lang, group: string) => {
  const w = words[lang];
  if (group === 'staff') return w.staff;
  if (group === 'rar') return w.rar;
  const zone = reference.zones.find((z) => `zone-${z.id}` === group);
  return `${w.zone} ${zone?.label[lang] ?? ''}`;
};

const signInPage = (url: URL, lang: Lang): HttpResult => {
  const w = words[lang];
  const other: Lang = lang === 'fr' ? 'nl' : 'fr';
  const switchUrl = new URL(url);
  switchUrl.searchParams.set('ui_locales', other);
  const hidden = [...url.searchParams]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const buttons = LOCAL_GROUPS.map(
    (g) =>
      `<li><button type="submit" name="group" value="${g}">${w.as} <strong>${g}</strong> · ${escapeHtml(groupLabel(lang, g))}</button></li>`,
  ).join('');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${w.title} · Brusano</title>
<style>${PAGE_STYLE}</style></head><body><main>
<p><a href="${escapeHtml(switchUrl.pathname + switchUrl.search)}" lang="${other}" hreflang="${other}">${w.other}</a></p>
<h1>${w.title}</h1><p class="note">${w.intro}</p>
<form method="post" action="${OIDC_PREFIX}/authorize">${hidden}<ul>${buttons}</ul></form>
</main></body></html>`;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'sha256-${PAGE_STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: html,
  };
};

/** Checks the authorization request; answers the problem as a plain page (never redirects to an unknown URI). */
const authorizeProblem = (origin: string, p: URLSearchParams): HttpResult | undefined => {
  if (p.get('client_id') !== LOCAL_CLIENT_ID) return oauthError('invalid_client', 'unknown client_id');
  if (!validRedirect(origin, p.get('redirect_uri')))
    return oauthError('invalid_request', 'redirect_uri is not registered');
  if (p.get('response_type') !== 'code') return oauthError('unsupported_response_type', 'only code');
  if (p.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(p.get('code_challenge') ?? ''))
    return oauthError('invalid_request', 'PKCE with S256 is required');
  return undefined;
};

const authorizePost = (origin: string, form: URLSearchParams): HttpResult => {
  const problem = authorizeProblem(origin, form);
  if (problem) return problem;
  const group = form.get('group') ?? '';
  if (!LOCAL_GROUPS.includes(group)) return oauthError('invalid_request', 'unknown group');
  const now = Date.now();
  for (const [code, pending] of codes) if (pending.expiresAt <= now) codes.delete(code);
  if (codes.size >= MAX_PENDING_CODES)
    return oauthError('temporarily_unavailable', 'too many pending codes', 503);
  const code = b64url(randomBytes(32));
  const nonce = form.get('nonce');
  codes.set(code, {
    clientId: LOCAL_CLIENT_ID,
    redirectUri: form.get('redirect_uri') as string,
    challenge: form.get('code_challenge') as string,
    ...(nonce ? { nonce } : {}),
    group,
    expiresAt: now + CODE_TTL_MS,
  });
  const target = new URL(form.get('redirect_uri') as string);
  target.searchParams.set('code', code);
  target.searchParams.set('iss', issuerOf(origin));
  const state = form.get('state');
  if (state) target.searchParams.set('state', state);
  return redirect(target.href);
};

const sameString = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const token = async (dataDir: string, origin: string, form: URLSearchParams): Promise<HttpResult> => {
  if (form.get('grant_type') !== 'authorization_code')
    return oauthError('unsupported_grant_type', 'only authorization_code');
  const code = form.get('code') ?? '';
  const pending = codes.get(code);
  // Single use: the code is gone whatever the outcome of this request.
  codes.delete(code);
  if (!pending || pending.expiresAt <= Date.now())
    return oauthError('invalid_grant', 'unknown or expired code');
  if (form.get('client_id') !== pending.clientId)
    return oauthError('invalid_client', 'client_id mismatch', 401);
  if (form.get('redirect_uri') !== pending.redirectUri)
    return oauthError('invalid_grant', 'redirect_uri mismatch');
  const verifier = form.get('code_verifier') ?? '';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return oauthError('invalid_grant', 'bad code_verifier');
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  if (!sameString(challenge, pending.challenge))
    return oauthError('invalid_grant', 'PKCE verification failed');

  const subject = `local-${pending.group}`;
  const groups = [pending.group];
  const accessToken = await issueLocalToken(dataDir, { groups, subject, hours: TOKEN_HOURS });
  const { privateKey } = await localKeys(dataDir);
  const idToken = await new SignJWT({
    'cognito:groups': groups,
    ...(pending.nonce ? { nonce: pending.nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'local' })
    .setIssuer(issuerOf(origin))
    .setAudience(pending.clientId)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_HOURS}h`)
    .sign(privateKey);
  return json(200, {
    access_token: accessToken,
    id_token: idToken,
    token_type: 'Bearer',
    expires_in: TOKEN_HOURS * 3600,
    scope: 'openid zonedata/api',
  });
};

const jwks = async (dataDir: string) => {
  const { publicKey } = await localKeys(dataDir);
  return json(200, { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: 'local' }] });
};

/** Cognito's /logout shape (client_id + logout_uri), so the app signs out the same way everywhere. */
const logout = (origin: string, p: URLSearchParams): HttpResult => {
  if (p.get('client_id') !== LOCAL_CLIENT_ID) return oauthError('invalid_client', 'unknown client_id');
  const target = p.get('logout_uri') ?? p.get('post_logout_redirect_uri');
  if (target !== `${origin}${SIGNED_OUT_PATH}`)
    return oauthError('invalid_request', 'logout_uri is not registered');
  return redirect(target);
};

/** Answers /config.json and /oidc/*; undefined for any other path. */
export const handleOidc = async (dataDir: string, req: OidcRequest): Promise<HttpResult | undefined> => {
  const { method, url, origin } = req;
  if (url.pathname === '/config.json' && method === 'GET') return json(200, localWebConfig(origin));
  if (url.pathname !== OIDC_PREFIX && !url.pathname.startsWith(`${OIDC_PREFIX}/`)) return undefined;
  const route = `${method} ${url.pathname.slice(OIDC_PREFIX.length)}`;
  const form = () =>
    req.contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(req.body)
      : undefined;
  switch (route) {
    case 'GET /.well-known/openid-configuration':
      return json(200, discovery(origin), { 'access-control-allow-origin': '*' });
    case 'GET /authorize': {
      const problem = authorizeProblem(origin, url.searchParams);
      if (problem) return problem;
      return signInPage(url, url.searchParams.get('ui_locales')?.startsWith('nl') ? 'nl' : 'fr');
    }
    case 'POST /authorize': {
      const f = form();
      return f ? authorizePost(origin, f) : oauthError('invalid_request', 'form body expected');
    }
    case 'POST /token': {
      const f = form();
      return f ? token(dataDir, origin, f) : oauthError('invalid_request', 'form body expected');
    }
    case 'GET /jwks':
      return jwks(dataDir);
    case 'GET /logout':
      return logout(origin, url.searchParams);
    default:
      return json(404, { error: 'not_found' });
  }
};
