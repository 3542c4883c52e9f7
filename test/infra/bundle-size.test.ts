/**
 * Every function entry in functions/routes.ts bundles (esbuild, the construct's own options: minified
 * node24 ESM, @aws-sdk/* left to the runtime) to less than 1.5 MB. No entry is skipped: a missing
 * handler file fails here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { eventFunctions, httpRoutes } from '../../functions/routes.ts';
import { bundlingOptions, projectRoot } from '../../infra/constructs/zonedata-function.ts';

const MAX_BYTES = 1.5 * 1024 * 1024;
const entries = [...httpRoutes, ...Object.values(eventFunctions)].map((f) => ({ id: f.id, entry: f.entry }));

describe('function bundles', () => {
  it.each(entries)('$id ($entry) bundles under 1.5 MB', async ({ entry }) => {
    // Arrange
    const file = path.join(projectRoot, entry);
    expect(existsSync(file), `${entry} does not exist`).toBe(true);
    // Act
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      outdir: path.join(projectRoot, 'cdk.out', 'bundle-size'),
      platform: 'node',
      format: 'esm',
      target: bundlingOptions.target,
      minify: bundlingOptions.minify,
      sourcemap: 'external',
      mainFields: bundlingOptions.mainFields,
      external: bundlingOptions.externalModules,
      banner: { js: bundlingOptions.banner },
      logLevel: 'silent',
    });
    // Assert
    const code = result.outputFiles.filter((f) => f.path.endsWith('.js'));
    expect(code).toHaveLength(1);
    const bytes = code[0]?.contents.byteLength ?? 0;
    expect(bytes).toBeGreaterThan(1_000);
    expect(bytes, `${entry}: ${(bytes / 1024).toFixed(0)} kB`).toBeLessThan(MAX_BYTES);
  });
});
