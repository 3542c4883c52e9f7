/**
 * Everything that can be redeployed at will, composed of constructs that each do one thing: the
 * event-driven functions, staff sign-in, the HTTP API, the web pages' bucket, the CloudFront
 * distribution, and monitoring.
 * Receives the stateful resources as props.
 */
import { type CfnElement, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct, IConstruct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { Api } from '../constructs/api.ts';
import { Auth } from '../constructs/auth.ts';
import { Cdn } from '../constructs/cdn.ts';
import { Events } from '../constructs/events.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import type { StaffWebConfig } from '../constructs/staff-auth.ts';
import { Web } from '../constructs/web.ts';
import { type FunctionDefaults, projectRoot } from '../constructs/zonedata-function.ts';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  reportBucket: IBucket;
  logBucket: IBucket;
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1 stack). */
  webAclArn: string;
}

export class StatelessStack extends Stack {
  /**
   * The constructs the stack is composed of. Their ids are left out of logical IDs (see
   * allocateLogicalId), so grouping resources into them replaced nothing already deployed.
   */
  private readonly parts = new Set<IConstruct>();
  /** The staff pages' runtime configuration (`/config.json`), deployed with the web assets. */
  readonly webConfig: StaffWebConfig;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, reportBucket } = props;
    const functionDefaults: FunctionDefaults = {
      stage: config.stage,
      logRetention: config.logRetentionDays as RetentionDays,
      environment: {
        RETENTION_DAYS: String(config.dataRetentionDays),
        ...(config.allowedOrigins.length > 0 ? { ALLOWED_ORIGINS: config.allowedOrigins.join(',') } : {}),
      },
    };

    const events = this.part(new Events(this, 'Events', { functionDefaults, table, reportBucket }));
    const auth = this.part(new Auth(this, 'Auth', { config }));
    const api = this.part(
      new Api(this, 'Api', {
        config,
        functionDefaults,
        targets: { table, bucket: reportBucket, reportWorker: events.reportWorker.fn },
        issuerUrl: auth.issuerUrl,
        audience: auth.client.userPoolClientId,
      }),
    );
    // Not a part: its resources keep the `Web` prefix in their logical IDs.
    const web = new Web(this, 'Web', {
      logBucket: props.logBucket,
      distDir: `${projectRoot}/web/dist`,
      signInOrigins: [`https://cognito-idp.${this.region}.${this.urlSuffix}`, auth.loginUrl],
    });
    const cdn = this.part(
      new Cdn(this, 'Cdn', {
        config,
        httpApi: api.httpApi,
        webBehavior: web.behavior,
        webAclArn: props.webAclArn,
        logBucket: props.logBucket,
      }),
    );
    auth.useWebOrigins([
      `https://${cdn.distribution.distributionDomainName}`,
      ...config.domainNames.filter(() => config.certificateArn !== undefined).map((d) => `https://${d}`),
    ]);
    this.webConfig = auth.webConfig();
    web.deploy(cdn.distribution, { ...this.webConfig });
    this.part(
      new Monitoring(this, 'Monitoring', {
        config,
        httpApi: api.httpApi,
        functions: [
          events.reportWorker,
          events.aggregator,
          events.aggregateRepair,
          events.reportSchedule,
          ...api.functions,
        ],
        queues: events.queues,
        aggregator: events.aggregator,
        reportWorker: events.reportWorker,
        reportSchedule: events.reportSchedule,
      }),
    );

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'CdnUrl', { value: `https://${cdn.distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'LoginDomain', { value: auth.loginUrl });
    // The staff pages' /config.json (deployed with the web assets).
    new CfnOutput(this, 'WebConfig', { value: this.toJsonString(this.webConfig) });
  }

  private part<T extends IConstruct>(construct: T): T {
    this.parts.add(construct);
    return construct;
  }

  /** CDK's own logical ID, computed on the construct path without the stack's parts. */
  protected override allocateLogicalId(element: CfnElement): string {
    const scopes = element.node.scopes.filter((s) => !this.parts.has(s));
    return super.allocateLogicalId({ node: { scopes }, stack: this } as unknown as CfnElement);
  }
}
