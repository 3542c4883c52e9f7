/**
 * Runtime configuration, read from the environment once (at cold start) and validated with zod so a
 * missing variable fails fast with a clear message rather than at the first request.
 */
import * as z from 'zod';

const optionalUrl = z.url().optional();

export const configSchema = z.object({
  TABLE_NAME: z.string().min(3),
  REPORT_BUCKET: z.string().min(3),
  AWS_REGION: z.string().min(1).default('eu-west-1'),
  /** Set only for the local stack and tests (DynamoDB Local / s3rver). */
  DYNAMODB_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  /** Name of the report worker Lambda, invoked asynchronously by the reports API in the cloud. */
  REPORT_FUNCTION_NAME: z.string().optional(),
  /** Days a survey response or meeting is kept (DynamoDB TTL); the aggregates outlive it. */
  RETENTION_DAYS: z.coerce.number().int().positive().default(3650),
  CODE_VERSION: z.string().default('dev'),
  /**
   * Origins (scheme://host[:port], comma-separated) whose pages may call the API cross-origin. Empty: the
   * API is same-origin only (the web pages are served from the same host).
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url().refine((o) => new URL(o).origin === o, 'an origin, without path or trailing /'))),
  STAGE: z.string().default('local'),
});

export type Config = z.infer<typeof configSchema>;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
};
