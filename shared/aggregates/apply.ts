/**
 * Applies a batch of table changes (stream records, in stream order) to the running aggregates, exactly
 * once per record. Knows nothing about Lambda: functions/aggregator.ts turns stream events into changes.
 */
import { type Delta, deltaOf } from './contributions.ts';
import { ApplyFailedError, applyGroup, groupRecords, type PendingRecord, splitLargeRecord } from './store.ts';

export interface TableChange {
  /** The stream record's eventID: unique per change, the same when the record is delivered again. */
  eventId: string;
  sequenceNumber: string;
  oldImage: Record<string, unknown> | undefined;
  newImage: Record<string, unknown> | undefined;
  /** A deletion by DynamoDB's TTL process (retention expiry): published figures are not altered by it. */
  expiredByTtl: boolean;
}

export interface ApplyResult {
  /** Changes that touch no aggregate (other entities, TTL expiry, edits of uncounted fields). */
  ignored: number;
  applied: number;
  duplicates: number;
  transactions: number;
  /** Sequence numbers to hand back as failed: the first failing change and every change after it. */
  failedSequenceNumbers: string[];
  failureReason?: string;
}

export const applyChanges = async (changes: TableChange[], now = new Date()): Promise<ApplyResult> => {
  const result: ApplyResult = {
    ignored: 0,
    applied: 0,
    duplicates: 0,
    transactions: 0,
    failedSequenceNumbers: [],
  };
  const pending: (PendingRecord & { index: number })[] = [];
  changes.forEach((change, index) => {
    const delta: Delta = change.expiredByTtl ? new Map() : deltaOf(change.oldImage, change.newImage);
    if (delta.size === 0) result.ignored++;
    else
      for (const part of splitLargeRecord({ eventId: change.eventId, delta }))
        pending.push({ ...part, index });
  });
  for (const group of groupRecords(pending) as (typeof pending)[]) {
    try {
      const outcome = await applyGroup(group, now);
      result.applied += outcome.applied;
      result.duplicates += outcome.duplicates;
      result.transactions += outcome.transactions;
    } catch (error) {
      // Order matters: stop here and hand back this change and all later ones (Lambda retries from the
      // first; markers make the re-delivery of the ones already applied harmless).
      const first = group[0]?.index ?? 0;
      result.failedSequenceNumbers = changes.slice(first).map((c) => c.sequenceNumber);
      result.failureReason = error instanceof ApplyFailedError ? error.reason : 'unexpected error';
      break;
    }
  }
  return result;
};
