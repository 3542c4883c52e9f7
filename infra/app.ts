/**
 * Builds the whole app (used by bin/cdk.ts and by the infra tests): the stateful stack, the
 * us-east-1 WAF stack and the stateless stack, with cdk-nag's AwsSolutionsChecks registered through the
 * v3 Validations API so unacknowledged findings fail synth.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageConfig, stageConfigFromContext } from './config.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';
import { WafStack } from './stacks/waf-stack.ts';

export interface ZonedataApp {
  app: App;
  config: StageConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
  waf: WafStack;
}

export const buildApp = (props: AppProps = {}): ZonedataApp => {
  const app = new App(props);
  const config = stageConfigFromContext((key) => app.node.tryGetContext(key));
  // Cross-region references need concrete regions; the account stays whatever the CLI resolves (or
  // the pseudo parameter offline), so synth needs no AWS credentials.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const tags = { project: 'zonedata', stage: config.stage };

  const waf = new WafStack(app, `ZonedataWaf-${config.stage}`, {
    env: { account, region: 'us-east-1' },
    crossRegionReferences: true,
    config,
    tags,
    description: 'zonedata: CloudFront web ACL (must live in us-east-1)',
  });
  const stateful = new StatefulStack(app, `ZonedataStateful-${config.stage}`, {
    env: { account, region: config.region },
    config,
    tags,
    terminationProtection: config.stage === 'prod',
    description: 'zonedata: table and report bucket (retained)',
  });
  const stateless = new StatelessStack(app, `ZonedataStateless-${config.stage}`, {
    env: { account, region: config.region },
    crossRegionReferences: true,
    config,
    tags,
    table: stateful.table,
    reportBucket: stateful.reportBucket,
    logBucket: stateful.logBucket,
    webAclArn: waf.webAclArn,
    description: 'zonedata: functions, API, Cognito, schedules, CloudFront, alarms',
  });
  stateless.addStackDependency(stateful);
  stateless.addStackDependency(waf);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, stateless, waf };
};
