/**
 * The ZonedataFunction construct on its own: environment checked against shared/config.ts at synth,
 * grants exactly what a route's permissions list, nothing when it lists nothing.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ZonedataFunction } from '../../infra/constructs/zonedata-function.ts';

const setup = () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'T', { env: { region: 'eu-west-1' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
  const bucket = new Bucket(stack, 'Bucket');
  const make = (id: string, environment?: Record<string, string>) =>
    new ZonedataFunction(stack, id, {
      id,
      entry: 'functions/health.ts',
      stage: 'test',
      logRetention: RetentionDays.ONE_WEEK,
      environment,
    });
  return { stack, table, bucket, make };
};

const statementsOf = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (
        p as {
          Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
        }
      ).Properties.PolicyDocument.Statement,
  );

describe('ZonedataFunction environment', () => {
  it('refuses a variable that shared/config.ts does not know', () => {
    const { make } = setup();
    expect(() => make('Bad', { TABLE: 'x' })).toThrow(/TABLE is not in shared\/config.ts/);
  });

  it('refuses a literal value that fails the config schema', () => {
    const { make } = setup();
    expect(() => make('Bad', { RETENTION_DAYS: 'ten' })).toThrow(/RETENTION_DAYS="ten" fails configSchema/);
  });

  it('accepts known variables with valid values', () => {
    const { make } = setup();
    expect(() => make('Ok', { RETENTION_DAYS: '365' })).not.toThrow();
  });
});

describe('ZonedataFunction grants', () => {
  it('grants read-only table actions on the table and GSI1 for table:read and sets TABLE_NAME', () => {
    // Arrange
    const { stack, table, bucket, make } = setup();
    const fn = make('Reader');
    // Act
    fn.applyPermissions(['table:read'], { table, bucket });
    // Assert
    const [statement, ...rest] = statementsOf(stack).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    expect(rest).toEqual([]);
    expect([statement?.Action].flat()).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
    );
    expect([statement?.Action].flat()).not.toEqual(expect.arrayContaining(['dynamodb:PutItem']));
    expect(JSON.stringify(statement?.Resource)).toContain('/index/GSI1');
    const env = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    expect(JSON.stringify(env)).toContain('TABLE_NAME');
  });

  it('grants nothing on the table or bucket when the route lists no permission', () => {
    const { stack, table, bucket, make } = setup();
    make('Nothing').applyPermissions([], { table, bucket });
    const data = statementsOf(stack).filter((s) =>
      [s.Action].flat().some((a) => /^(dynamodb|s3|lambda):/.test(a)),
    );
    expect(data).toEqual([]);
  });

  it('limits bucket access to reports/* and refuses invoke:report-worker without a worker', () => {
    const { stack, table, bucket, make } = setup();
    make('Files').applyPermissions(['bucket:read', 'bucket:write'], { table, bucket });
    const s3 = statementsOf(stack).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect([s3[0]?.Action].flat().sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/reports/*');
    expect(() => make('Invoker').applyPermissions(['invoke:report-worker'], { table, bucket })).toThrow(
      /needs the report worker/,
    );
  });
});
