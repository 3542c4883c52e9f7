/**
 * Which SDK errors mean "the storage is down or throttling, try again shortly" (→ 503 with Retry-After),
 * as opposed to a bug (→ 500). Read by the one error → HTTP place (functions/lib/http.ts).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from './clients.ts';

const UNAVAILABLE_NAMES = new Set([
  // DynamoDB
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'ResourceNotFoundException',
  // S3
  'SlowDown',
  'InternalError',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  // SDK / network
  'TimeoutError',
  'AbortError',
  'NetworkingError',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Transaction cancellations that are not about the data: throttling or a concurrent transaction. */
const RETRYABLE_CANCELLATIONS = new Set([
  'ThrottlingError',
  'TransactionConflict',
  'ProvisionedThroughputExceeded',
]);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

export const isStorageUnavailable = (error: unknown, depth = 0): boolean => {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as SdkLikeError;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TransactionCanceledException')
    return (e.CancellationReasons ?? []).some(
      (r) => r.Code !== undefined && RETRYABLE_CANCELLATIONS.has(r.Code),
    );
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return isStorageUnavailable(e.cause, depth + 1);
};

/**
 * The cancellation reason codes of a failed transaction, one per item (`ConditionalCheckFailed`, `None`,
 * `TransactionConflict`, …), or undefined when the error is not a cancelled transaction.
 */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined =>
  error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((r) => r.Code)
    : undefined;

/** One consistent read of a key that never exists: proves the table answers. */
export const storageReachable = async (timeoutMs = 3_000): Promise<boolean> => {
  const { doc, config } = clients();
  try {
    await doc.send(new GetCommand({ TableName: config.TABLE_NAME, Key: { PK: 'HEALTH', SK: 'HEALTH' } }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
};
