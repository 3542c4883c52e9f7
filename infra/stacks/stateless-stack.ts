/**
 * Everything that can be redeployed at will: functions, HTTP API + Cognito, stream and schedule wiring,
 * CloudFront in front of the API, alarms and a dashboard. Receives the stateful resources as props.
 */
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { eventFunctions, httpRoutes, PUBLIC_SUBMIT_ROUTE } from '../../functions/routes.ts';
import { careZoneIds } from '../../shared/reference/index.ts';
import type { StageConfig } from '../config.ts';
import { acknowledgeWildcardResource } from '../constructs/nag.ts';
import {
  type StaffWebConfig,
  staffCallbackUrls,
  staffLogoutUrls,
  staffWebConfig,
} from '../constructs/staff-auth.ts';
import { ZonedataFunction } from '../constructs/zonedata-function.ts';

export const API_SCOPE_IDENTIFIER = 'zonedata';
export const API_SCOPE_NAME = 'api';
/** The scope every `jwt` route requires (access tokens from the managed login carry it). */
export const API_SCOPE = `${API_SCOPE_IDENTIFIER}/${API_SCOPE_NAME}`;
export const STAFF_GROUPS = ['staff', 'rar', ...careZoneIds.map((id) => `zone-${id}`)];

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  reportBucket: IBucket;
  logBucket: IBucket;
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1 stack). */
  webAclArn: string;
}

export class StatelessStack extends Stack {
  readonly functions: ZonedataFunction[] = [];
  readonly queues: Queue[] = [];
  /** The staff pages' runtime configuration (`/config.json`), for the web assets' deployment. */
  readonly webConfig: StaffWebConfig;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, reportBucket } = props;
    const logRetention = config.logRetentionDays as RetentionDays;
    const appEnv = { RETENTION_DAYS: String(config.dataRetentionDays) };

    const dlq = (name: string) => {
      const queue = new Queue(this, name, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `${name} is itself a dead-letter / on-failure queue; its depth is alarmed, a DLQ of a DLQ adds nothing.`,
      });
      this.queues.push(queue);
      return queue;
    };

    // --- functions --------------------------------------------------------------------------------
    const make = (
      spec: { id: string; entry: string },
      extra: Partial<ConstructorParameters<typeof ZonedataFunction>[2]> = {},
    ) => {
      const fn = new ZonedataFunction(this, `Fn-${spec.id}`, {
        id: spec.id,
        entry: spec.entry,
        stage: config.stage,
        logRetention,
        environment: appEnv,
        ...extra,
      });
      this.functions.push(fn);
      return fn;
    };
    const targets = { table, bucket: reportBucket };

    const reportFailures = dlq('ReportWorkerFailures');
    const worker = make(eventFunctions.reportWorker, {
      memorySize: 2048,
      timeout: Duration.minutes(5),
      description: 'builds one report run (sized for 100k responses in a zone-quarter)',
    });
    worker.applyPermissions(eventFunctions.reportWorker.permissions, targets);
    worker.fn.configureAsyncInvoke({
      onFailure: new SqsDestination(reportFailures),
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
    });
    const withWorker = { ...targets, reportWorker: worker.fn };

    const aggregatorFailures = dlq('AggregatorFailures');
    const aggregator = make(eventFunctions.aggregator, {
      memorySize: 1024,
      timeout: Duration.seconds(60),
      streamConsumer: true,
    });
    aggregator.applyPermissions(eventFunctions.aggregator.permissions, targets);
    aggregator.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(aggregatorFailures),
      }),
    );

    const scheduleFailures = dlq('ReportScheduleFailures');
    const reportSchedule = make(eventFunctions.reportSchedule);
    reportSchedule.applyPermissions(eventFunctions.reportSchedule.permissions, withWorker);
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the quarterly report function',
    });
    acknowledgeWildcardResource(
      schedulerRole,
      `${reportSchedule.fn.functionArn}:*`,
      'The Scheduler target grant covers the report-schedule function and its versions/aliases (ARN:*); it is still that one function.',
    );
    new Schedule(this, 'QuarterlyReport', {
      description: 'Report for the quarter just closed: 06:00 Brussels time on the first day of each quarter',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: '6',
        day: '1',
        month: '1,4,7,10',
        timeZone: TimeZone.EUROPE_BRUSSELS,
      }),
      target: new LambdaInvoke(reportSchedule.fn, {
        input: ScheduleTargetInput.fromObject({ source: 'zonedata.schedule' }),
        role: schedulerRole,
        deadLetterQueue: scheduleFailures,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });

    // --- Cognito ----------------------------------------------------------------------------------
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Every account here is staff (staff, rar, zone coordinators): respondents never sign in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.stage === 'prod',
      removalPolicy: config.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: userPool.userPoolId, groupName: group });
    }
    const apiScope = new ResourceServerScope({ scopeName: API_SCOPE_NAME, scopeDescription: 'zonedata API' });
    const resourceServer = userPool.addResourceServer('ResourceServer', {
      identifier: API_SCOPE_IDENTIFIER,
      scopes: [apiScope],
    });
    userPool.addDomain('Login', { cognitoDomain: { domainPrefix: config.authDomainPrefix } });
    // The staff pages' origins are known once the distribution exists (below); the client reads them lazily.
    let webOrigins: string[] = [];
    const client = userPool.addClient('Web', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Authorization code only (no implicit grant); a public client (no secret) must use PKCE.
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.custom(API_SCOPE)],
        callbackUrls: Lazy.list({
          produce: () => [...staffCallbackUrls(webOrigins), ...config.callbackUrls],
        }),
        logoutUrls: Lazy.list({ produce: () => staffLogoutUrls(webOrigins) }),
      },
    });

    // The literal scope needs the resource server to exist first.
    client.node.addDependency(resourceServer);

    // --- HTTP API ---------------------------------------------------------------------------------
    const api = new HttpApi(this, 'HttpApi', {
      description: `zonedata API (${config.stage})`,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    const stage = api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    // Stage-level default route throttling is what `throttle` sets; keep detailed metrics for 5xx alarms.
    (stage.node.defaultChild as CfnStage).addPropertyOverride(
      'DefaultRouteSettings.DetailedMetricsEnabled',
      true,
    );

    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`,
      { jwtAudience: [client.userPoolClientId] },
    );
    for (const route of httpRoutes) {
      const isSubmit = route.id === PUBLIC_SUBMIT_ROUTE;
      const fn = make(
        route,
        isSubmit ? { reservedConcurrentExecutions: config.publicSubmitConcurrency } : {},
      );
      fn.applyPermissions(route.permissions, withWorker);
      const routes = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`Int-${route.id}`, fn.fn),
        ...(route.access === 'jwt'
          ? { authorizer, authorizationScopes: [API_SCOPE] }
          : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (route.access === 'public') {
        for (const r of routes) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: route.path.startsWith('/api/surveys')
              ? `${route.method} ${route.path} is public by design (functions/routes.ts): survey respondents answer anonymously, without an account; the WAF per-IP rate rule and the submit function's reserved concurrency bound abuse.`
              : `${route.method} ${route.path} is the unauthenticated health check (functions/routes.ts); it returns only a status and touches no data.`,
          });
        }
      }
    }

    // --- CloudFront -------------------------------------------------------------------------------
    const apiOrigin = new HttpOrigin(`${api.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Everything the API needs (Authorization, query strings, body) except Host, which must be the
      // API's own host name for API Gateway to route the request.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const customDomain = config.domainNames.length > 0 && config.certificateArn !== undefined;
    const distribution = new Distribution(this, 'Cdn', {
      comment: `zonedata ${config.stage}`,
      // The web pages get their own default behavior in a later issue; until then everything is the API.
      defaultBehavior: apiBehavior,
      additionalBehaviors: { '/api/*': apiBehavior },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(customDomain
        ? {
            domainNames: config.domainNames,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: Certificate.fromCertificateArn(this, 'Cert', config.certificateArn as string),
          }
        : {}),
    });
    webOrigins = [
      `https://${distribution.distributionDomainName}`,
      ...(customDomain ? config.domainNames.map((d) => `https://${d}`) : []),
    ];
    const loginDomain = `https://${config.authDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    this.webConfig = staffWebConfig({
      region: this.region,
      urlSuffix: this.urlSuffix,
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      loginDomain,
      scope: ['openid', 'email', API_SCOPE].join(' '),
    });
    if (!customDomain) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain configured for this stage: the default *.cloudfront.net certificate cannot pin TLSv1.2; set domainNames + certificateArn in cdk.json to enforce it.',
      });
    }
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: respondents and staff of Brussels care zones may answer from anywhere in the EU or abroad; per-IP WAF rate limiting covers abuse.',
    });

    // --- alarms -----------------------------------------------------------------------------------
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'zonedata alarm topic encryption',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    alarmKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'Alarms', { masterKey: alarmKey, enforceSSL: true });
    if (config.alarmEmail) topic.addSubscription(new EmailSubscription(config.alarmEmail));
    const notify = new SnsAction(topic);
    const alarm = (id: string, metric: Metric | MathExpression, description: string, threshold = 1) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      return a;
    };
    const fiveMin = { period: Duration.minutes(5), statistic: 'Sum' };
    for (const f of this.functions) {
      alarm(`Errors-${f.routeId}`, f.fn.metricErrors(fiveMin), `${f.routeId}: function errors`);
      alarm(`Throttles-${f.routeId}`, f.fn.metricThrottles(fiveMin), `${f.routeId}: throttled invocations`);
    }
    for (const q of this.queues) {
      alarm(
        `Depth-${q.node.id}`,
        q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `${q.node.id}: failed events waiting (inspect and redrive)`,
      );
    }
    alarm('Api5xx', api.metricServerError(fiveMin), 'HTTP API 5xx responses');
    alarm(
      'ReportRunFailed',
      new MathExpression({
        expression: 'workerErrors + scheduleErrors',
        usingMetrics: {
          workerErrors: worker.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
          scheduleErrors: reportSchedule.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
        },
        period: Duration.hours(1),
      }),
      'A report run failed (worker or quarterly schedule): the previous report stays in place',
    );

    new Dashboard(this, 'Dashboard', {
      dashboardName: `zonedata-${config.stage}`,
      widgets: [
        [
          new GraphWidget({
            title: 'API requests / 4xx / 5xx',
            left: [api.metricCount(fiveMin), api.metricClientError(fiveMin), api.metricServerError(fiveMin)],
          }),
          new GraphWidget({
            title: 'Function errors',
            left: this.functions.map((f) => f.fn.metricErrors({ ...fiveMin, label: f.routeId })),
          }),
        ],
        [
          new GraphWidget({
            title: 'Aggregator duration and stream lag',
            left: [aggregator.fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' })],
          }),
          new GraphWidget({
            title: 'Failure queues (depth)',
            left: this.queues.map((q) =>
              q.metricApproximateNumberOfMessagesVisible({
                period: Duration.minutes(5),
                statistic: 'Maximum',
              }),
            ),
          }),
        ],
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'CdnUrl', { value: `https://${distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'LoginDomain', { value: loginDomain });
    // The staff pages' /config.json (deployed with the web assets).
    new CfnOutput(this, 'WebConfig', { value: this.toJsonString(this.webConfig) });
  }
}
