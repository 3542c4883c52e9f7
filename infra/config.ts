/**
 * Per-stage settings, read from CDK context (`cdk.json` → `stages`, chosen with `-c stage=prod`).
 * Validated with zod at synth so a typo in cdk.json fails `cdk synth`, not a deploy.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

const retentionDays = z
  .number()
  .int()
  .refine((n) => (Object.values(RetentionDays) as unknown[]).includes(n), {
    message:
      'must be one of the CloudWatch Logs retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)',
  });

export const stageConfigSchema = z.object({
  /** Region of the table, bucket, functions and API (the WAF web ACL always goes to us-east-1). */
  region: z.string().min(1).default('eu-west-1'),
  logRetentionDays: retentionDays,
  /** Days survey responses and meetings are kept (DynamoDB TTL, RETENTION_DAYS in the functions). */
  dataRetentionDays: z.number().int().positive(),
  /** Days old versions of report files are kept in the report bucket. */
  noncurrentVersionDays: z.number().int().positive().default(90),
  alarmEmail: z.email().optional(),
  /** Optional custom domain for the CloudFront distribution; needs an ACM certificate in us-east-1. */
  domainNames: z.array(z.string().min(3)).default([]),
  certificateArn: z.string().startsWith('arn:aws:acm:us-east-1:').optional(),
  /** Cognito managed-login domain prefix (unique per region), used to get tokens with the API scope. */
  authDomainPrefix: z.string().regex(/^[a-z0-9-]{3,63}$/),
  callbackUrls: z.array(z.url()).min(1),
  throttle: z.object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() }),
  /** Reserved concurrency of the public response-submit function (caps what a flood can cost). */
  publicSubmitConcurrency: z.number().int().positive(),
  /** Origins whose pages may call the API cross-origin (default none: same-origin only). */
  allowedOrigins: z.array(z.url()).default([]),
  /** WAF: requests per IP per 5 minutes on /api/surveys* before blocking. */
  wafRateLimitPer5Min: z.number().int().min(10),
});

export type StageConfig = z.infer<typeof stageConfigSchema> & { stage: string };

/** Reads `stage` (default `dev`) and `stages[stage]` from context. */
export const stageConfigFromContext = (tryGetContext: (key: string) => unknown): StageConfig => {
  const stage = String(tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9]{0,15}$/.test(stage)) throw new Error(`invalid stage name "${stage}"`);
  const stages = tryGetContext('stages');
  const raw =
    typeof stages === 'object' && stages !== null ? (stages as Record<string, unknown>)[stage] : undefined;
  if (raw === undefined) throw new Error(`no "stages.${stage}" entry in the CDK context (cdk.json)`);
  const parsed = stageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration for stage "${stage}": ${problems}`);
  }
  if (parsed.data.domainNames.length > 0 && parsed.data.certificateArn === undefined) {
    throw new Error(`stage "${stage}": domainNames need a certificateArn (ACM, us-east-1)`);
  }
  return { ...parsed.data, stage };
};
