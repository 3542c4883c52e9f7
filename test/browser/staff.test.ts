/**
 * The staff pages in a real browser (playwright-core + Debian chromium) against the local server, on
 * this file's own table and bucket: sign in through the local OIDC provider, enter a thematic
 * consultation with a points vote, see it listed and counted, correct it and read the history, erase
 * another, a coordinator kept to their zone, an expired session, a report run downloaded and opened
 * with exceljs, the surveys with their QR code, signing out. axe-core on every page; screenshots at
 * 360 px and desktop width in test-artifacts/staff/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as aggregator } from '../../functions/aggregator.ts';
import { startLocalServer } from '../../local/server.ts';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller.ts';
import { createMeeting, getMeetingFor } from '../../shared/meetings/index.ts';
import { executeRun } from '../../shared/reports/generate.ts';
import { runReportsInProcess } from '../../shared/reports/index.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import { ensureWebBuild } from '../../web/build.ts';
import meetingFixture from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import {
  expectAccessible,
  groupButton,
  launchChromium,
  shootBothWidths,
  stopBrowserStack,
} from '../support/browser.ts';
import { asMeeting, asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';

const ARTIFACTS = path.resolve('test-artifacts', 'staff');
const STAFF = { subject: 'seed-staff', groups: ['staff'] };
const TO_ERASE = '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
const NORTH = '3f8a7c1e-5b2d-4c6e-9a1f-0d2b3c4e5f60';

let server: Server;
let base: string;
let poller: StreamPoller;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  await ensureWebBuild(() => undefined);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-staff-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  runReportsInProcess(executeRun);
  poller = await startStreamPoller({
    ddbEndpoint: inject('dynamodbEndpoint'),
    tableName: process.env.TABLE_NAME as string,
    handler: aggregator,
    checkpointFile: path.join(dataDir, 'checkpoint.json'),
    deadLetterFile: path.join(dataDir, 'dead-letters.jsonl'),
  });
  server = await startLocalServer({ port: 0, dataDir, isReady: () => true });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await publishSurvey(asSurvey(survey), STAFF);
  // A north meeting (the coordinator of south must not see it) and a south one to erase.
  await createMeeting(asMeeting(meetingFixture), STAFF);
  await createMeeting(
    asMeeting({ ...meetingFixture, meetingId: TO_ERASE, zone: 'south', date: '2024-08-20', sequence: 9 }),
    STAFF,
  );
  // One survey response, so the surveys page has a count to show.
  const res = await fetch(`${base}/api/surveys/${survey.surveyId}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      submissionId: '0b7c5d4e-3f2a-4b1c-8d9e-0f1a2b3c4d5e',
      language: 'fr',
      answers: { zone: 'south', sector: 'social', priorities: ['training'] },
    }),
  });
  expect(res.status).toBe(201);
  await poller.drain();
  browser = await launchChromium();
}, 120_000);

afterAll(() => stopBrowserStack({ browser, poller, server }));

const shoot = (page: Page, name: string) => shootBothWidths(page, ARTIFACTS, name);

const signIn = async (page: Page, group: string) => {
  await page.getByRole('button', { name: groupButton(group) }).click();
};

let staff: BrowserContext;
let page: Page;
let createdId = '';

describe('staff pages in the browser', () => {
  it('sends a visitor to the local sign-in page (one button per group) and back once signed in as staff', async () => {
    staff = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-BE',
      bypassCSP: true,
    });
    staff.setDefaultTimeout(10_000);
    page = await staff.newPage();
    await page.goto(`${base}/staff?lang=fr`);
    await page.waitForURL(/\/oidc\/authorize/);
    for (const group of ['staff', 'rar', 'zone-south', 'zone-north', 'zone-centre-west'])
      await expect(page.getByRole('button', { name: groupButton(group) }).count()).resolves.toBe(1);
    await expectAccessible(page, 'sign-in');
    await shoot(page, 'sign-in');
    await signIn(page, 'staff');
    await page.waitForURL(`${base}/staff?lang=fr`);
    await page.getByRole('heading', { level: 1, name: 'Réunions' }).waitFor({ state: 'visible' });
    for (const link of ['Réunions', 'Enquêtes', 'Rapports'])
      await expect(page.getByRole('navigation').getByRole('link', { name: link }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ state: 'visible' });
  });

  it('refuses a bad form with a summary linking to the fields and messages beside them; nothing stored', async () => {
    const before = await tableItems();
    await page.getByRole('link', { name: 'Nouvelle réunion' }).click();
    await page.waitForURL(/\/staff\/meetings\/new/);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect(summary.getByRole('link').count()).resolves.toBeGreaterThan(2);
    const date = page.getByLabel('Date', { exact: true });
    await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`#${describedBy.split(' ').pop()}`).textContent()).resolves.toMatch(
      /obligatoire/,
    );
    await expectAccessible(page, 'meeting-form-errors');
    await shoot(page, 'meeting-form-errors');
    expect(await tableItems()).toEqual(before);
  });

  it('creates a thematic consultation with a points vote through the form', async () => {
    await page.getByLabel('Bassin').selectOption('south');
    await page.getByLabel('Thème').selectOption('mental-health');
    await page.getByLabel('Type de réunion').selectOption('thematic-consultation');
    await page.getByLabel('Numéro').fill('1');
    await page.getByLabel('Date', { exact: true }).fill('2024-09-23');
    await page.getByLabel('Début').fill('13:00');
    await page.getByLabel(/^Fin/).fill('15:30');
    await page.getByLabel(/^Lieu/).fill('Maison médicale du Midi');
    await page.getByLabel('Participants', { exact: true }).fill('18');
    await page.getByLabel('Social', { exact: false }).first().fill('7');
    await page.getByRole('button', { name: 'Ajouter un besoin' }).click();
    await page.getByLabel('Sujet (1)').selectOption('social-isolation');
    await page.getByRole('checkbox', { name: 'Personnes âgées' }).check();
    await page.getByRole('button', { name: 'Ajouter un constat' }).click();
    await page.getByLabel('Constat 1').fill('Les services ne se connaissent pas assez.');
    await page.getByRole('button', { name: 'Ajouter une piste d’action' }).click();
    await page.getByLabel('Piste (1)').selectOption('referral-access');
    await page.getByLabel('Texte').fill('Un répertoire partagé des services');
    await page.getByLabel('Points par option').check();
    const labels = [
      ['Orientation', 'Verwijzing', '9'],
      ['Formation', 'Opleiding', '6'],
      ['Aller vers', 'Outreach', '3'],
    ];
    for (const [i, [fr, nl, points]] of labels.entries()) {
      const option = page.getByRole('group', { name: `Option ${i + 1}` });
      await option.getByLabel('Libellé en français').fill(fr as string);
      await option.getByLabel('Libellé en néerlandais').fill(nl as string);
      await option.getByLabel(/^Points/).fill(points as string);
    }
    await page.getByLabel(/^Perspectives/).fill('Deuxième rencontre sur l’orientation.');
    await page.getByLabel('Date de la prochaine réunion').fill('2024-12-10');
    await expectAccessible(page, 'meeting-form-filled');
    await shoot(page, 'meeting-form-filled');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/staff\/meetings\/[0-9a-f-]{36}\?saved=1/);
    createdId = /meetings\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    await page.getByRole('status').filter({ hasText: 'Réunion enregistrée' }).waitFor({ state: 'visible' });
    const { meeting } = await getMeetingFor(createdId, STAFF);
    expect(meeting).toMatchObject({
      zone: 'south',
      theme: 'mental-health',
      kind: 'thematic-consultation',
      sequence: 1,
      date: '2024-09-23',
      startTime: '13:00',
      endTime: '15:30',
      participants: 18,
      participantsBySector: { social: 7 },
      needs: [{ topic: 'social-isolation', targetGroups: ['elderly'] }],
      actions: [{ track: 'referral-access', text: 'Un répertoire partagé des services' }],
      votes: { points: { 'option-1': 9, 'option-2': 6, 'option-3': 3 } },
      outlook: 'Deuxième rencontre sur l’orientation.',
      nextDate: '2024-12-10',
    });
  });

  it('lists it (newest first) and counts it in the figures', async () => {
    await poller.drain();
    await page.goto(`${base}/staff?period=2024-Q3&lang=fr`);
    const rows = page.locator('table.meetings tbody tr');
    await rows.first().waitFor();
    await expect(rows.allTextContents()).resolves.toEqual([
      expect.stringContaining('23 sept. 2024'),
      expect.stringContaining('20 août 2024'),
    ]);
    const votes = page.locator('.figures table').nth(1);
    await votes.waitFor();
    await expect(votes.getByRole('row', { name: /Orientation.*9/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'meetings');
    await shoot(page, 'meetings');
  });

  it('corrects it and shows who changed what, earlier → new', async () => {
    await page.goto(`${base}/staff/meetings/${createdId}?lang=fr`);
    await page.getByLabel('Participants', { exact: true }).fill('19');
    await page.getByRole('button', { name: 'Corriger', exact: true }).click();
    await page.waitForURL(/saved=1/);
    const history = page.locator('section.history');
    await history.getByRole('heading', { name: /Version 1, remplacée par local-staff/ }).waitFor();
    await expect(history.getByRole('row', { name: /Participants\s*18\s*19/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'meeting-corrected');
    await shoot(page, 'meeting-corrected');
  });

  it('erases another meeting after a confirmation that says what goes', async () => {
    await page.goto(`${base}/staff/meetings/${TO_ERASE}?lang=fr`);
    await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.textContent()).resolves.toMatch(/effacées définitivement.*participants/);
    await expectAccessible(page, 'meeting-erase');
    await confirm.getByRole('button', { name: 'Oui, supprimer définitivement' }).click();
    await page.waitForURL(/erased=1/);
    await expect(getMeetingFor(TO_ERASE, STAFF)).rejects.toThrow();
    await page.goto(`${base}/staff?period=2024-Q3&lang=fr`);
    await page.locator('table.meetings tbody tr').first().waitFor();
    await expect(page.locator('table.meetings tbody tr').count()).resolves.toBe(1);
  });

  it('shows the surveys with state, version, response count, public link and QR code', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Enquêtes' }).click();
    const row = page.getByRole('row', { name: /Bien-être des professionnels/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/ouverte.*1\s*1$/);
    const qr = page.getByRole('img', { name: /Code QR vers l’enquête « Bien-être des professionnels »/ });
    await expect(qr.evaluate((el) => el.tagName.toLowerCase())).resolves.toBe('svg');
    await expect(page.getByRole('link', { name: `${base}/s/wellbeing-2025?lang=fr` }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page, 'surveys');
    await shoot(page, 'surveys');
  });

  it('starts a report, follows it without reloading and downloads a workbook that opens with exceljs', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Rapports' }).click();
    await page.getByLabel('Période du rapport').fill('2024-Q3');
    await page.getByRole('button', { name: 'Lancer un rapport' }).click();
    const button = page.getByRole('button', { name: /Télécharger .*\.xlsx/ }).first();
    await button.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'reports');
    await shoot(page, 'reports');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const file = path.join(dataDir, download.suggestedFilename() || 'report.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
  });

  it('sends an expired session to sign in and back to the page it was on', async () => {
    await page.goto(`${base}/staff/surveys?lang=fr`);
    await page.getByRole('heading', { level: 1, name: 'Enquêtes' }).waitFor();
    // A token the API no longer accepts (as after expiry or revocation): 401 → sign in → back here.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('zonedata:session') ?? '{}');
      sessionStorage.setItem(
        'zonedata:session',
        JSON.stringify({ ...s, accessToken: 'expired.token.value' }),
      );
    });
    await page.reload();
    await page.waitForURL(/\/oidc\/authorize/);
    await signIn(page, 'staff');
    await page.waitForURL(`${base}/staff/surveys?lang=fr`);
    await page.getByRole('row', { name: /Bien-être/ }).waitFor();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${base}/staff/signed-out`);
    await page.getByRole('heading', { name: 'Vous êtes déconnecté' }).waitFor({ state: 'visible' });
    await expect(page.evaluate(() => sessionStorage.getItem('zonedata:session'))).resolves.toBeNull();
    await expectAccessible(page, 'signed-out');
    await page.goto(`${base}/staff`);
    await page.waitForURL(/\/oidc\/authorize/);
    await staff.close();
  });

  it('keeps a zone coordinator to their zone: cannot see nor post for another zone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    context.setDefaultTimeout(10_000);
    const p = await context.newPage();
    await p.goto(`${base}/staff?period=2025-Q1&lang=nl`);
    await p.waitForURL(/\/oidc\/authorize/);
    await expect(p.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Aanmelden/);
    await signIn(p, 'zone-south');
    await p.waitForURL(/\/staff\?period=2025-Q1/);
    await p.getByRole('heading', { level: 1, name: 'Vergaderingen' }).waitFor();
    await expect(p.getByLabel('Zorgzone').locator('option').allTextContents()).resolves.toEqual(['Zuid']);
    await p.getByText('Geen vergaderingen in deze periode.').waitFor();
    await expectAccessible(p, 'coordinator-meetings');
    await shoot(p, 'coordinator-meetings');
    // The north meeting, by its address: refused.
    await p.goto(`${base}/staff/meetings/${NORTH}?lang=nl`);
    await p.getByRole('alert').waitFor();
    await expect(p.locator('form.meeting-form').count()).resolves.toBe(0);
    // The form offers only their zone; a crafted request for north is refused and stores nothing.
    await p.goto(`${base}/staff/meetings/new?lang=nl`);
    await expect(p.getByLabel('Zorgzone').locator('option').allTextContents()).resolves.toEqual([
      '— Kiezen —',
      'Zuid',
    ]);
    const before = await tableItems();
    const status = await p.evaluate(
      async (body) => {
        const s = JSON.parse(sessionStorage.getItem('zonedata:session') ?? '{}') as { accessToken: string };
        const res = await fetch('/api/meetings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.accessToken}` },
          body: JSON.stringify(body),
        });
        return res.status;
      },
      { ...meetingFixture, meetingId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' },
    );
    expect(status).toBe(403);
    expect(await tableItems()).toEqual(before);
    await context.close();
  });

  it('answers the token endpoint only with the right PKCE verifier, once', async () => {
    // The provider's checks, straight over HTTP (the browser flow above only shows the happy path).
    const verifier = 'a'.repeat(43);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = `${base}/staff/callback`;
    const form = new URLSearchParams({
      client_id: 'zonedata-local',
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
      group: 'rar',
    });
    const authorize = await fetch(`${base}/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(authorize.status).toBe(302);
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const redeem = (codeVerifier: string, c = code) =>
      fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: c,
          redirect_uri: redirectUri,
          client_id: 'zonedata-local',
          code_verifier: codeVerifier,
        }),
      });
    expect((await redeem('b'.repeat(43))).status).toBe(400);
    // The failed attempt used the code up: even the right verifier is refused now.
    expect((await redeem(verifier)).status).toBe(400);
    const bad = await fetch(
      `${base}/oidc/authorize?client_id=zonedata-local&redirect_uri=https://evil.example/cb`,
    );
    expect(bad.status).toBe(400);
    // A fresh code with the right verifier gives an access token the API accepts, with the group.
    const again = await fetch(`${base}/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    const fresh = new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const ok = await redeem(verifier, fresh);
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { access_token: string };
    const reports = await fetch(`${base}/api/reports`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(reports.status).toBe(200);
    const meetings = await fetch(`${base}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify(meetingFixture),
    });
    expect(meetings.status).toBe(403);
  });
});
