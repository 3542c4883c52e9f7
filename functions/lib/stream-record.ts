/** DynamoDB Streams records (GetRecords) in the shape Lambda delivers them (local poller, repair function). */
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** A stream record from GetRecords in the shape Lambda delivers. */
export const toLambdaRecord = (r: StreamRecord, streamArn: string, region: string): DynamoDBRecord => {
  const created = r.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    ...(r.userIdentity
      ? { userIdentity: { type: r.userIdentity.Type, principalId: r.userIdentity.PrincipalId } }
      : {}),
    dynamodb: {
      ...(r.dynamodb as NonNullable<DynamoDBRecord['dynamodb']>),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    },
  };
};
