import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKINGS_TABLE, IDEMPOTENCY_TABLE } from '../../lambda/store/tables';
import {
  logicalId,
  removeTemporaryOutdirs,
  type Synthesized,
  synthesize,
  testConfig,
} from './fixture';

afterAll(removeTemporaryOutdirs);

describe('the DynamoDB tables', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesize(testConfig(), { skipBundling: true });
  });

  function tableResource(prefix: string) {
    const id = logicalId(synth.template, 'AWS::DynamoDB::Table', prefix);
    return synth.template.findResources('AWS::DynamoDB::Table')[id];
  }

  it('are the two described in lambda/store/tables.ts', () => {
    expect(Object.keys(synth.template.findResources('AWS::DynamoDB::Table'))).toHaveLength(2);
    expect(tableResource(IDEMPOTENCY_TABLE.id)).toBeDefined();
    expect(tableResource(BOOKINGS_TABLE.id)).toBeDefined();
  });

  it.each([IDEMPOTENCY_TABLE, BOOKINGS_TABLE])(
    'build $id on demand, with its key, TTL, point-in-time recovery and AWS-managed encryption',
    (definition) => {
      const table = tableResource(definition.id);

      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key id is the AWS managed aws/dynamodb key.
        SSESpecification: { SSEEnabled: true },
      });
      expect(table?.Properties.SSESpecification.KMSMasterKeyId).toBeUndefined();
    },
  );

  it.each([IDEMPOTENCY_TABLE, BOOKINGS_TABLE])(
    'keep $id when the stack is deleted or the table replaced',
    (definition) => {
      const table = tableResource(definition.id);

      expect(table?.DeletionPolicy).toBe('Retain');
      expect(table?.UpdateReplacePolicy).toBe('Retain');
    },
  );

  it('give the bookings table the byState index the worker queries, projecting everything', () => {
    const table = tableResource(BOOKINGS_TABLE.id);

    expect(table?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byState',
        KeySchema: [
          { AttributeName: 'state', KeyType: 'HASH' },
          { AttributeName: 'nextAttemptAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(table?.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'state', AttributeType: 'S' },
        { AttributeName: 'nextAttemptAt', AttributeType: 'N' },
      ]),
    );
    expect(tableResource(IDEMPOTENCY_TABLE.id)?.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('output both table names for the operator', () => {
    synth.template.hasOutput('IdempotencyTableName', {
      Value: { Ref: logicalId(synth.template, 'AWS::DynamoDB::Table', IDEMPOTENCY_TABLE.id) },
    });
    synth.template.hasOutput('BookingsTableName', {
      Value: { Ref: logicalId(synth.template, 'AWS::DynamoDB::Table', BOOKINGS_TABLE.id) },
    });
  });
});
