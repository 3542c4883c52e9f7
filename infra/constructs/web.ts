/**
 * The public web pages in the cloud: a private bucket read by CloudFront through origin access control,
 * the distribution's default behaviour (the API keeps `/api/*`), a CloudFront Function that rewrites
 * page routes to their HTML, security headers with a script policy without 'unsafe-inline', and the
 * deployment of web/dist (no Docker: the build is a plain folder, zipped as an asset) with the staff
 * pages' `/config.json` (the sign-in issuer and client, from the stack).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type IDistribution,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY } from '../../local/static.ts';
import { acknowledgeWildcardResource } from './nag.ts';

export interface WebProps {
  logBucket: IBucket;
  /** The built pages (web/dist); `cdk synth` fails with a clear message when they are not built. */
  distDir: string;
  /** Origins the staff pages' sign-in talks to from the browser (Cognito's issuer and managed login). */
  signInOrigins: string[];
}

/** The local CSP with the sign-in origins added to `connect-src` (discovery, token and logout calls). */
export const cloudContentSecurityPolicy = (signInOrigins: string[]) =>
  CONTENT_SECURITY_POLICY.replace("connect-src 'self'", ["connect-src 'self'", ...signInOrigins].join(' '));

/**
 * Viewer-request rewrite, the same routes as the local server (local/static.ts): `/`, `/s/{id}`,
 * `/staff/…` and `/dashboard` to their page; any other path that is not a built file to the 404 page.
 */
export const REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/') request.uri = '/index.html';
  else if (/^\\/s\\/[^\\/]+\\/?$/.test(uri)) request.uri = '/survey.html';
  else if (/^\\/staff(\\/[^.]*)?$/.test(uri)) request.uri = '/staff.html';
  else if (/^\\/dashboard\\/?$/.test(uri)) request.uri = '/dashboard.html';
  else if (!/^\\/(assets\\/[A-Za-z0-9._-]+|index\\.html|survey\\.html|staff\\.html|dashboard\\.html|404\\.html|config\\.json)$/.test(uri)) request.uri = '/404.html';
  return request;
}`;

export class Web extends Construct {
  readonly bucket: Bucket;
  /** The distribution's default behaviour (everything but `/api/*`). */
  readonly behavior: BehaviorOptions;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: WebProps,
  ) {
    super(scope, id);
    if (!existsSync(path.join(props.distDir, 'index.html')))
      throw new Error(`The web pages are not built in ${props.distDir}: run \`npm run build:web\` first.`);

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      // Only build output lives here: redeployed from the repository at every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'zonedata web pages: CSP without inline scripts, no framing, HSTS',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: cloudContentSecurityPolicy(props.signInOrigins),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    const rewrite = new CloudFrontFunction(this, 'PageRoutes', {
      code: FunctionCode.fromInline(REWRITE_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Page routes to their HTML file',
    });

    this.behavior = {
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy: headers,
      functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
  }

  /**
   * Uploads the build and the staff pages' `/config.json`: hashed assets cached for a year, pages and
   * config revalidated, then the cache invalidated.
   */
  deploy(distribution: IDistribution, staffConfig: Record<string, string>): void {
    const source = [Source.asset(this.props.distDir)];
    const assets = new BucketDeployment(this, 'Assets', {
      sources: source,
      destinationBucket: this.bucket,
      include: ['assets/*'],
      exclude: ['*'],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [...source, Source.jsonData('config.json', staffConfig)],
      destinationBucket: this.bucket,
      exclude: ['assets/*', 'build-report.json', '.vite/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      prune: false,
      distribution,
      distributionPaths: ['/*'],
    });
    // Pages reference the new assets: upload those first.
    pages.node.addDependency(assets);

    // The deployment's singleton handler and its role are created by aws-cdk-lib, not by this code.
    const why = 'aws-cdk-lib BucketDeployment handler';
    for (const handler of Stack.of(this)
      .node.findAll()
      .filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(handler).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: `${why}: the basic execution role only lets it write its own logs.`,
        },
        ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${why}: the S3 action groups CDK grants to copy the build from the asset bucket into the web bucket.`,
        })),
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: `${why}: cloudfront:CreateInvalidation/GetInvalidation take no resource narrower than *.`,
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Stack.of(this).region}/*]`,
          reason: `${why}: reads the zipped build from the CDK bootstrap asset bucket.`,
        },
        {
          id: 'AwsSolutions-L1',
          reason: `${why}: its runtime is chosen and updated by aws-cdk-lib.`,
        },
      );
      acknowledgeWildcardResource(
        handler,
        `${this.bucket.bucketArn}/*`,
        `${why}: writes and prunes every object of the web bucket, which holds only the build.`,
      );
    }
  }
}
