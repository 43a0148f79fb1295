/**
 * The two Lambda functions built from the one bundle: the webhook function behind the API and
 * the retry worker on a schedule. Each has its own role, log group and permissions.
 */
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Config } from '../lambda/config/schema';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda/observability/metric-names';
import { BOOKINGS_TABLE, TABLE_ENV } from '../lambda/store/tables';
import { ARCHITECTURE, bundlingOptions, HANDLER_ENTRY, PROJECT_ROOT, RUNTIME } from './bundling';
import { acknowledge, wildcardResourceFinding } from './nag';
import {
  anyKeyArn,
  itemStatement,
  logStatement,
  parameterStatement,
  queryStatement,
  secureStringStatement,
} from './permissions';
import type { WebhookTables } from './tables';

/** Calendly gives up on a webhook after 15 s; every sender must hear back before that. */
const SENDER_PATIENCE_SECONDS = 15;

/** The retry worker's time limit; a run watches the time left and stops taking bookings. */
export const WORKER_TIMEOUT = Duration.seconds(60);

/** Memory of both functions: ample for the bundle; CPU scales with it, so less starts slower. */
export const MEMORY_MB = 256;

/**
 * The webhook function's time limit: long enough for one Conpeek call at its configured timeout
 * plus reading SSM and DynamoDB around it, short enough that the sender still gets our answer
 * (even a 202 "queued") before it hangs up.
 */
export function webhookTimeout(config: Config): Duration {
  const seconds = Math.ceil(config.conpeek.timeoutMs / 1000) + 4;
  return Duration.seconds(Math.min(SENDER_PATIENCE_SECONDS - 1, seconds));
}

/** The two functions; both run `lambda/handler.ts`. */
export class WebhookFunctions extends Construct {
  /** `handler`: answers `POST /webhooks/{source}`. */
  readonly webhook: NodejsFunction;
  /** `worker`: retries parked bookings every minute. */
  readonly worker: NodejsFunction;

  constructor(scope: Construct, id: string, config: Config, tables: WebhookTables) {
    super(scope, id);
    const settings = config.settings;
    const shared = [
      parameterStatement(this, config),
      secureStringStatement(this),
      itemStatement([tables.idempotency, tables.bookings]),
    ];

    this.webhook = this.#function('Webhook', config, tables, {
      handler: 'handler',
      timeout: webhookTimeout(config),
      statements: shared,
      // null in the config means "leave it unreserved", which CDK spells undefined.
      reservedConcurrentExecutions: settings.reservedConcurrency ?? undefined,
    });
    this.worker = this.#function('Worker', config, tables, {
      handler: 'worker',
      timeout: WORKER_TIMEOUT,
      statements: [...shared, queryStatement(tables.bookings, BOOKINGS_TABLE.globalIndexes)],
      // A failed run is not worth Lambda's asynchronous retries: the next one starts in a
      // minute and picks up the same due bookings.
      retryAttempts: 0,
    });
  }

  #function(
    name: string,
    config: Config,
    tables: WebhookTables,
    options: {
      readonly handler: 'handler' | 'worker';
      readonly timeout: Duration;
      readonly statements: readonly PolicyStatement[];
      readonly reservedConcurrentExecutions?: number;
      readonly retryAttempts?: number;
    },
  ): NodejsFunction {
    const logGroup = new LogGroup(this, `${name}Logs`, {
      retention: config.settings.logRetentionDays as RetentionDays,
    });
    // Our own role, so that NodejsFunction does not attach AWSLambdaBasicExecutionRole.
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${name.toLowerCase()} function of conpeek-meet-webhook`,
    });
    for (const statement of [logStatement(logGroup), ...options.statements]) {
      role.addToPolicy(statement);
    }
    acknowledge(
      role,
      wildcardResourceFinding(role, anyKeyArn(role)),
      'kms:Decrypt must name the key of SecureString parameters, which is not known at synth ' +
        '(aws/ssm or one the operator picks); the kms:ViaService condition limits it to ' +
        'decrypting through SSM in this region, and ssm:GetParameter is limited to the ' +
        'configured parameters.',
    );

    const lambdaFunction = new NodejsFunction(this, name, {
      entry: HANDLER_ENTRY,
      handler: options.handler,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: MEMORY_MB,
      timeout: options.timeout,
      role,
      logGroup,
      reservedConcurrentExecutions: options.reservedConcurrentExecutions,
      retryAttempts: options.retryAttempts,
      // Same options for both functions: the same asset, uploaded once.
      bundling: bundlingOptions(config),
      environment: environmentOf(tables),
    });
    acknowledge(
      lambdaFunction,
      'AwsSolutions-L1',
      'nodejs24.x on purpose: it is what the project is tested on (engines >=24, the node 24 ' +
        'devDependency) and what CDK itself takes as the latest Node runtime ' +
        '(NODEJS_LATEST); nodejs26.x follows when the toolchain moves to Node 26.',
    );
    return lambdaFunction;
  }
}

/** Small and fixed: the config travels in the bundle, not here (4 KB limit). */
function environmentOf(tables: WebhookTables): Record<string, string> {
  return {
    [TABLE_ENV.idempotency]: tables.idempotency.tableName,
    [TABLE_ENV.bookings]: tables.bookings.tableName,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    NODE_OPTIONS: '--enable-source-maps',
  };
}
