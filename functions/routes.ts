/**
 * Every function, once: the HTTP routes (read by the CDK app to build the HTTP API and by the local
 * server to route requests) and the event-driven functions. `entry` is the file exporting `handler`.
 *
 * `access`: `public` routes have no authorizer; `jwt` routes sit behind the JWT authorizer (Cognito in
 * the cloud, the local verifier locally) and check groups in the handler.
 */
export type Access = 'public' | 'jwt';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a function may touch; the CDK app grants exactly this. */
export type Permission =
  | 'table:read'
  | 'table:write'
  | 'bucket:read'
  | 'bucket:write'
  | 'invoke:report-worker'
  | 'stream:read';

export interface HttpRoute {
  id: string;
  method: HttpMethod;
  /** API Gateway path, with `{name}` parameters. */
  path: string;
  entry: string;
  access: Access;
  permissions: Permission[];
}

export interface EventFunction {
  id: string;
  entry: string;
  permissions: Permission[];
  /** Node.js flags added to the function's NODE_OPTIONS (the benchmark runs its child with them too). */
  nodeOptions?: string;
}

export const httpRoutes: HttpRoute[] = [
  {
    id: 'health',
    method: 'GET',
    path: '/api/health',
    entry: 'functions/health.ts',
    access: 'public',
    permissions: ['table:read'],
  },
  {
    id: 'surveys-list',
    method: 'GET',
    path: '/api/surveys',
    entry: 'functions/surveys-list.ts',
    access: 'public',
    permissions: ['table:read'],
  },
  {
    id: 'survey-get',
    method: 'GET',
    path: '/api/surveys/{surveyId}',
    entry: 'functions/survey-get.ts',
    access: 'public',
    permissions: ['table:read'],
  },
  {
    id: 'survey-publish',
    method: 'POST',
    path: '/api/surveys',
    entry: 'functions/survey-publish.ts',
    access: 'jwt',
    permissions: ['table:read', 'table:write'],
  },
  {
    id: 'response-submit',
    method: 'POST',
    path: '/api/surveys/{surveyId}/responses',
    entry: 'functions/response-submit.ts',
    access: 'public',
    permissions: ['table:read', 'table:write'],
  },
  {
    id: 'meeting-create',
    method: 'POST',
    path: '/api/meetings',
    entry: 'functions/meeting-create.ts',
    access: 'jwt',
    permissions: ['table:read', 'table:write'],
  },
  {
    id: 'meetings-list',
    method: 'GET',
    path: '/api/meetings',
    entry: 'functions/meetings-list.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'meeting-get',
    method: 'GET',
    path: '/api/meetings/{meetingId}',
    entry: 'functions/meeting-get.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'meeting-update',
    method: 'PUT',
    path: '/api/meetings/{meetingId}',
    entry: 'functions/meeting-update.ts',
    access: 'jwt',
    permissions: ['table:read', 'table:write'],
  },
  {
    id: 'meeting-delete',
    method: 'DELETE',
    path: '/api/meetings/{meetingId}',
    entry: 'functions/meeting-delete.ts',
    access: 'jwt',
    permissions: ['table:read', 'table:write'],
  },
  {
    id: 'surveys-overview',
    method: 'GET',
    path: '/api/staff/surveys',
    entry: 'functions/surveys-overview.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'aggregates-get',
    method: 'GET',
    path: '/api/aggregates',
    entry: 'functions/aggregates-get.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'aggregates-periods',
    method: 'GET',
    path: '/api/aggregates/periods',
    entry: 'functions/aggregates-periods.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'aggregates-trend',
    method: 'GET',
    path: '/api/aggregates/trend',
    entry: 'functions/aggregates-trend.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'report-start',
    method: 'POST',
    path: '/api/reports',
    entry: 'functions/report-start.ts',
    access: 'jwt',
    permissions: ['table:read', 'table:write', 'invoke:report-worker'],
  },
  {
    id: 'reports-list',
    method: 'GET',
    path: '/api/reports',
    entry: 'functions/reports-list.ts',
    access: 'jwt',
    permissions: ['table:read'],
  },
  {
    id: 'report-get',
    method: 'GET',
    path: '/api/reports/{period}',
    entry: 'functions/report-get.ts',
    access: 'jwt',
    permissions: ['table:read', 'bucket:read'],
  },
];

export const eventFunctions = {
  /** DynamoDB stream → running aggregates. */
  aggregator: {
    id: 'aggregator',
    entry: 'functions/aggregator.ts',
    permissions: ['table:read', 'table:write'],
  },
  /** The aggregator's on-failure queue → the touched quarters recomputed from source. */
  aggregateRepair: {
    id: 'aggregate-repair',
    entry: 'functions/aggregate-repair.ts',
    permissions: ['table:read', 'table:write', 'stream:read'],
  },
  /** Builds one report run (invoked asynchronously with `{ period, runId }`). */
  reportWorker: {
    id: 'report-worker',
    entry: 'functions/report-worker.ts',
    permissions: ['table:read', 'table:write', 'bucket:read', 'bucket:write'],
    // Writing 100k rows makes V8 grow its young generation to 2 × 64 MB of short-lived garbage; capped at
    // 2 × 16 MB a 100k-response run peaks about 80 MB lower, no slower (README, bench/report.bench.ts).
    nodeOptions: '--max-semi-space-size=8',
  },
  /** EventBridge Scheduler target: starts the run for the quarter just closed. */
  reportSchedule: {
    id: 'report-schedule',
    entry: 'functions/report-schedule.ts',
    permissions: ['table:read', 'table:write', 'invoke:report-worker'],
  },
} satisfies Record<string, EventFunction>;

/** The public route that takes survey submissions (reserved concurrency and WAF rate rule in the cloud). */
export const PUBLIC_SUBMIT_ROUTE = 'response-submit';
