/**
 * What the browser tests share: the machine's Chromium (never downloaded), axe-core run inside the page,
 * screenshots at phone and desktop width, and the local sign-in page's group buttons.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
].find((p): p is string => !!p && existsSync(p));

export const launchChromium = (): Promise<Browser> => {
  if (!CHROMIUM) throw new Error('No Chromium: apt-get install chromium-headless-shell (see .ci/run)');
  // No traffic of the browser's own (updates, background fetches): tests count requests to other origins.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--mute-audio'],
  });
};

const AXE = readFileSync(path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * axe-core's serious and critical violations on the page as it is. Evaluated through DevTools, not a
 * script tag, so a page whose policy blocks inline scripts is checked as well; expressions are strings so
 * the root tsconfig (no DOM lib) checks the tests.
 */
export const axeViolations = async (page: Page, tags: string[] | undefined = AXE_TAGS): Promise<string[]> => {
  if (!(await page.evaluate('typeof axe === "object"'))) await page.evaluate(`${AXE};0`);
  const options = tags ? JSON.stringify({ runOnly: { type: 'tag', values: tags } }) : '{}';
  const violations = (await page.evaluate(`axe.run(document, ${options}).then((r) => r.violations)`)) as {
    id: string;
    impact: string;
    nodes: { target: string[] }[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

/** No serious or critical axe-core violation; `name` tells which page state failed. */
export const expectAccessible = async (page: Page, name: string) => {
  expect(
    (await axeViolations(page)).map((v) => `${name}: ${v}`),
    name,
  ).toEqual([]);
};

/** Full-page screenshots at 360 px and at desktop width, then back to desktop. */
export const shootBothWidths = async (page: Page, dir: string, name: string) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: path.join(dir, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`), fullPage: true });
};

/** The local sign-in button whose name holds exactly this group id (zone-south, not zone-south-east). */
export const groupButton = (group: string) => new RegExp(`(^|\\s)${group}(\\s|$)`);

/** Closes what a browser test started: the browser, the stream poller, the local server (open sockets too). */
export const stopBrowserStack = async (parts: {
  browser?: Browser;
  poller?: { stop(): Promise<void> };
  server?: Server;
}) => {
  await parts.browser?.close();
  await parts.poller?.stop();
  await new Promise<void>((resolve) => {
    if (!parts.server) return resolve();
    parts.server.close(() => resolve());
    parts.server.closeAllConnections();
  });
};
