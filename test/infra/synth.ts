/**
 * Synthesizes the CDK app the way `cdk synth` does (context from cdk.json, cdk-nag registered) but with
 * bundling skipped (`aws:cdk:bundling-stacks: []`), so template tests need neither esbuild runs nor
 * every handler file. Used once per test file (beforeAll).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type ZonedataApp } from '../../infra/app.ts';
import { projectRoot } from '../../infra/constructs/zonedata-function.ts';

export const cdkContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;

export interface Synthesized extends ZonedataApp {
  outdir: string;
  stateful: ZonedataApp['stateful'];
  templates: { stateful: Template; stateless: Template; waf: Template };
}

export const synthesize = (extraContext: Record<string, unknown> = {}): Synthesized => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'zonedata-cdk-'));
  const built = buildApp({
    outdir,
    context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...extraContext },
  });
  const assembly = built.app.synth();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template);
  return {
    ...built,
    outdir,
    templates: {
      stateful: template(built.stateful.stackName),
      stateless: template(built.stateless.stackName),
      waf: template(built.waf.stackName),
    },
  };
};

/** Resources of one type as [logicalId, resource] pairs. */
export const resourcesOf = (template: Template, type: string): [string, Record<string, unknown>][] =>
  Object.entries(template.findResources(type)) as [string, Record<string, unknown>][];

/** Properties of a resource (typed loosely on purpose: tests assert on CloudFormation JSON). */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; assertions check the shape.
export const props = (resource: Record<string, unknown>): any => resource.Properties ?? {};

/** The one element of a list, failing loudly when there are none or several. */
export const single = <T>(items: T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0] as T;
};
