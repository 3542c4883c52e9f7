/**
 * The wire schemas (one module per entity) are what the web pages validate with, so each must bundle for
 * the browser: neither it nor anything it imports may pull a Node built-in or the AWS SDK.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

const WIRE_SCHEMAS = [
  'shared/aggregates/schema.ts',
  'shared/meetings/schema.ts',
  'shared/report-body/schema.ts',
  'shared/reports/schema.ts',
  'shared/responses/schema.ts',
  'shared/surveys/schema.ts',
];

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const serverOnly = (specifier: string) =>
  specifier.startsWith('node:') ||
  nodeBuiltins.has(specifier) ||
  specifier.startsWith('@aws-sdk/') ||
  specifier.startsWith('@aws-lambda-powertools/');

/** Bundles `entry` for the browser; returns each server-only import with the file that made it. */
const serverOnlyImports = async (entry: string): Promise<string[]> => {
  const found: string[] = [];
  const recordServerOnly: Plugin = {
    name: 'record-server-only',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!serverOnly(args.path)) return undefined;
        found.push(`${args.path} (from ${path.relative(root, args.importer)})`);
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [recordServerOnly],
  });
  return found;
};

describe('wire schemas', () => {
  it.each(WIRE_SCHEMAS)('%s bundles for the browser without Node or AWS imports', async (entry) => {
    expect(await serverOnlyImports(entry)).toEqual([]);
  });

  it('flags a module that pulls a Node built-in', async () => {
    // shared/hash.ts hashes with node:crypto: the check must catch it.
    expect(await serverOnlyImports('shared/hash.ts')).toEqual(['node:crypto (from shared/hash.ts)']);
  });
});
