/**
 * cdk-nag AwsSolutionsChecks (v3 Validations API) over the whole app: zero unacknowledged findings,
 * and every acknowledgement names its rule and gives a specific reason. A control stack proves the
 * checks really run (an unsecured bucket fails synth).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './synth.ts';

let dev: Synthesized;
let prod: Synthesized;
beforeAll(() => {
  // Synthesis runs the checks; an unacknowledged error would throw here.
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({ stage: 'prod' });
});

const violations = (outdir: string): string[] => {
  const file = path.join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: { violations: { ruleName: string }[] }[];
  };
  return report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
};

describe('cdk-nag AwsSolutionsChecks', () => {
  it('finds nothing unacknowledged in the dev or prod app', () => {
    expect(violations(dev.outdir)).toEqual([]);
    expect(violations(prod.outdir)).toEqual([]);
  });

  it('gives every acknowledgement a rule id and a specific reason', () => {
    const acks = dev.app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) =>
            Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
              path: c.node.path,
              id,
              reason,
            })),
          ),
      )
      .filter((a) => a.id.includes('AwsSolutions-'));
    expect(acks.length).toBeGreaterThan(10);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/AwsSolutions-[A-Z]+[0-9]+/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    }
  });

  it('fails synthesis on an unacknowledged finding (control)', () => {
    // Arrange: a bucket without SSL enforcement, access logs or public access block.
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'zonedata-nag-')) });
    new Bucket(new Stack(app, 'Control'), 'Open');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act + Assert
    expect(() => app.synth()).toThrow(/S3 Bucket/);
    expect(violations(app.outdir)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
