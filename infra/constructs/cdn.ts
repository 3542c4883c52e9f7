/**
 * The CloudFront distribution in front of the web pages and the API: the pages by default (see ./web.ts),
 * `/api/*` to the HTTP API without caching, HTTPS only, the web ACL attached, access logs to the log bucket, TLS 1.2 when a custom
 * domain is configured.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

export interface CdnProps {
  config: StageConfig;
  httpApi: HttpApi;
  /** The default behavior: the web pages (./web.ts). */
  webBehavior: BehaviorOptions;
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1 stack). */
  webAclArn: string;
  logBucket: IBucket;
}

export class Cdn extends Construct {
  readonly distribution: Distribution;
  /** How `/api/*` reaches the HTTP API. */
  readonly apiBehavior: BehaviorOptions;

  constructor(
    scope: Construct,
    id: string,
    { config, httpApi, webBehavior, webAclArn, logBucket }: CdnProps,
  ) {
    super(scope, id);
    const { region, urlSuffix } = Stack.of(this);
    const apiOrigin = new HttpOrigin(`${httpApi.apiId}.execute-api.${region}.${urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Security headers on every API answer, whatever the function returned: nosniff, HSTS, no framing,
    // no caching by browsers or proxies.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: `zonedata ${config.stage} API security headers`,
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'cache-control', value: 'no-store', override: true }],
      },
    });
    this.apiBehavior = {
      origin: apiOrigin,
      responseHeadersPolicy: apiHeaders,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Everything the API needs (Authorization, query strings, body) except Host, which must be the
      // API's own host name for API Gateway to route the request.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const customDomain = config.domainNames.length > 0 && config.certificateArn !== undefined;
    this.distribution = new Distribution(this, 'Cdn', {
      comment: `zonedata ${config.stage}`,
      defaultBehavior: webBehavior,
      additionalBehaviors: { '/api/*': this.apiBehavior },
      webAclId: webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      ...(customDomain
        ? {
            domainNames: config.domainNames,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: Certificate.fromCertificateArn(this, 'Cert', config.certificateArn as string),
          }
        : {}),
    });
    if (!customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain configured for this stage: the default *.cloudfront.net certificate cannot pin TLSv1.2; set domainNames + certificateArn in cdk.json to enforce it.',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: respondents and staff of Brussels care zones may answer from anywhere in the EU or abroad; per-IP WAF rate limiting covers abuse.',
    });
  }
}
