/**
 * Builds the public pages (Vite) into web/dist and reports the gzipped JavaScript each page loads; fails
 * when a page is over its budget. `ensureWebBuild` rebuilds only when a source is newer than the build.
 * Run directly: `npm run build:web`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = import.meta.dirname;
const projectRoot = path.resolve(webDir, '..');
export const webDist = path.join(webDir, 'dist');
const REPORT = 'build-report.json';

/** Gzipped JavaScript budgets per page, in bytes (the survey is opened on phones on weak connections). */
export const JS_BUDGET_GZIP: Record<string, number> = {
  index: 60_000,
  survey: 60_000,
  '404': 60_000,
  // Staff work on desktops at the office: the form, zod schemas, OIDC client and QR encoder.
  staff: 120_000,
  // The RAR dashboard: Observable Plot (with its d3 parts) loaded after the figures show.
  dashboard: 200_000,
};

export interface PageSize {
  page: string;
  files: string[];
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

export interface BuildReport {
  builtAt: string;
  pages: PageSize[];
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Every script and stylesheet a built page can load: its entry, static and lazy imports, stylesheets. */
const pageSize = (manifest: Record<string, ManifestChunk>, page: string, html: string): PageSize => {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
  };
  visit(html);
  let jsBytes = 0;
  let jsGzipBytes = 0;
  let cssGzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(path.join(webDist, file));
    const gz = gzipSync(content, { level: 9 }).length;
    if (file.endsWith('.js')) {
      jsBytes += content.length;
      jsGzipBytes += gz;
    } else cssGzipBytes += gz;
  }
  return { page, files: [...files], jsBytes, jsGzipBytes, cssGzipBytes };
};

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

export const buildWeb = async (log: (line: string) => void = console.log): Promise<BuildReport> => {
  const { build } = await import('vite');
  const { pages } = await import('./vite.config.ts');
  await build({ configFile: path.join(webDir, 'vite.config.ts') });
  const manifest = JSON.parse(readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const report: BuildReport = {
    builtAt: new Date().toISOString(),
    pages: Object.entries(pages).map(([page, html]) => pageSize(manifest, page, html)),
  };
  log('Web pages (JavaScript gzipped / raw, CSS gzipped):');
  for (const p of report.pages)
    log(
      `  ${p.page.padEnd(8)} ${kb(p.jsGzipBytes).padStart(9)} / ${kb(p.jsBytes).padStart(9)}   css ${kb(p.cssGzipBytes)}`,
    );
  writeFileSync(path.join(webDist, REPORT), `${JSON.stringify(report, null, 2)}\n`);
  const over = report.pages.filter((p) => p.jsGzipBytes > (JS_BUDGET_GZIP[p.page] ?? 0));
  if (over.length > 0)
    throw new Error(
      `Over the JavaScript budget: ${over.map((p) => `${p.page} ${kb(p.jsGzipBytes)} > ${kb(JS_BUDGET_GZIP[p.page] ?? 0)}`).join(', ')}`,
    );
  return report;
};

/** Newest modification time under a folder (skipping build output and dependencies). */
const newestIn = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : statSync(full).mtimeMs);
  }
  return newest;
};

export const readBuildReport = (): BuildReport | undefined => {
  try {
    return JSON.parse(readFileSync(path.join(webDist, REPORT), 'utf8')) as BuildReport;
  } catch {
    return undefined;
  }
};

/** Builds when the build is missing or older than the web sources or the shared code they bundle. */
export const ensureWebBuild = async (log: (line: string) => void = console.log): Promise<BuildReport> => {
  const existing = readBuildReport();
  let builtAt = 0;
  try {
    builtAt = statSync(path.join(webDist, REPORT)).mtimeMs;
  } catch {
    // no build yet
  }
  const sources = Math.max(
    newestIn(webDir),
    newestIn(path.join(projectRoot, 'shared')),
    statSync(path.join(projectRoot, 'package-lock.json')).mtimeMs,
  );
  if (existing && builtAt >= sources) return existing;
  log(existing ? 'Web sources changed: rebuilding the pages…' : 'Building the web pages…');
  return buildWeb(log);
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
