/** An SQS queue that receives failed events (dead-letter or on-failure destination): encrypted, SSL only, 14 days. */
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export const failureQueue = (scope: Construct, id: string, extra: Partial<QueueProps> = {}): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...extra,
  });
  if (!extra.deadLetterQueue)
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `${id} is itself a dead-letter / on-failure queue; its depth is alarmed, a DLQ of a DLQ adds nothing.`,
    });
  return queue;
};
