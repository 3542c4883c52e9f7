import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../local/jwt.ts';
import { startLocalServer } from '../../local/server.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-server-'));
let server: Server;
let base: string;
let ready = false;

beforeAll(async () => {
  server = await startLocalServer({ port: 0, dataDir, isReady: () => ready });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await publishSurvey(asSurvey(survey), { subject: 'test', groups: ['staff'] });
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    }),
);

const token = (...groups: string[]) => issueLocalToken(dataDir, { groups });

describe('local API gateway', () => {
  it('answers 503 on health until the stack is ready, then 200', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('routes public requests with path parameters to the handlers', async () => {
    const res = await fetch(`${base}/api/surveys/${survey.surveyId}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { surveyId: string }).surveyId).toBe(survey.surveyId);
    const submit = await fetch(`${base}/api/surveys/${survey.surveyId}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        submissionId: '0b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
        language: 'nl',
        answers: { zone: 'south', priorities: ['training'] },
      }),
    });
    expect(submit.status).toBe(201);
  });

  it('refuses protected routes without a valid token (401, FR/NL) before reaching the handler', async () => {
    const before = await tableItems();
    for (const authorization of [
      undefined,
      'Bearer nonsense',
      `Bearer ${await issueLocalToken(mkdtempSync(path.join(os.tmpdir(), 'other-')), { groups: ['staff'] })}`,
    ]) {
      const res = await fetch(`${base}/api/surveys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ ...survey, surveyId: 'sneaky' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { message: { fr: string; nl: string } };
      expect(body.message.fr).toContain('jeton');
      expect(body.message.nl).toContain('token');
    }
    expect(await tableItems()).toEqual(before);
  });

  it('passes verified groups to the handlers, which answer 403 for the wrong group', async () => {
    const rar = await token('rar');
    const res = await fetch(`${base}/api/surveys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rar}` },
      body: JSON.stringify({ ...survey, surveyId: 'not-for-rar' }),
    });
    expect(res.status).toBe(403);
    const staff = await token('staff');
    const ok = await fetch(`${base}/api/meetings?period=2025`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(ok.status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for a known path with another method', async () => {
    expect((await fetch(`${base}/api/nothing-here`)).status).toBe(404);
    expect((await fetch(`${base}/api/health`, { method: 'DELETE' })).status).toBe(405);
  });
});
