/**
 * The RAR dashboard in a real browser (playwright-core + Debian chromium) against the local server, on
 * this file's own table and bucket with the demo data, plus a few 2026-Q1 responses so one zone's
 * figures are withheld: the figures equal GET /api/aggregates (a year and a quarter), the withheld cells
 * show [c] and draw no bar, charts have names and tables, the printed council document (A4, common part
 * then five zone sections), axe-core, a coordinator kept to their zone. Screenshots in
 * test-artifacts/dashboard/, two of them copied to docs/screenshots/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as aggregator } from '../../functions/aggregator.ts';
import { loadDemoData } from '../../local/demo/load.ts';
import survey from '../../local/demo/mental-health-2024.json' with { type: 'json' };
import { startLocalServer } from '../../local/server.ts';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller.ts';
import type { ReportBody } from '../../shared/report-body/schema.ts';
import { executeRun } from '../../shared/reports/generate.ts';
import { requestReport, runReportsInProcess, settleLocalRuns } from '../../shared/reports/index.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { responseBodySchema } from '../../shared/responses/schema.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { ensureWebBuild } from '../../web/build.ts';
import {
  expectAccessible,
  groupButton,
  launchChromium,
  shootBothWidths,
  stopBrowserStack,
} from '../support/browser.ts';

const ARTIFACTS = path.resolve('test-artifacts', 'dashboard');
const DOCS = path.resolve('docs', 'screenshots');
/** 2026-Q1: few answers in the north (withheld), enough in two other zones. */
const WITHHELD_QUARTER = '2026-Q1';
/** Full-page screenshots and axe runs on a long page, on a machine shared with other test files. */
const SLOW = 120_000;
const Q1_ANSWERS: Record<string, number> = { north: 3, south: 12, 'centre-west': 9 };

let server: Server;
let base: string;
let poller: StreamPoller;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  await ensureWebBuild(() => undefined);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-dashboard-'));
  mkdirSync(ARTIFACTS, { recursive: true });
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
  await loadDemoData();
  let n = 0;
  for (const [zone, count] of Object.entries(Q1_ANSWERS))
    for (let i = 0; i < count; i++) {
      n++;
      const body = parseOrThrow(responseBodySchema, {
        submissionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        language: 'fr',
        answers: {
          zone,
          sector: 'social',
          'priority-themes':
            i % 2 ? ['training', 'accessibility'] : ['collaboration', 'training', 'information'],
        },
      });
      await submitResponse(
        survey.surveyId,
        body,
        new Date(`2026-02-${String(2 + (i % 20)).padStart(2, '0')}T10:00:00Z`),
      );
    }
  await poller.drain();
  // A 2025 report run, so the dashboard offers its files.
  runReportsInProcess(executeRun);
  await requestReport({ period: '2025' }, { subject: 'rar-test', groups: ['rar'] });
  await settleLocalRuns();
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserStack({ browser, poller, server }));

const shoot = (page: Page, name: string) => shootBothWidths(page, ARTIFACTS, name);

/**
 * The README's screenshots: written when missing, or refreshed with DOCS_SCREENSHOTS=1 (each run shows a
 * new generation time, so the tracked files are not rewritten by every test run).
 */
const toDocs = (artifact: string, name: string) => {
  const target = path.join(DOCS, name);
  if (process.env.DOCS_SCREENSHOTS === '1' || !existsSync(target))
    copyFileSync(path.join(ARTIFACTS, artifact), target);
};

/** Opens a dashboard address as a fresh visitor: the local sign-in page, a group, then back here. */
const openSignedIn = async (context: BrowserContext, address: string, group: string) => {
  const page = await context.newPage();
  await page.goto(`${base}${address}`);
  await page.waitForURL(/\/oidc\/authorize/);
  await page.getByRole('button', { name: groupButton(group) }).click();
  await page.waitForURL(/\/dashboard/);
  return page;
};

/** The page's own access token: the API answers the test exactly what it answers the page. */
const apiFigures = async (page: Page, query: string): Promise<ReportBody> => {
  const token = (await page.evaluate(
    "JSON.parse(sessionStorage.getItem('zonedata:session')).accessToken",
  )) as string;
  const res = await fetch(`${base}/api/aggregates?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ReportBody;
};

/** A cell's text as the number it shows, or '[c]'. */
const shown = async (cell: Locator) => {
  const text = ((await cell.textContent()) ?? '').trim();
  return text === '[c]' ? text : Number(text.replace(/\D/g, ''));
};
const expected = (n: number | null) => (n === null ? '[c]' : n);

/** The figures of the period (all themes) are on screen: the report's attributes come from the body. */
const waitForFigures = async (page: Page, period: string) => {
  await page.locator(`.report[data-period="${period}"][data-theme=""]`).waitFor();
  await page.locator('table.matrix tbody tr').first().waitFor();
};

/** Every cell of both zone × theme tables and the headline equal the API's report body. */
const expectTablesEqualApi = async (page: Page, body: ReportBody) => {
  const tables = {
    meetings: page.locator('table.matrix[data-measures="meetings participants"]'),
    responses: page.locator('table.matrix[data-measures="responses"]'),
  };
  const lines = [
    ...body.zones.map((z) => ({ zone: z.zone, themes: z.themes, totals: z.totals, foot: false })),
    { zone: 'region', themes: body.region.themes, totals: body.region.totals, foot: true },
  ];
  let checked = 0;
  for (const line of lines) {
    const rowOf = (table: Locator) =>
      table.locator(`${line.foot ? 'tfoot' : 'tbody'} tr[data-zone="${line.zone}"]`);
    for (const figures of [
      ...line.themes.map((t) => ({ id: t.theme, f: t })),
      { id: 'total', f: line.totals },
    ]) {
      const cell = (table: Locator, measure: string) =>
        rowOf(table).locator(`td[data-theme="${figures.id}"][data-measure="${measure}"]`);
      await expect(shown(cell(tables.meetings, 'meetings'))).resolves.toBe(figures.f.meetings);
      await expect(shown(cell(tables.meetings, 'participants'))).resolves.toBe(figures.f.participants);
      await expect(shown(cell(tables.responses, 'responses'))).resolves.toBe(
        expected(figures.f.surveyResponses),
      );
      checked += 3;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(6 * 4 * 3);
  const kpi = (m: string) => page.locator(`#kpi-${m} .kpi-value`);
  await expect(shown(kpi('meetings'))).resolves.toBe(body.region.totals.meetings);
  await expect(shown(kpi('participants'))).resolves.toBe(body.region.totals.participants);
  await expect(shown(kpi('responses'))).resolves.toBe(expected(body.region.totals.surveyResponses));
};

let rar: BrowserContext;
let page: Page;

describe('the RAR dashboard in the browser', () => {
  it(
    'signs in as rar, opens the newest period with data and writes it in the address',
    async () => {
      rar = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'fr-BE',
        bypassCSP: true,
      });
      rar.setDefaultTimeout(15_000);
      page = await openSignedIn(rar, '/dashboard?lang=fr', 'rar');
      await page.waitForURL(/period=2026(&|$)/);
      await waitForFigures(page, '2026');
      await expect(page.getByLabel('Période / Periode').inputValue()).resolves.toBe('2026');
      const options = await page
        .getByLabel('Période / Periode')
        .locator('option')
        .evaluateAll((o) => o.map((e) => (e as unknown as { value: string }).value));
      expect(options.slice(0, 3)).toEqual(['2026', '2026-Q1', '2025']);
    },
    SLOW,
  );

  it(
    'shows 2025 as GET /api/aggregates has it (15 mental-health and 16 prevention meetings); a reload keeps the period',
    async () => {
      await page.getByLabel('Période / Periode').selectOption('2025');
      await page.waitForURL(/period=2025(&|$)/);
      await waitForFigures(page, '2025');
      await page.reload();
      await waitForFigures(page, '2025');
      await expect(page.getByLabel('Période / Periode').inputValue()).resolves.toBe('2025');
      const total = (theme: string) =>
        page.locator(
          `table.matrix[data-measures="meetings participants"] tfoot td[data-theme="${theme}"][data-measure="meetings"]`,
        );
      await expect(total('mental-health').textContent()).resolves.toBe('15');
      await expect(total('prevention').textContent()).resolves.toBe('16');
      await expectTablesEqualApi(page, await apiFigures(page, 'period=2025'));
      await page.locator('.chart-svg').first().waitFor();
      await expectAccessible(page, 'dashboard-2025');
      await shoot(page, 'dashboard-2025');
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-2025-top.png') });
      toDocs('dashboard-2025-top.png', 'dashboard-2025-fr.png');
    },
    SLOW,
  );

  it(
    'gives every chart a name (a zone chart names its zone) and a description, every bar a role and a label',
    async () => {
      // The trend arrives on its own request: its last chart drawn, every chart is.
      await page.locator('#trend-responses svg.chart-svg').waitFor();
      const charts = page.locator('svg.chart-svg');
      const count = await charts.count();
      // Region: 2 survey rankings + 2 votes; 3 trends; each of 5 zones: 2 rankings + 2 votes.
      expect(count).toBe(4 + 3 + 5 * 4);
      for (const svg of await charts.all()) {
        await expect(svg.getAttribute('role')).resolves.toBe('graphics-document');
        await expect(svg.getAttribute('aria-label')).resolves.toMatch(/\S/);
        const description = await svg.getAttribute('aria-describedby');
        await expect(page.locator(`[id="${description}"]`).textContent()).resolves.toMatch(/tableau/);
      }
      const north = page.locator('section.zone-section[data-zone="north"] svg.chart-svg');
      for (const svg of await north.all())
        await expect(svg.getAttribute('aria-label')).resolves.toContain('Nord');
      const bars = page.locator('section.zone-section[data-zone="north"] svg.chart-svg rect[aria-label]');
      expect(await bars.count()).toBeGreaterThan(10);
      for (const bar of (await bars.all()).slice(0, 5)) {
        await expect(bar.getAttribute('role')).resolves.toBe('graphics-symbol');
        await expect(bar.getAttribute('aria-label')).resolves.toMatch(
          /^.+, Nord : \d+ points, rang \d+ ; (1ers choix|2es choix|3es choix|choix suivants|points comptés au tableau \(sans détail\)) : \d+ points$/,
        );
      }
    },
    SLOW,
  );

  it(
    'toggles a chart to its table, with the same numbers as the API',
    async () => {
      const body = await apiFigures(page, 'period=2025');
      const ranking = body.region.themes.find((t) => t.theme === 'mental-health')?.rankings[0];
      if (!ranking) throw new Error('the demo has a ranking question');
      const figure = page.locator(
        `.region-priorities figure[data-chart="${ranking.surveyId}-${ranking.questionId}"]`,
      );
      const toggle = figure.getByRole('button', { name: 'Afficher le tableau' });
      const table = figure.locator('table.priority-table');
      await expect(table.isVisible()).resolves.toBe(false);
      await toggle.click();
      await table.waitFor({ state: 'visible' });
      await expect(
        figure.getByRole('button', { name: 'Masquer le tableau' }).getAttribute('aria-expanded'),
      ).resolves.toBe('true');
      for (const option of ranking.options) {
        const row = table.locator(`tr[data-option="${option.option}"]`);
        await expect(shown(row.locator('td[data-measure="points"]'))).resolves.toBe(expected(option.points));
        // The 1st choice column is the API's first choices × the first weight; the parts add up to the points.
        if (option.points === null || option.firstChoices === null) continue;
        const parts = await Promise.all((await row.locator('td[data-part]').all()).map(shown));
        expect(parts[0]).toBe(Math.min(option.points, option.firstChoices * (ranking.weights[0] ?? 0)));
        expect(parts.reduce((n: number, p) => n + Number(p), 0)).toBe(option.points);
      }
      // Ranked in both languages: the other language under each option.
      const first = ranking.options[0];
      if (first)
        await expect(table.locator(`tr[data-option="${first.option}"] th`).textContent()).resolves.toBe(
          first.label.fr === first.label.nl ? first.label.fr : `${first.label.fr}${first.label.nl}`,
        );
      await expectAccessible(page, 'dashboard-table-open');
      await figure.screenshot({ path: path.join(ARTIFACTS, 'chart-and-table.png') });
      copyFileSync(
        path.join(ARTIFACTS, 'chart-and-table.png'),
        path.join(DOCS, 'dashboard-chart-table-fr.png'),
      );
    },
    SLOW,
  );

  it(
    'offers the period’s report files the group may have, each through a fresh link',
    async () => {
      const downloads = page.locator('section.downloads');
      const buttons = downloads.getByRole('button', { name: /^Télécharger rar-2025\.(xlsx|json)$/ });
      await buttons.first().waitFor();
      await expect(buttons.count()).resolves.toBe(2);
      const xlsx = downloads.getByRole('button', { name: 'Télécharger rar-2025.xlsx' });
      const [download] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
      expect(download.suggestedFilename()).toBe('rar-2025.xlsx');
      const file = path.join(dataDir, 'rar-2025.xlsx');
      await download.saveAs(file);
      // An xlsx is a zip: "PK".
      expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
    },
    SLOW,
  );

  it(
    'shows a quarter (2025-Q3) as the API has it',
    async () => {
      await page.getByLabel('Période / Periode').selectOption('2025-Q3');
      await page.waitForURL(/period=2025-Q3/);
      await waitForFigures(page, '2025-Q3');
      await expectTablesEqualApi(page, await apiFigures(page, 'period=2025-Q3'));
    },
    SLOW,
  );

  it(
    'filters by theme, the choice in the address: one theme’s column, headline and charts',
    async () => {
      await page.getByLabel('Période / Periode').selectOption('2025');
      await waitForFigures(page, '2025');
      await page.getByLabel('Thème', { exact: true }).selectOption('prevention');
      await page.waitForURL(/theme=prevention/);
      await page.locator('.report[data-period="2025"][data-theme="prevention"]').waitFor();
      await expect(
        page.locator('table.matrix[data-measures="meetings participants"] thead th.group-head').count(),
      ).resolves.toBe(1);
      const body = await apiFigures(page, 'period=2025&theme=prevention');
      expect(body.region.themes.find((t) => t.theme === 'prevention')?.meetings).toBe(16);
      await expect(shown(page.locator('#kpi-meetings .kpi-value'))).resolves.toBe(16);
      await expect(
        page
          .locator('.theme-priorities')
          .evaluateAll((d) => [...new Set(d.map((e) => e.getAttribute('data-theme')))]),
      ).resolves.toEqual(['prevention']);
      await page.reload();
      await page.locator('.report[data-period="2025"][data-theme="prevention"]').waitFor();
      await expect(page.getByLabel('Thème', { exact: true }).inputValue()).resolves.toBe('prevention');
      await page.getByLabel('Thème', { exact: true }).selectOption('');
      await page.waitForURL((url) => !url.search.includes('theme='));
    },
    SLOW,
  );

  it(
    'shows [c] for withheld figures and draws no bar for them, explained once in FR and NL',
    async () => {
      await page.goto(`${base}/dashboard?period=${WITHHELD_QUARTER}&lang=fr`);
      await waitForFigures(page, WITHHELD_QUARTER);
      const body = await apiFigures(page, `period=${WITHHELD_QUARTER}`);
      const northCell = body.zones
        .find((z) => z.zone === 'north')
        ?.themes.find((t) => t.theme === 'mental-health');
      expect(northCell?.surveyResponses).toBeNull();
      await expectTablesEqualApi(page, body);
      await expect(
        page
          .locator(
            'table.matrix[data-measures="responses"] tr[data-zone="north"] td[data-theme="mental-health"]',
          )
          .textContent(),
      ).resolves.toBe('[c]');
      await page.locator('.chart-svg').first().waitFor();
      for (const zone of body.zones) {
        for (const ranking of zone.themes.flatMap((t) => t.rankings)) {
          const figure = page.locator(
            `section.zone-section[data-zone="${zone.zone}"] figure[data-chart="${ranking.surveyId}-${ranking.questionId}"]`,
          );
          if (ranking.suppressed) {
            await expect(figure.locator('.withheld-note').textContent()).resolves.toContain('[c]');
            await expect(figure.locator('rect, svg').count()).resolves.toBe(0);
            await expect(figure.locator('td', { hasText: '[c]' }).count()).resolves.toBeGreaterThan(0);
          } else if (ranking.answered) {
            await figure.locator('rect[role="graphics-symbol"]').first().waitFor();
          }
        }
      }
      const north = page.locator('section.zone-section[data-zone="north"]');
      await expect(north.locator('.withheld-note').count()).resolves.toBeGreaterThan(0);
      const footnotes = page.locator('.footnote p');
      await expect(footnotes.count()).resolves.toBe(2);
      await expect(footnotes.nth(0).textContent()).resolves.toMatch(/^\[c\] confidentiel/);
      await expect(footnotes.nth(1).textContent()).resolves.toMatch(/^\[c\] vertrouwelijk/);
      await expectAccessible(page, 'dashboard-withheld');
      await shoot(page, 'dashboard-withheld');
    },
    SLOW,
  );

  it(
    'prints the council document: A4, the common part, then five zone sections in both languages',
    async () => {
      await page.goto(`${base}/dashboard?period=2025&lang=fr`);
      await waitForFigures(page, '2025');
      await page.locator('.chart-svg').first().waitFor();
      await page.locator('section.zone-section[data-zone="north"] .chart-svg').first().waitFor();
      await page.emulateMedia({ media: 'print' });
      const layout = (await page.evaluate(`(() => {
      const style = (el) => getComputedStyle(el);
      const sections = [...document.querySelectorAll('section.zone-section')];
      const visible = (el) => style(el).display !== 'none';
      return {
        header: visible(document.querySelector('.site-header')),
        filters: visible(document.querySelector('.dashboard-filters')),
        common: visible(document.querySelector('section.common')),
        commonFirst: document.querySelector('.report').firstElementChild === document.querySelector('section.common'),
        zones: sections.map((s) => s.dataset.zone),
        breaks: sections.map((s) => style(s).breakBefore),
        tablesShown: [...document.querySelectorAll('.chart-table')].every(visible),
        chartsWhole: [...document.querySelectorAll('figure.chart, table')].every((e) => style(e).breakInside === 'avoid'),
        bilingual: document.querySelector('#matrix-title').innerText,
      };
    })()`)) as Record<string, unknown>;
      expect(layout).toEqual({
        header: false,
        filters: false,
        common: true,
        commonFirst: true,
        zones: ['centre-west', 'south', 'south-east', 'north-east', 'north'],
        breaks: ['page', 'page', 'page', 'page', 'page'],
        tablesShown: true,
        chartsWhole: true,
        bilingual:
          'Réunions et participants par bassin et par thème / Vergaderingen en deelnemers per zorgzone en per thema',
      });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(path.join(ARTIFACTS, 'council-2025.pdf'), pdf);
      const text = pdf.toString('latin1');
      const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
      // The common part, then at least one page per zone.
      expect(pages).toBeGreaterThanOrEqual(6);
      // A4 portrait: 595 × 842 points.
      const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
        Math.round(Number(m[1])),
        Math.round(Number(m[2])),
      ]);
      expect(boxes).toHaveLength(pages);
      for (const box of boxes) expect(box).toEqual([595, 842]);
      await page.emulateMedia({ media: 'screen' });
    },
    SLOW,
  );

  it(
    'reads in Dutch: the page, the options and the chart names',
    async () => {
      await page.getByRole('link', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { level: 1, name: /RAR-dashboard/ }).waitFor();
      // Charts are redrawn in Dutch after the text: wait for a redrawn one.
      await page
        .locator('section.zone-section[data-zone="north"] svg.chart-svg[aria-label*="Noord"]')
        .first()
        .waitFor();
      await expect(page.getByLabel('Période / Periode').count()).resolves.toBe(1);
      await expectAccessible(page, 'dashboard-nl');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-2025-nl.png') });
      await rar.close();
    },
    SLOW,
  );

  it(
    'keeps a coordinator to their zone, whatever the address asks, under the strict content policy',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-BE' });
      context.setDefaultTimeout(15_000);
      const refused: string[] = [];
      context.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      const south = await openSignedIn(context, '/dashboard?period=2025&zone=north&lang=fr', 'zone-south');
      await waitForFigures(south, '2025');
      await south.locator('.chart-svg').first().waitFor();
      await expect(south.getByLabel('Bassin', { exact: true }).inputValue()).resolves.toBe('south');
      await south.waitForURL(/zone=south/);
      await expect(south.getByLabel('Bassin', { exact: true }).isDisabled()).resolves.toBe(true);
      await expect(
        south.locator('section.zone-section').evaluateAll((s) => s.map((e) => e.getAttribute('data-zone'))),
      ).resolves.toEqual(['south']);
      await expect(
        south
          .locator('table.matrix tbody tr')
          .evaluateAll((r) => [...new Set(r.map((e) => e.getAttribute('data-zone')))]),
      ).resolves.toEqual(['south']);
      await expect(south.locator('.region-priorities').count()).resolves.toBe(0);
      await expect(south.locator('.downloads').count()).resolves.toBe(0);
      await expect(
        south
          .locator('#trend-meetings table td[data-zone]')
          .evaluateAll((c) => [...new Set(c.map((e) => e.getAttribute('data-zone')))]),
      ).resolves.toEqual(['south']);
      await south.screenshot({ path: path.join(ARTIFACTS, 'coordinator-south.png'), fullPage: true });
      expect(refused).toEqual([]);
      await context.close();
    },
    SLOW,
  );

  it(
    'tells someone signed in without the rar, staff or zone role why the page shows nothing',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-BE' });
      context.setDefaultTimeout(15_000);
      const other = await context.newPage();
      // The local provider only offers the project's groups: a session of another group is set by hand.
      await other.goto(`${base}/staff/signed-out?lang=nl`);
      await other.evaluate(
        `sessionStorage.setItem('zonedata:session', JSON.stringify({ accessToken: 'not-used', expiresAt: Date.now() + 3600000, subject: 'visitor', groups: ['volunteers'] }))`,
      );
      const calls: string[] = [];
      other.on('request', (r) => {
        if (r.url().includes('/api/')) calls.push(r.url());
      });
      await other.goto(`${base}/dashboard?lang=nl`);
      await expect(other.getByRole('alert').textContent()).resolves.toMatch(/voorbehouden aan het RAR-team/);
      expect(calls).toEqual([]);
      await context.close();
    },
    SLOW,
  );
});
