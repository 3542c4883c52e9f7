/**
 * The CloudFront web ACL. WAF for CloudFront (scope CLOUDFRONT) only exists in us-east-1, so this small
 * stack lives there; the stateless stack (eu-west-1) reads its ARN through CDK's cross-region references
 * (an SSM parameter written in eu-west-1 by a custom resource), see docs/deploy.md.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

/** The public survey routes (GET list/one, POST responses) share this prefix. */
export const PUBLIC_SURVEY_PATH_PREFIX = '/api/surveys';

export interface WafStackProps extends StackProps {
  config: StageConfig;
}

export class WafStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, props);
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `zonedata-${props.config.stage}-${name}`,
    });
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('webacl'),
      rules: [
        {
          name: 'public-survey-rate-per-ip',
          priority: 0,
          action: { block: {} },
          visibilityConfig: metric('survey-rate'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.config.wafRateLimitPer5Min,
              evaluationWindowSec: 300,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: PUBLIC_SURVEY_PATH_PREFIX,
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            },
          },
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
