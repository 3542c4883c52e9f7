/**
 * The one way to declare a function: NodejsFunction bundled locally with esbuild (no Docker), nodejs24.x
 * on arm64, minified ESM with source maps, its own log group with the stage's retention, Powertools
 * settings, and environment variables checked against shared/config.ts at synth.
 * Permissions come only through the `bind*` helpers, each granting exact actions on exact resources
 * and setting the matching environment variable.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, type IFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/routes.ts';
import { configSchema } from '../../shared/config.ts';
import { GSI1 } from '../../shared/store/keys.ts';
import { acknowledgeWildcardResource } from './nag.ts';

/** Project root: entries in functions/routes.ts are relative to it. */
export const projectRoot = path.resolve(import.meta.dirname, '../..');

/** The esbuild options every function is bundled with (the bundle-size test uses the same). */
export const bundlingOptions = {
  minify: true,
  sourceMap: true,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  // nodejs24.x ships AWS SDK v3: leave it out of the bundle (smaller, faster cold starts). The runtime's
  // copy may lag ours by a few minor versions; we only use long-stable commands.
  externalModules: ['@aws-sdk/*'],
  // ESM output still meets CommonJS dependencies that call require(): give them one.
  banner:
    "import { createRequire as __zdCreateRequire } from 'node:module'; const require = __zdCreateRequire(import.meta.url);",
};

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
/** Report files live under this prefix; functions get nothing outside it. */
const REPORT_PREFIX = 'reports/';

/** Variables the construct itself sets that are not application configuration. */
const RUNTIME_ONLY_ENV = new Set([
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'LOG_LEVEL',
]);

export interface ZonedataFunctionProps {
  /** Id from functions/routes.ts. */
  id: string;
  /** Entry file relative to the project root (from functions/routes.ts). */
  entry: string;
  stage: string;
  logRetention: RetentionDays;
  /** Application configuration (keys of shared/config.ts's configSchema only). */
  environment?: Record<string, string>;
  memorySize?: number;
  /** Node.js flags added to NODE_OPTIONS (after --enable-source-maps). */
  nodeOptions?: string;
  timeout?: Duration;
  reservedConcurrentExecutions?: number;
  description?: string;
  /** Reads a DynamoDB stream (its event source mapping or stream grant gives dynamodb:ListStreams on "*"). */
  streamConsumer?: boolean;
}

/** What every function of a stage shares. */
export type FunctionDefaults = Pick<ZonedataFunctionProps, 'stage' | 'logRetention' | 'environment'>;

export interface BindTargets {
  table: ITable;
  bucket: IBucket;
  reportWorker?: IFunction;
}

export class ZonedataFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly routeId: string;

  constructor(scope: Construct, id: string, props: ZonedataFunctionProps) {
    super(scope, id);
    this.routeId = props.id;
    const environment = { ...(props.environment ?? {}) };
    for (const [key, value] of Object.entries(environment)) validateEnv(this, key, value);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    const entry = path.join(projectRoot, props.entry);
    const common = {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      description: `zonedata ${props.id}: ${props.description ?? props.entry}`,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...environment,
        STAGE: props.stage,
        NODE_OPTIONS: ['--enable-source-maps', props.nodeOptions].filter(Boolean).join(' '),
        POWERTOOLS_SERVICE_NAME: 'zonedata',
        POWERTOOLS_METRICS_NAMESPACE: 'zonedata',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    };
    if (!Stack.of(this).bundlingRequired && !existsSync(entry)) {
      // Template-only synth (bundling skipped, e.g. infra tests) while a handler is still being written:
      // the asset is never built, so describe the function without reading the entry file.
      Annotations.of(this).addWarningV2('zonedata:entryMissing', `entry ${props.entry} does not exist yet`);
      this.fn = new NodejsFunction(this, 'Fn', {
        ...common,
        code: Code.fromInline('// bundling skipped'),
        handler: 'index.handler',
      });
    } else {
      this.fn = new NodejsFunction(this, 'Fn', {
        ...common,
        entry,
        projectRoot,
        depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
        bundling: { ...bundlingOptions, forceDockerBundling: false },
      });
    }
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs24.x (Node 24 LTS) is the runtime the code is written and tested for, the same major as locally and in tests; a newer runtime is a tested change, not an automatic one.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing CloudWatch Logs; the function logs to its own log group.',
      },
    );
    if (props.streamConsumer)
      Validations.of(this).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams has no resource-level permissions, so the stream event source mapping (or stream read grant) gives it on Resource "*"; every other stream action is scoped to the table stream.',
      });
  }

  /** Grants exactly what functions/routes.ts lists for this function. */
  applyPermissions(permissions: readonly Permission[], targets: BindTargets): void {
    const has = (p: Permission) => permissions.includes(p);
    if (has('table:read') || has('table:write')) {
      this.bindTable(targets.table, { read: has('table:read'), write: has('table:write') });
    }
    if (has('bucket:read') || has('bucket:write')) {
      this.bindBucket(targets.bucket, { read: has('bucket:read'), write: has('bucket:write') });
    }
    if (has('stream:read')) targets.table.grantStreamRead(this.fn);
    if (has('invoke:report-worker')) {
      if (!targets.reportWorker) throw new Error(`${this.routeId}: needs the report worker, none given`);
      this.bindReportWorker(targets.reportWorker);
    }
    // Every function loads the full config at cold start, so name the resources even when not granted.
    this.setEnv('TABLE_NAME', targets.table.tableName);
    this.setEnv('REPORT_BUCKET', targets.bucket.bucketName);
  }

  /** Table and GSI1 ARNs only (no `index/*`), exact actions. */
  bindTable(table: ITable, access: { read: boolean; write: boolean }): void {
    const actions = [
      ...(access.read ? TABLE_READ_ACTIONS : []),
      ...(access.write ? TABLE_WRITE_ACTIONS : []),
    ].filter((a, i, all) => all.indexOf(a) === i);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions,
        resources: [table.tableArn, `${table.tableArn}/index/${GSI1}`],
      }),
    );
    this.setEnv('TABLE_NAME', table.tableName);
  }

  /** Objects under `reports/` only. */
  bindBucket(bucket: IBucket, access: { read: boolean; write: boolean }): void {
    const actions = [...(access.read ? ['s3:GetObject'] : []), ...(access.write ? ['s3:PutObject'] : [])];
    this.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions,
        resources: [bucket.arnForObjects(`${REPORT_PREFIX}*`)],
      }),
    );
    acknowledgeWildcardResource(
      this,
      bucket.arnForObjects(`${REPORT_PREFIX}*`),
      'Report files are written and read under reports/{period}/{runId}/ with run ids chosen at run time; access is limited to the reports/ prefix of the one report bucket.',
    );
    this.setEnv('REPORT_BUCKET', bucket.bucketName);
  }

  /** Invoke the unqualified worker function (asynchronous invocation from the reports API). */
  bindReportWorker(worker: IFunction): void {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [worker.functionArn],
      }),
    );
    this.setEnv('REPORT_FUNCTION_NAME', worker.functionName);
  }

  private setEnv(key: string, value: string): void {
    validateEnv(this, key, value);
    this.fn.addEnvironment(key, value);
  }
}

/** Only keys the runtime config knows; literal values must pass its schema already at synth. */
const validateEnv = (scope: Construct, key: string, value: string): void => {
  const shape = configSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const field = shape[key];
  if (field === undefined) {
    if (RUNTIME_ONLY_ENV.has(key)) return;
    throw new Error(
      `${scope.node.path}: environment variable ${key} is not in shared/config.ts's configSchema`,
    );
  }
  if (!Token.isUnresolved(value) && !field.safeParse(value).success) {
    throw new Error(
      `${scope.node.path}: environment variable ${key}=${JSON.stringify(value)} fails configSchema`,
    );
  }
};
