/**
 * Sign-in for the staff pages: OpenID Connect authorization code + PKCE (S256) with oauth4webapi, the
 * same code against Cognito's hosted UI in the cloud and the local stack's provider. The issuer and
 * client come from `/config.json` (served by the local stack, written by the CDK app in the cloud).
 * The session lives in sessionStorage (this tab only, gone when it closes).
 */
import * as oauth from 'oauth4webapi';

export interface RuntimeConfig {
  issuer: string;
  clientId: string;
  scope: string;
  /** Cognito-style logout endpoint: `?client_id=&logout_uri=`. */
  logoutUrl: string;
}

export interface Session {
  accessToken: string;
  expiresAt: number;
  subject: string;
  groups: string[];
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

const SESSION_KEY = 'zonedata:session';
const PENDING_KEY = 'zonedata:signin';
export const CALLBACK_PATH = '/staff/callback';
export const SIGNED_OUT_PATH = '/staff/signed-out';
/** Sign in again a little before the token expires rather than fail a save half-way. */
const EXPIRY_MARGIN_MS = 60_000;

const storage = {
  get<T>(key: string): T | undefined {
    try {
      const raw = sessionStorage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  },
  set(key: string, value: unknown) {
    sessionStorage.setItem(key, JSON.stringify(value));
  },
  remove(key: string) {
    sessionStorage.removeItem(key);
  },
};

let config: Promise<RuntimeConfig> | undefined;
export const runtimeConfig = (): Promise<RuntimeConfig> => {
  config ??= fetch('/config.json', { headers: { accept: 'application/json' } }).then(async (r) => {
    if (!r.ok) throw new Error(`config.json: ${r.status}`);
    return (await r.json()) as RuntimeConfig;
  });
  return config;
};

/** http:// issuers are the local stack only (loopback). */
const options = (issuer: URL) =>
  issuer.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};

const discover = async (cfg: RuntimeConfig) => {
  const issuer = new URL(cfg.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...options(issuer) });
  return { as: await oauth.processDiscoveryResponse(issuer, response), issuer };
};

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Only the staff pages and the dashboard may be returned to (no open redirect). */
export const safeReturn = (path: string | undefined) =>
  path && /^\/(staff|dashboard)(\/|\?|$)/.test(path) && !path.startsWith(CALLBACK_PATH) ? path : '/staff';

export const currentSession = (): Session | undefined => {
  const s = storage.get<Session>(SESSION_KEY);
  if (!s || typeof s.accessToken !== 'string' || !(s.expiresAt - EXPIRY_MARGIN_MS > Date.now()))
    return undefined;
  return s;
};

export const clearSession = () => storage.remove(SESSION_KEY);

/** Leaves for the sign-in page; back on `returnTo` (default: this page) once signed in. */
export const signIn = async (
  lang: string,
  returnTo = location.pathname + location.search,
): Promise<never> => {
  const cfg = await runtimeConfig();
  const { as } = await discover(cfg);
  const pending: Pending = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
    returnTo: safeReturn(returnTo),
  };
  storage.set(PENDING_KEY, pending);
  const url = new URL(as.authorization_endpoint as string);
  url.search = new URLSearchParams({
    client_id: cfg.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: cfg.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    ui_locales: lang,
    lang,
  }).toString();
  location.assign(url.href);
  return new Promise<never>(() => {});
};

const groupsOf = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];

/** On /staff/callback: checks the answer, redeems the code, keeps the session; returns where to go. */
export const completeSignIn = async (): Promise<string> => {
  const pending = storage.get<Pending>(PENDING_KEY);
  storage.remove(PENDING_KEY);
  if (!pending) throw new Error('no sign-in in progress');
  const cfg = await runtimeConfig();
  const { as, issuer } = await discover(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    options(issuer),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (!claims) throw new Error('no ID token');
  const session: Session = {
    accessToken: result.access_token,
    expiresAt: Date.now() + (result.expires_in ?? 3600) * 1000,
    subject: claims.sub,
    groups: groupsOf(claims['cognito:groups']),
  };
  storage.set(SESSION_KEY, session);
  return pending.returnTo;
};

/** Forgets the session here and at the provider, then lands on the signed-out page. */
export const signOut = async (): Promise<never> => {
  clearSession();
  const cfg = await runtimeConfig();
  const url = new URL(cfg.logoutUrl);
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('logout_uri', `${location.origin}${SIGNED_OUT_PATH}`);
  location.assign(url.href);
  return new Promise<never>(() => {});
};
