/**
 * The Web construct on the synthesized prod app: private bucket behind the existing distribution via
 * origin access control, `/api/*` still to the API, page routes rewritten as the local server does,
 * a CSP without inline scripts, and the build deployed.
 */
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { REWRITE_FUNCTION } from '../../infra/constructs/web.ts';
import { pageFor } from '../../local/static.ts';
import { props, resourcesOf, type Synthesized, single, synthesize } from './synth.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ stage: 'prod' });
});

const distributionConfig = () =>
  props(single(resourcesOf(synth.templates.stateless, 'AWS::CloudFront::Distribution'), 'resource')[1])
    .DistributionConfig;

const webBucket = () => {
  const buckets = resourcesOf(synth.templates.stateless, 'AWS::S3::Bucket');
  return single(
    buckets.filter(([id]) => id.startsWith('WebBucket')),
    'web bucket',
  );
};

describe('Web construct', () => {
  it('keeps the bucket private, encrypted, SSL only and logged like the report bucket', () => {
    const [id, bucket] = webBucket();
    const p = props(bucket);
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(p.LoggingConfiguration.LogFilePrefix).toBe('web-bucket/');
    const policies = resourcesOf(synth.templates.stateless, 'AWS::S3::BucketPolicy').filter(
      ([, r]) => props(r).Bucket?.Ref === id,
    );
    const statements = policies.flatMap(([, r]) => props(r).PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront reads, and only for this distribution.
    const reads = statements.filter((s: { Effect: string; Action: unknown }) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
  });

  it('is the default behaviour of the existing distribution through origin access control; /api/* stays the API', () => {
    const config = distributionConfig();
    expect(resourcesOf(synth.templates.stateless, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    const origin = (id: string) => config.Origins.find((o: { Id: string }) => o.Id === id);
    const web = origin(config.DefaultCacheBehavior.TargetOriginId);
    expect(web.S3OriginConfig).toBeDefined();
    expect(web.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
    });
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(origin(api.TargetOriginId).CustomOriginConfig).toBeDefined();
    expect(config.DefaultRootObject ?? '').toBe('');
  });

  it('rewrites page routes to their HTML exactly as the local server does', () => {
    const functions = resourcesOf(synth.templates.stateless, 'AWS::CloudFront::Function');
    const [, fn] = single(functions, 'CloudFront Function');
    expect(props(fn).FunctionCode).toBe(REWRITE_FUNCTION);
    expect(props(fn).FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const rewrite = (uri: string) =>
      (
        runInNewContext(`${REWRITE_FUNCTION}; handler({ request: { uri: ${JSON.stringify(uri)} } })`) as {
          uri: string;
        }
      ).uri;
    for (const uri of [
      '/',
      '/s/mental-health-2024',
      '/s/mental-health-2024/',
      '/staff',
      '/staff/meetings/new',
      '/dashboard',
      '/dashboard/',
    ])
      expect(rewrite(uri)).toBe(`/${pageFor(uri)}`);
    expect(rewrite('/assets/survey-0ugX62Fx.js')).toBe('/assets/survey-0ugX62Fx.js');
    // The staff pages' sign-in configuration is a deployed file of its own.
    expect(rewrite('/config.json')).toBe('/config.json');
    expect(rewrite('/dashboard.html')).toBe('/dashboard.html');
    for (const uri of [
      '/nope',
      '/s/',
      '/s/a/b',
      '/dashboard/x',
      '/dashboards',
      '/assets/../build-report.json',
      '/build-report.json',
    ])
      expect(rewrite(uri)).toBe('/404.html');
    const association = distributionConfig().DefaultCacheBehavior.FunctionAssociations;
    expect(association).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
  });

  it('sends a content security policy without inline scripts, and no framing, on the pages', () => {
    // The pages' policy is the default behavior's (the API behavior has its own, see stacks.test.ts).
    const id = distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    const policy = resourcesOf(synth.templates.stateless, 'AWS::CloudFront::ResponseHeadersPolicy').find(
      ([key]) => key === id,
    )?.[1];
    expect(policy).toBeDefined();
    const headers = props(policy ?? {}).ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // The sign-in origins name the stack's region, so the policy may be an Fn::Join: read tokens as TOKEN.
    const raw = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    const csp: string =
      typeof raw === 'string'
        ? raw
        : (raw['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // The staff sign-in talks to Cognito (discovery, token, logout) from the browser, and to nothing else.
    const connectSrc = csp.split(';').find((d) => d.trim().startsWith('connect-src'));
    expect(connectSrc).toMatch(
      /^ ?connect-src 'self' https:\/\/cognito-idp\.[^ ]+ https:\/\/[^ ]+\.auth\.[^ ]+\.amazoncognito\.com$/,
    );
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
  });

  it('deploys the build: hashed assets cached for good, pages revalidated and the cache invalidated', () => {
    const deployments = resourcesOf(synth.templates.stateless, 'Custom::CDKBucketDeployment').map(([, r]) =>
      props(r),
    );
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => JSON.stringify(d.Include ?? []).includes('assets'));
    const pages = deployments.find((d) => d !== assets);
    expect(assets.SystemMetadata['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(pages.SystemMetadata['cache-control']).toBe('no-cache');
    expect(pages.DistributionPaths).toEqual(['/*']);
  });
});
