/**
 * The HTTP API: one function and one route per entry of functions/routes.ts, `jwt` routes behind the
 * Cognito JWT authorizer with the API scope, a throttled and access-logged `$default` stage.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type HttpRoute, httpRoutes, PUBLIC_SUBMIT_ROUTE } from '../../functions/routes.ts';
import type { StageConfig } from '../config.ts';
import { API_SCOPE } from './auth.ts';
import { type BindTargets, type FunctionDefaults, ZonedataFunction } from './zonedata-function.ts';

export interface ApiProps {
  config: StageConfig;
  functionDefaults: FunctionDefaults;
  /** What route functions may be granted (functions/routes.ts `permissions`). */
  targets: Required<BindTargets>;
  /** The JWT issuer (the user pool) and the audience (its web client). */
  issuerUrl: string;
  audience: string;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: ZonedataFunction[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `zonedata API (${config.stage})`,
      createDefaultStage: false,
      // Same-origin by default: preflights are answered (and cross-origin calls allowed) only for the
      // configured origins, with the same policy as functions/lib/cors.ts.
      ...(config.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: config.allowedOrigins,
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type'],
              exposeHeaders: ['retry-after'],
              maxAge: Duration.minutes(10),
            },
          }
        : {}),
    });
    this.addStage(config, props.functionDefaults.logRetention);
    const authorizer = new HttpJwtAuthorizer('Cognito', props.issuerUrl, { jwtAudience: [props.audience] });
    for (const route of httpRoutes) {
      const fn = new ZonedataFunction(this, `Fn-${route.id}`, {
        ...props.functionDefaults,
        id: route.id,
        entry: route.entry,
        ...(route.id === PUBLIC_SUBMIT_ROUTE
          ? { reservedConcurrentExecutions: config.publicSubmitConcurrency }
          : {}),
      });
      fn.applyPermissions(route.permissions, props.targets);
      this.functions.push(fn);
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`Int-${route.id}`, fn.fn),
        ...(route.access === 'jwt'
          ? { authorizer, authorizationScopes: [API_SCOPE] }
          : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (route.access === 'public')
        for (const r of routes)
          Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason: publicReason(route) });
    }
  }

  private addStage(config: StageConfig, retention: RetentionDays): void {
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention });
    const stage = this.httpApi.addStage('Stage', {
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
  }
}

const publicReason = (route: HttpRoute): string =>
  route.path.startsWith('/api/surveys')
    ? `${route.method} ${route.path} is public by design (functions/routes.ts): survey respondents answer anonymously, without an account; the WAF per-IP rate rule and the submit function's reserved concurrency bound abuse.`
    : `${route.method} ${route.path} is the unauthenticated health check (functions/routes.ts); it returns only a status and reads one key that never exists (the storage check).`;
