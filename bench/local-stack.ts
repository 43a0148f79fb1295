/**
 * The local environment of `npm start` (SSM stand-in, dynalite, Conpeek sandbox, the real
 * handler), assembled here rather than by `startLocalEnvironment` for one reason: DynamoDB
 * calls must pass a counting proxy, and that environment hands dynalite's own URL to the
 * function. Each `container()` is the product wired afresh, like a new Lambda container: its
 * own secret cache, idempotency cache and SDK clients.
 */

import type { Config } from '../lambda/config/schema';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda/observability/metric-names';
import { type Wired, wire } from '../lambda/wiring';
import { type ConpeekSandbox, startConpeekSandbox } from '../local/conpeek-sandbox';
import { startDynamoStandIn } from '../local/dynamo-standin';
import { type SsmStandIn, startSsmStandIn } from '../local/ssm-standin';
import { type CallCounts, startCountingProxy } from './counting-proxy';
import { type InstantDynamo, startInstantDynamo } from './instant-dynamo';

/** The path prefix of the sandbox's base URL, as in `npm start`. */
const SANDBOX_PREFIX = '/api';

/** Calls counted at the stand-ins so far. */
export interface StackCounts {
  readonly ssm: number;
  readonly dynamo: CallCounts;
  readonly conpeek: number;
}

/** The running stand-ins, and a way to wire the product against them. */
export interface LocalStack {
  /** The config with Conpeek pointed at the sandbox. */
  readonly config: Config;
  readonly sandbox: ConpeekSandbox;
  readonly conpeekKey: string;
  container(): Wired;
  counts(): StackCounts;
  close(): Promise<void>;
}

function conpeekKeyOf(config: Config, parameters: Record<string, string>): string {
  const key = parameters[config.conpeek.keyParameter];
  if (key === undefined) throw new Error(`no local value for ${config.conpeek.keyParameter}`);
  return key;
}

function withConpeek(config: Config, url: string): Config {
  return { ...config, conpeek: { ...config.conpeek, url } };
}

/** Starts the stand-ins; `close()` stops them all. */
export async function startLocalStack(
  config: Config,
  parameters: Record<string, string>,
): Promise<LocalStack> {
  process.env.AWS_REGION ??= 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const conpeekKey = conpeekKeyOf(config, parameters);
  const ssm = await startSsmStandIn(parameters);
  const dynamo = await startDynamoStandIn(0);
  const proxy = await startCountingProxy(dynamo.url);
  const sandbox = await startConpeekSandbox({ key: conpeekKey, prefix: SANDBOX_PREFIX });
  const local = withConpeek(config, sandbox.url);
  return {
    config: local,
    sandbox,
    conpeekKey,
    container: () =>
      wire(local, {
        endpoints: { ssm: ssm.url, dynamodb: proxy.url },
        tables: dynamo.tables,
      }),
    counts: () => ({ ssm: ssm.calls(), dynamo: proxy.counts(), conpeek: sandbox.received.length }),
    close: async () => {
      await proxy.close();
      await dynamo.close();
      await sandbox.close();
      await ssm.close();
    },
  };
}

/** The stand-ins of the warm loop and the cold imports, all answering at once. */
export interface InstantStandIns {
  readonly config: Config;
  readonly ssm: SsmStandIn;
  readonly dynamo: InstantDynamo;
  readonly sandbox: ConpeekSandbox;
  /** SSM, DynamoDB and Conpeek calls answered so far. */
  counts(): { ssm: number; dynamo: number; conpeek: number };
  close(): Promise<void>;
}

/** Starts the instant stand-ins; `close()` stops them all. */
export async function startInstantStandIns(
  config: Config,
  parameters: Record<string, string>,
): Promise<InstantStandIns> {
  const ssm = await startSsmStandIn(parameters);
  const dynamo = await startInstantDynamo();
  const sandbox = await startConpeekSandbox({
    key: conpeekKeyOf(config, parameters),
    prefix: SANDBOX_PREFIX,
  });
  return {
    config: withConpeek(config, sandbox.url),
    ssm,
    dynamo,
    sandbox,
    counts: () => ({
      ssm: ssm.calls(),
      dynamo: Object.values(dynamo.counts()).reduce((sum, n) => sum + n, 0),
      conpeek: sandbox.received.length,
    }),
    close: async () => {
      await dynamo.close();
      await sandbox.close();
      await ssm.close();
    },
  };
}

/**
 * The environment a deployed function has, for processes that import a bundle: credentials
 * and region as Lambda sets them, the tables' names, and every AWS endpoint on a stand-in at
 * 127.0.0.1 (nothing may leave the machine). The bench's own environment is not inherited, so
 * no NODE_OPTIONS or loader of the bench's runner reaches the measured process.
 */
export function functionEnvironment(standIns: InstantStandIns): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: 'UTC',
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ENDPOINT_URL_SSM: standIns.ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: standIns.dynamo.url,
    IDEMPOTENCY_TABLE_NAME: 'IdempotencyTable',
    BOOKINGS_TABLE_NAME: 'BookingsTable',
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_DEV: 'false',
    // As the stack sets it (`environmentOf` in infra/functions.ts): Node then reads the bundle's
    // source map at import, which is part of what a cold start costs there.
    NODE_OPTIONS: '--enable-source-maps',
  };
}
