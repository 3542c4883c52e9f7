/** The API's cross-origin policy and the headers on every answer (local gateway and handlers). */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../local/server.ts';
import { clients, createClients, setClients } from '../../shared/store/clients.ts';
import { tableItems } from '../support/storage.ts';

const PARTNER = 'https://partner.example';
const live = clients();
let server: Server;
let base: string;

beforeAll(async () => {
  setClients(createClients({ ...live.config, ALLOWED_ORIGINS: [PARTNER] }));
  server = await startLocalServer({
    port: 0,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'zd-cors-')),
    isReady: () => true,
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  setClients(live);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const preflight = (origin: string) =>
  fetch(`${base}/api/surveys/x/responses`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('CORS and headers', () => {
  it('answers a preflight from a configured origin with the policy, and refuses any other (403, FR/NL)', async () => {
    const ok = await preflight(PARTNER);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE');
    expect(ok.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const before = await tableItems();
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await refused.json()) as { message: { fr: string; nl: string } };
    expect(body.message.fr.length * body.message.nl.length).toBeGreaterThan(0);
    expect(await tableItems()).toEqual(before);
  });

  it('lets only a configured origin read answers; nosniff and no-store on every answer, errors included', async () => {
    for (const [pathname, origin, status] of [
      ['/api/surveys', PARTNER, 200],
      ['/api/surveys', 'https://evil.example', 200],
      ['/api/surveys/%ZZ', PARTNER, 400],
      ['/api/nowhere', PARTNER, 404],
      ['/api/meetings', PARTNER, 401],
      ['/api/health', undefined, 200],
    ] as const) {
      const res = await fetch(`${base}${pathname}`, origin ? { headers: { origin } } : {});
      expect({ pathname, status: res.status }).toEqual({ pathname, status });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin')).toBe(origin === PARTNER ? PARTNER : null);
    }
  });
});
