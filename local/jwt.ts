/**
 * Local stand-in for Cognito: tokens signed with a key kept in the data dir. The local server verifies
 * them as the API Gateway JWT authorizer verifies Cognito's, and hands handlers the same claims
 * (`sub`, `cognito:groups`), so the group checks in the handlers run unchanged.
 */
import type { webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'zonedata-local';
export const LOCAL_AUDIENCE = 'zonedata';
const ALG = 'ES256';
const KEY_FILE = 'jwt-signing-key.json';

type CryptoKey = webcrypto.CryptoKey;

interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const cache = new Map<string, Promise<KeyPair>>();

const loadOrCreate = async (dataDir: string): Promise<KeyPair> => {
  const file = path.join(dataDir, KEY_FILE);
  try {
    const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, ALG)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateKeyPair(ALG, { extractable: true });
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
  await chmod(file, 0o600);
  return pair;
};

/** The data dir's signing key, created on first use. */
export const localKeys = (dataDir: string): Promise<KeyPair> => {
  const key = path.resolve(dataDir);
  let pair = cache.get(key);
  if (!pair) {
    pair = loadOrCreate(key);
    cache.set(key, pair);
  }
  return pair;
};

export interface TokenRequest {
  groups: string[];
  subject?: string;
  hours?: number;
}

export const issueLocalToken = async (dataDir: string, request: TokenRequest): Promise<string> => {
  const { privateKey } = await localKeys(dataDir);
  const hours = request.hours ?? 8;
  return new SignJWT({ 'cognito:groups': request.groups, token_use: 'access', scope: 'zonedata/api' })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(request.subject ?? `local-${request.groups.join('-') || 'user'}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(privateKey);
};

/** The verified claims, or throws when the token is bad, expired or signed with another key. */
export const verifyLocalToken = async (dataDir: string, token: string): Promise<JWTPayload> => {
  const { publicKey } = await localKeys(dataDir);
  const { payload } = await jwtVerify(token, publicKey, {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: [ALG],
  });
  return payload;
};
