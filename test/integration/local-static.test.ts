/**
 * The local server serves the built pages on the API's origin: page routes to their HTML, assets with
 * their content type, the 404 page for anything else, never a file outside the build; /api unchanged.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../local/server.ts';
import { webDist } from '../../web/build.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'zonedata-static-')),
    isReady: () => true,
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (url: string, init?: RequestInit) => {
  const res = await fetch(`${base}${url}`, init);
  return { res, text: await res.text() };
};

describe('local static pages', () => {
  it('serves / and /s/{surveyId} as their HTML page, revalidated, with the content security policy', async () => {
    for (const [url, script] of [
      ['/', /assets\/index-/],
      ['/s/mental-health-2024', /assets\/survey-/],
      ['/s/mental-health-2024/?lang=nl', /assets\/survey-/],
    ] as const) {
      const { res, text } = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(text).toMatch(script);
    }
  });

  it('serves hashed assets with their content type, cached for good', async () => {
    const assets = readdirSync(path.join(webDist, 'assets'));
    const js = assets.find((f) => f.endsWith('.js'));
    const css = assets.find((f) => f.endsWith('.css'));
    const script = await get(`/assets/${js}`);
    expect(script.res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(`/assets/${css}`)).res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await fetch(`${base}/assets/${js}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(script.text.length);
  });

  it('answers the 404 page for unknown paths and never serves a file outside the build', async () => {
    for (const url of [
      '/nope',
      '/s/',
      '/s/a/b',
      '/dashboard/x',
      '/assets/missing.js',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%E0%A4%A',
    ]) {
      const { res, text } = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(text).toMatch(/assets\/404-/);
      expect(text).not.toContain('"name": "zonedata"');
    }
    expect((await get('/', { method: 'POST' })).res.status).toBe(405);
  });

  it('leaves /api to the API (JSON errors, not the 404 page)', async () => {
    const { res, text } = await get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(text).message.nl).toBeTruthy();
  });
});
