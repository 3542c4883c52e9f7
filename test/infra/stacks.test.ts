/**
 * Template assertions on the synthesized app (bundling skipped): every security and wiring property
 * of issue 4 checked on the CloudFormation that would be deployed.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventFunctions, httpRoutes, PUBLIC_SUBMIT_ROUTE } from '../../functions/routes.ts';
import { API_SCOPE, STAFF_GROUPS } from '../../infra/constructs/auth.ts';
import { STAFF_CALLBACK_PATH, STAFF_SIGNED_OUT_PATH } from '../../infra/constructs/staff-auth.ts';
import { careZoneIds } from '../../shared/reference/index.ts';
import { TTL_ATTRIBUTE } from '../../shared/store/keys.ts';
import { tableDefinition } from '../../shared/store/table.ts';
import { props, resourcesOf, type Synthesized, single, synthesize } from './synth.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ stage: 'prod' });
});

/** Our functions (the CDK's own custom-resource providers excluded): they carry a zonedata description. */
const ourFunctions = () =>
  resourcesOf(synth.templates.stateless, 'AWS::Lambda::Function').filter(([, r]) =>
    String(props(r).Description ?? '').startsWith('zonedata '),
  );
const functionIdOf = (logicalId: string) => {
  const all = [...httpRoutes.map((r) => r.id), ...Object.values(eventFunctions).map((f) => f.id)];
  const fn = resourcesOf(synth.templates.stateless, 'AWS::Lambda::Function').find(([id]) => id === logicalId);
  const description = String(props(fn?.[1] ?? {}).Description ?? '');
  return all.find((id) => description.startsWith(`zonedata ${id}:`));
};

describe('stateful stack: table', () => {
  it('has exactly the keys and GSI of shared/store/table.ts', () => {
    // Arrange
    const expected = tableDefinition('x');
    const [, table] = single(resourcesOf(synth.templates.stateful, 'AWS::DynamoDB::Table'), 'resource');
    const p = props(table);
    // Assert
    expect(p.KeySchema).toEqual(expected.KeySchema);
    expect(
      [...p.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
    ).toEqual(
      [...(expected.AttributeDefinitions ?? [])].sort((a, b) =>
        String(a.AttributeName).localeCompare(String(b.AttributeName)),
      ),
    );
    expect(p.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(p.BillingMode).toBe(expected.BillingMode);
    expect(p.StreamSpecification).toEqual({ StreamViewType: expected.StreamSpecification?.StreamViewType });
  });

  it('has PITR, deletion protection, TTL, encryption, and is retained', () => {
    synth.templates.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });
});

describe('stateful stack: buckets', () => {
  const buckets = () => resourcesOf(synth.templates.stateful, 'AWS::S3::Bucket');

  it('blocks all public access, encrypts and versions every bucket, and retains them', () => {
    expect(buckets()).toHaveLength(2);
    for (const [, bucket] of buckets()) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      const p = props(bucket);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
      ).toMatch(/^(AES256|aws:kms)$/);
      expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(
        p.LifecycleConfiguration.Rules.some(
          (r: { NoncurrentVersionExpiration?: unknown }) => r.NoncurrentVersionExpiration,
        ),
      ).toBe(true);
    }
  });

  it('denies non-SSL requests on every bucket', () => {
    const policies = resourcesOf(synth.templates.stateful, 'AWS::S3::BucketPolicy');
    const bucketIds = buckets()
      .map(([id]) => id)
      .sort();
    const denied = policies
      .filter(([, p]) =>
        props(p).PolicyDocument.Statement.some(
          (s: Record<string, unknown>) =>
            s.Effect === 'Deny' &&
            JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .map(([, p]) => props(p).Bucket.Ref)
      .sort();
    expect(denied).toEqual(bucketIds);
  });

  it('sends the report bucket’s access logs to the log bucket', () => {
    const [reportId, report] = single(
      buckets().filter(([id]) => id.startsWith('Reports')),
      'resource',
    );
    const [logId] = single(
      buckets().filter(([id]) => id.startsWith('AccessLogs')),
      'resource',
    );
    expect(reportId).toBeDefined();
    expect(props(report).LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logId });
  });
});

describe('stateless stack: functions', () => {
  it('declares one function per route and event function', () => {
    expect(ourFunctions()).toHaveLength(httpRoutes.length + Object.keys(eventFunctions).length);
  });

  it('runs every function on nodejs24.x arm64 without X-Ray tracing, with source maps and Powertools settings', () => {
    for (const [, fn] of ourFunctions()) {
      const p = props(fn);
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toBeUndefined();
      expect(p.Environment.Variables).toMatchObject({
        NODE_OPTIONS: expect.stringMatching(/^--enable-source-maps( |$)/),
        POWERTOOLS_SERVICE_NAME: 'zonedata',
        STAGE: 'prod',
        RETENTION_DAYS: '3650',
      });
      expect(p.Environment.Variables.TABLE_NAME).toBeDefined();
      expect(p.Environment.Variables.REPORT_BUCKET).toBeDefined();
    }
    const actions = resourcesOf(synth.templates.stateless, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (props(policy).PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => st.Action),
    );
    expect(actions.filter((a) => a.startsWith('xray:'))).toEqual([]);
  });

  it('gives every function its own log group with the stage’s retention', () => {
    const logGroups = Object.fromEntries(resourcesOf(synth.templates.stateless, 'AWS::Logs::LogGroup'));
    for (const [, fn] of ourFunctions()) {
      const ref = props(fn).LoggingConfig?.LogGroup?.Ref;
      expect(ref, JSON.stringify(props(fn).LoggingConfig)).toBeDefined();
      expect(props(logGroups[ref] ?? {}).RetentionInDays).toBe(synth.config.logRetentionDays);
    }
  });

  it('reserves concurrency on the public submit function only', () => {
    const reserved = ourFunctions()
      .filter(([, fn]) => props(fn).ReservedConcurrentExecutions !== undefined)
      .map(([id, fn]) => [functionIdOf(id), props(fn).ReservedConcurrentExecutions]);
    expect(reserved).toEqual([[PUBLIC_SUBMIT_ROUTE, synth.config.publicSubmitConcurrency]]);
  });

  it('sizes the report worker for a 100k-response report and sends async failures to SQS', () => {
    const [workerId, worker] = single(
      ourFunctions().filter(([id]) => functionIdOf(id) === 'report-worker'),
      'resource',
    );
    expect(props(worker).MemorySize).toBeGreaterThanOrEqual(1024);
    expect(props(worker).Timeout).toBe(300);
    // The young generation capped as in the benchmark's report child (its peak RSS is measured so).
    expect(props(worker).Environment.Variables.NODE_OPTIONS).toBe(
      `--enable-source-maps ${eventFunctions.reportWorker.nodeOptions}`,
    );
    synth.templates.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: workerId },
      MaximumRetryAttempts: Match.anyValue(),
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportWorkerFailures'), 'Arn'] },
        },
      },
    });
  });
});

describe('IAM', () => {
  const statements = () =>
    [
      ...(synth.templates.stateless.toJSON().Resources
        ? Object.values(synth.templates.stateless.toJSON().Resources)
        : []),
    ]
      .concat(
        Object.values(synth.templates.stateful.toJSON().Resources),
        Object.values(synth.templates.waf.toJSON().Resources),
      )
      .filter(
        (r) =>
          (r as { Type: string }).Type === 'AWS::IAM::Policy' ||
          (r as { Type: string }).Type === 'AWS::IAM::Role',
      )
      .flatMap((r) => {
        const p = props(r as Record<string, unknown>);
        const docs = [
          p.PolicyDocument,
          ...(p.Policies ?? []).map((x: { PolicyDocument: unknown }) => x.PolicyDocument),
        ];
        return docs.filter(Boolean).flatMap((d: { Statement: unknown[] }) => d.Statement);
      }) as { Action: string | string[] }[];

  it('has no statement with a wildcard action (`*` or `service:*`)', () => {
    const all = statements();
    expect(all.length).toBeGreaterThan(20);
    const wildcard = all.filter((s) =>
      [s.Action].flat().some((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a)),
    );
    expect(wildcard).toEqual([]);
  });

  it('grants table access on the table and GSI1 only, without Scan', () => {
    const tableStatements = statements().filter((s) =>
      [s.Action]
        .flat()
        .some(
          (a) =>
            a.startsWith('dynamodb:') &&
            a !== 'dynamodb:ListStreams' &&
            !a.includes('Stream') &&
            !a.includes('ShardIterator') &&
            a !== 'dynamodb:GetRecords',
        ),
    );
    expect(tableStatements.length).toBeGreaterThan(0);
    for (const s of tableStatements) {
      expect([s.Action].flat()).not.toContain('dynamodb:Scan');
      expect(JSON.stringify((s as unknown as { Resource: unknown }).Resource)).not.toContain('index/*');
    }
  });
});

describe('HTTP API and Cognito', () => {
  const routes = () => resourcesOf(synth.templates.stateless, 'AWS::ApiGatewayV2::Route');

  it('keeps the logical IDs the stack had before it was split into constructs (no replacement)', () => {
    // A new logical ID replaces the resource: for the user pool, every staff account would be lost.
    const idsOf = (type: string) => Object.keys(synth.templates.stateless.findResources(type));
    expect(idsOf('AWS::Cognito::UserPool')).toEqual(['Users0A0EEA89']);
    expect(idsOf('AWS::Cognito::UserPoolClient')).toEqual(['UsersWebA39D1A70']);
    expect(idsOf('AWS::Cognito::UserPoolDomain')).toEqual(['UsersLogin5F5F2B8C']);
    expect(idsOf('AWS::ApiGatewayV2::Api')).toEqual(['HttpApiF5A9A8A7']);
    expect(idsOf('AWS::CloudFront::Distribution')).toEqual(['Cdn9963B1AD']);
  });

  it('has one route per httpRoutes entry', () => {
    const keys = routes()
      .map(([, r]) => props(r).RouteKey)
      .sort();
    expect(keys).toEqual(httpRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('puts the JWT authorizer with the API scope on every jwt route and none on public ones', () => {
    const [authorizerId] = single(
      resourcesOf(synth.templates.stateless, 'AWS::ApiGatewayV2::Authorizer'),
      'resource',
    );
    for (const route of httpRoutes) {
      const [, r] = routes().find(([, x]) => props(x).RouteKey === `${route.method} ${route.path}`) ?? [];
      const p = props(r ?? {});
      if (route.access === 'jwt') {
        expect(p.AuthorizationType, route.id).toBe('JWT');
        expect(p.AuthorizerId, route.id).toEqual({ Ref: authorizerId });
        expect(p.AuthorizationScopes, route.id).toEqual([API_SCOPE]);
      } else {
        expect(p.AuthorizationType, route.id).toBe('NONE');
        expect(p.AuthorizerId, route.id).toBeUndefined();
      }
    }
  });

  it('throttles and access-logs the stage', () => {
    synth.templates.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: synth.config.throttle.rateLimit,
        ThrottlingBurstLimit: synth.config.throttle.burstLimit,
      }),
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('has a staff-only user pool: no self sign-up, MFA, strong passwords, threat protection', () => {
    synth.templates.stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has the groups staff, rar and zone-<id> for every care zone', () => {
    const groups = resourcesOf(synth.templates.stateless, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => props(g).GroupName,
    );
    expect(groups.sort()).toEqual([...STAFF_GROUPS].sort());
    expect(groups).toEqual(expect.arrayContaining(['staff', 'rar', ...careZoneIds.map((z) => `zone-${z}`)]));
  });

  it('has a resource server with the API scope and a client allowed to request it', () => {
    const [identifier, scope] = API_SCOPE.split('/');
    synth.templates.stateless.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: identifier,
      Scopes: [Match.objectLike({ ScopeName: scope })],
    });
    synth.templates.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthScopes: Match.arrayWith([API_SCOPE]),
      GenerateSecret: false,
    });
  });
});

describe('staff sign-in (Cognito app client)', () => {
  const distributionId = () =>
    single(resourcesOf(synth.templates.stateless, 'AWS::CloudFront::Distribution'), 'resource')[0];
  const onDistribution = (path: string) => ({
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, path]],
  });

  it('is a public client for the authorization code flow only (PKCE), Cognito users', () => {
    synth.templates.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid', API_SCOPE]),
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('calls back and signs out on the distribution domain, at the staff pages', () => {
    const [, client] = single(
      resourcesOf(synth.templates.stateless, 'AWS::Cognito::UserPoolClient'),
      'resource',
    );
    const p = props(client);
    expect(p.CallbackURLs).toEqual(expect.arrayContaining([onDistribution(STAFF_CALLBACK_PATH)]));
    expect(p.LogoutURLs).toEqual([onDistribution(STAFF_SIGNED_OUT_PATH)]);
  });

  it('outputs the web config: Cognito issuer, client id, scope, logout endpoint', () => {
    const output = synth.templates.stateless.findOutputs('WebConfig');
    const text = JSON.stringify(output);
    for (const part of ['cognito-idp.', 'issuer', 'clientId', 'logoutUrl', '/logout', API_SCOPE])
      expect(text).toContain(part);
  });
});

describe('CloudFront and WAF', () => {
  it('routes /api/* to the API without caching, all methods, HTTPS only, Host not forwarded, WAF attached', () => {
    const [, dist] = single(
      resourcesOf(synth.templates.stateless, 'AWS::CloudFront::Distribution'),
      'resource',
    );
    const config = props(dist).DistributionConfig;
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
    const apiOrigin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(apiOrigin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(config.WebACLId).toBeDefined();
    expect(config.Logging).toBeDefined();
  });

  it('puts nosniff, HSTS, no-store and no framing on every API answer; same-origin only by default', () => {
    const [, cdn] = single(
      resourcesOf(synth.templates.stateless, 'AWS::CloudFront::Distribution'),
      'resource',
    );
    const config = props(cdn).DistributionConfig;
    const apiBehaviors = (config.CacheBehaviors ?? []).filter(
      (b: { PathPattern: string }) => b.PathPattern === '/api/*',
    );
    expect(apiBehaviors).toHaveLength(1);
    const policyId: string = apiBehaviors[0].ResponseHeadersPolicyId.Ref;
    const policy = resourcesOf(synth.templates.stateless, 'AWS::CloudFront::ResponseHeadersPolicy').find(
      ([id]) => id === policyId,
    )?.[1];
    expect(policy).toBeDefined();
    const p = props(policy ?? {}).ResponseHeadersPolicyConfig;
    expect(p.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
    expect(p.CustomHeadersConfig.Items).toContainEqual({
      Header: 'cache-control',
      Value: 'no-store',
      Override: true,
    });
    // No cross-origin policy unless origins are configured for the stage.
    expect(p.CorsConfig).toBeUndefined();
    const [, api] = single(resourcesOf(synth.templates.stateless, 'AWS::ApiGatewayV2::Api'), 'resource');
    expect(props(api).CorsConfiguration).toBeUndefined();
  });

  it('keeps the web ACL in us-east-1 with a per-IP rate rule scoped to /api/surveys', () => {
    expect(synth.waf.region).toBe('us-east-1');
    synth.templates.waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'IP',
              Limit: synth.config.wafRateLimitPer5Min,
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  PositionalConstraint: 'STARTS_WITH',
                  SearchString: '/api/surveys',
                  FieldToMatch: { UriPath: {} },
                }),
              },
            }),
          },
        }),
      ],
    });
  });
});

describe('events', () => {
  it('feeds the stream to the aggregator with partial failures, bisect, bounded retries and an SQS destination', () => {
    const [, mapping] = single(
      resourcesOf(synth.templates.stateless, 'AWS::Lambda::EventSourceMapping').filter(
        ([, r]) => props(r).StartingPosition !== undefined,
      ),
      'resource',
    );
    const p = props(mapping);
    expect(functionIdOf(p.FunctionName.Ref)).toBe(eventFunctions.aggregator.id);
    expect(p).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86400,
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(p.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).toMatch(/^AggregatorFailures/);
    expect(JSON.stringify(p.EventSourceArn)).toContain('StreamArn');
  });

  it('repairs from source what the aggregator gave up on: the on-failure queue triggers the repair function', () => {
    const [, mapping] = single(
      resourcesOf(synth.templates.stateless, 'AWS::Lambda::EventSourceMapping').filter(
        ([, r]) => props(r).StartingPosition === undefined,
      ),
      'resource',
    );
    const p = props(mapping);
    expect(functionIdOf(p.FunctionName.Ref)).toBe(eventFunctions.aggregateRepair.id);
    expect(p.EventSourceArn['Fn::GetAtt'][0]).toMatch(/^AggregatorFailures/);
    expect(p).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // The queue outlives a repair run, and a message that cannot be repaired ends in its own alarmed queue.
    const [, queue] = single(
      resourcesOf(synth.templates.stateless, 'AWS::SQS::Queue').filter(([id]) =>
        id.startsWith('AggregatorFailures'),
      ),
      'resource',
    );
    expect(props(queue).VisibilityTimeout).toBe(360);
    expect(props(queue).RedrivePolicy).toMatchObject({ maxReceiveCount: 10 });
    expect(props(queue).RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]).toMatch(
      /^AggregateRepairFailures/,
    );
    // It reads the batch back from the stream: stream read actions, on the stream ARN only.
    const [, policy] = single(
      resourcesOf(synth.templates.stateless, 'AWS::IAM::Policy').filter(([id]) =>
        id.startsWith('FnaggregaterepairFnServiceRoleDefaultPolicy'),
      ),
      'resource',
    );
    const streamRead = props(policy).PolicyDocument.Statement.find((st: { Action: string[] }) =>
      st.Action.includes('dynamodb:GetShardIterator'),
    );
    expect(streamRead.Action).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ]);
    expect(JSON.stringify(streamRead.Resource)).toContain('StreamArn');
  });

  it('schedules the quarterly report at 06:00 Brussels on the first day of each quarter, with a DLQ', () => {
    const [, schedule] = single(
      resourcesOf(synth.templates.stateless, 'AWS::Scheduler::Schedule'),
      'resource',
    );
    const p = props(schedule);
    expect(p.ScheduleExpression).toBe('cron(0 6 1 1,4,7,10 ? *)');
    expect(p.ScheduleExpressionTimezone).toBe('Europe/Brussels');
    expect(functionIdOf(p.Target.Arn['Fn::GetAtt'][0])).toBe(eventFunctions.reportSchedule.id);
    expect(p.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^ReportScheduleFailures/);
    expect(p.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('encrypts every queue and denies non-SSL access to it', () => {
    const queues = resourcesOf(synth.templates.stateless, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(4);
    for (const [, q] of queues) expect(props(q).SqsManagedSseEnabled).toBe(true);
    expect(resourcesOf(synth.templates.stateless, 'AWS::SQS::QueuePolicy')).toHaveLength(4);
  });
});

describe('operations', () => {
  const alarms = () =>
    resourcesOf(synth.templates.stateless, 'AWS::CloudWatch::Alarm').map(([, a]) => props(a));

  it('alarms on errors and throttles of every function, each queue’s depth, API 5xx and report failures', () => {
    const fnRefs = ourFunctions().map(([id]) => id);
    for (const metric of ['Errors', 'Throttles']) {
      const covered = alarms()
        .filter((a) => a.MetricName === metric)
        .map((a) => a.Dimensions[0].Value.Ref);
      expect(covered.sort(), metric).toEqual([...fnRefs].sort());
    }
    const depth = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depth).toHaveLength(4);
    for (const a of depth)
      expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(alarms().some((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toBe(true);
    expect(alarms().some((a) => String(a.AlarmDescription).startsWith('A report run failed'))).toBe(true);
  });

  it('sends every alarm to one KMS-encrypted SNS topic (with the stage’s e-mail)', () => {
    const [topicId, topic] = single(resourcesOf(synth.templates.stateless, 'AWS::SNS::Topic'), 'resource');
    expect(props(topic).KmsMasterKeyId['Fn::GetAtt'][0]).toMatch(/^AlarmTopicKey/);
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
    synth.templates.stateless.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    synth.templates.stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: synth.config.alarmEmail,
    });
  });

  it('has a dashboard', () => {
    synth.templates.stateless.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
