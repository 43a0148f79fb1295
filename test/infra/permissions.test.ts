import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parameterNames } from '../../infra/permissions';
import {
  flatten,
  logicalId,
  removeTemporaryOutdirs,
  type Synthesized,
  synthesize,
  testConfig,
} from './fixture';

afterAll(removeTemporaryOutdirs);

const ARN = 'arn:<AWS::Partition>';
const REGION_ACCOUNT = '<AWS::Region>:<AWS::AccountId>';
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

describe('the functions’ IAM permissions', () => {
  let synth: Synthesized;
  let ids: Record<'idempotency' | 'bookings' | 'webhookLogs' | 'workerLogs', string>;

  beforeAll(() => {
    synth = synthesize(testConfig(), { skipBundling: true });
    const id = (type: string, prefix: string) => logicalId(synth.template, type, prefix);
    ids = {
      idempotency: id('AWS::DynamoDB::Table', 'IdempotencyTable'),
      bookings: id('AWS::DynamoDB::Table', 'BookingsTable'),
      webhookLogs: id('AWS::Logs::LogGroup', 'FunctionsWebhookLogs'),
      workerLogs: id('AWS::Logs::LogGroup', 'FunctionsWorkerLogs'),
    };
  });

  /** The flattened statements of the policy attached to the role whose id starts so. */
  function statementsOf(rolePrefix: string): unknown {
    const roleId = logicalId(synth.template, 'AWS::IAM::Role', rolePrefix);
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy')).filter(
      (policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    expect(policies).toHaveLength(1);
    return flatten(policies[0]?.Properties.PolicyDocument.Statement);
  }

  function sharedStatements(logGroupId: string) {
    return [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `<${logGroupId}.Arn>`,
      },
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: [
          `${ARN}:ssm:${REGION_ACCOUNT}:parameter/cmw-test/conpeek-key`,
          `${ARN}:ssm:${REGION_ACCOUNT}:parameter/cmw-test/calendly-signing-key`,
          `${ARN}:ssm:${REGION_ACCOUNT}:parameter/cmw-test/zapier-token`,
        ],
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `${ARN}:kms:${REGION_ACCOUNT}:key/*`,
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.<AWS::Region>.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: ITEM_ACTIONS,
        Resource: [`<${ids.idempotency}.Arn>`, `<${ids.bookings}.Arn>`],
      },
    ];
  }

  it('give each function its own role, assumable by Lambda only, with no managed policy', () => {
    const roles = synth.template.findResources('AWS::IAM::Role');

    expect(Object.keys(roles)).toHaveLength(2);
    synth.template.allResourcesProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
          },
        ],
      },
    });
  });

  // Own logs, exactly the configured parameters, decryption through SSM only, single items.
  it('let the webhook function do only what it needs, on only what it needs', () => {
    expect(statementsOf('FunctionsWebhookRole')).toEqual(sharedStatements(ids.webhookLogs));
  });

  it('let the worker do the same, plus query the bookings table and its byState index', () => {
    const query = {
      Effect: 'Allow',
      Action: 'dynamodb:Query',
      Resource: [`<${ids.bookings}.Arn>`, `<${ids.bookings}.Arn>/index/byState`],
    };

    expect(statementsOf('FunctionsWorkerRole')).toEqual([
      ...sharedStatements(ids.workerLogs),
      query,
    ]);
  });

  it('name each parameter once, even when sources share one', () => {
    const config = testConfig();
    const shared = {
      ...config,
      sources: config.sources.map((source) => ({
        ...source,
        secretParameter: config.conpeek.keyParameter,
      })),
    };

    expect(parameterNames(shared)).toEqual(['/cmw-test/conpeek-key']);
  });
});
