/**
 * Vite build of the public pages: one HTML entry per page (multi-page), Preact JSX through Vite's own
 * oxc transformer (no plugin), no inline script so a strict content security policy holds.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The page entries; `/s/{surveyId}` is rewritten to survey.html and `/staff/*` to staff.html and
 * `/dashboard` to dashboard.html by the local server and CloudFront.
 */
export const pages = {
  index: 'index.html',
  survey: 'survey.html',
  '404': '404.html',
  staff: 'staff.html',
  dashboard: 'dashboard.html',
} as const;

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be inlined into the entry chunk for browsers that all support modulepreload now.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // Read by build.ts to count every chunk a page can load, lazy ones included.
    manifest: true,
    rollupOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([name, file]) => [name, path.join(root, file)])),
    },
  },
});
