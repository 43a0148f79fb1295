/**
 * The functions' IAM permissions, each statement scoped to exactly what the code touches. No
 * managed policy: `AWSLambdaBasicExecutionRole` would allow writing to any log group.
 */
import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Config } from '../lambda/config/schema';

/** What Powertools idempotency and the parked-bookings store do to single items. */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** Writing to the function's own log group; the group exists, so no CreateLogGroup. */
export function logStatement(logGroup: ILogGroup): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    // The group's ARN attribute ends in `:*`, which covers its streams and nothing else.
    resources: [logGroup.logGroupArn],
  });
}

/** Every SSM parameter the config names: the Conpeek key and each source's secret. */
export function parameterNames(config: Config): string[] {
  const names = [config.conpeek.keyParameter, ...config.sources.map((s) => s.secretParameter)];
  return [...new Set(names)];
}

/** `arn:…:ssm:region:account:parameter/name`: the name's leading "/" is not repeated. */
export function parameterArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: name.replace(/^\//, ''),
  });
}

/**
 * `ssm:GetParameter` and `ssm:GetParameters` (the cold-start batch read) on exactly the
 * configured parameters, nothing by path or prefix.
 */
export function parameterStatement(scope: Construct, config: Config): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['ssm:GetParameter', 'ssm:GetParameters'],
    resources: parameterNames(config).map((name) => parameterArn(scope, name)),
  });
}

/**
 * `kms:Decrypt` for SecureString parameters, usable only through SSM in this region. The key is
 * not known at synth (the default `aws/ssm` key, or one the operator chose with put-parameter),
 * so the resource is any key of this account; `kms:ViaService` is what narrows it. The AWS
 * managed `aws/ssm` key would not need this statement, a customer managed key does.
 */
export function secureStringStatement(scope: Construct): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['kms:Decrypt'],
    resources: [anyKeyArn(scope)],
    conditions: {
      StringEquals: { 'kms:ViaService': `ssm.${Stack.of(scope).region}.amazonaws.com` },
    },
  });
}

/** `arn:…:kms:region:account:key/*`: every KMS key of the stack's account and region. */
export function anyKeyArn(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
}

/** Single-item reads and writes on the given tables; no Scan, no batch, no table admin. */
export function itemStatement(tables: readonly Table[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: [...ITEM_ACTIONS],
    resources: tables.map((table) => table.tableArn),
  });
}

/** `dynamodb:Query` on a table and its indexes (the worker's query for due bookings). */
export function queryStatement(
  table: Table,
  indexes: ReadonlyArray<{ readonly name: string }>,
): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['dynamodb:Query'],
    resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index.name}`)],
  });
}
