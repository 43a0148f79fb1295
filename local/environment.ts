/**
 * Everything `npm start` runs, startable from tests too: the SSM stand-in, dynalite as DynamoDB,
 * the Conpeek sandbox (unless a real Conpeek URL is given), the gateway in front of the real
 * handler, and the retry worker on a timer.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../lambda/config/schema';
import type { WorkerRun } from '../lambda/store/retry-worker';
import { type Wired, wire } from '../lambda/wiring';
import { type ConpeekSandbox, startConpeekSandbox } from './conpeek-sandbox';
import { type DynamoStandIn, startDynamoStandIn } from './dynamo-standin';
import { startGateway } from './gateway';
import type { RunningServer } from './http-server';
import { type SsmStandIn, startSsmStandIn } from './ssm-standin';

export interface LocalOptions {
  readonly config: Config;
  readonly parameters: Record<string, string>;
  /** A real Conpeek base URL; absent → the built-in sandbox. */
  readonly conpeekUrl?: string | undefined;
  readonly port?: number;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** Projects the sandbox knows; absent → any well-formed project exists. */
  readonly sandboxProjects?: readonly string[];
  /** dynalite's port; 0 picks a free one. */
  readonly dynamoPort?: number;
  /** Runs the retry worker this often; absent → only when `runWorker()` is called. */
  readonly workerIntervalMs?: number;
}

export interface LocalEnvironment {
  readonly config: Config;
  readonly gateway: RunningServer;
  readonly ssm: SsmStandIn;
  readonly sandbox: ConpeekSandbox | undefined;
  readonly dynamo: DynamoStandIn;
  readonly wired: Wired;
  /** One run of the retry worker, as the schedule would start it. */
  runWorker(): Promise<WorkerRun>;
  webhookUrl(source: string): string;
  close(): Promise<void>;
}

/** The worker's Lambda timeout in the stack. */
const WORKER_TIMEOUT_MS = 60_000;

/** The SDK wants a region and credentials even when it talks to a stand-in. */
function localAwsDefaults(): void {
  process.env.AWS_REGION ??= 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}

export async function startLocalEnvironment(options: LocalOptions): Promise<LocalEnvironment> {
  localAwsDefaults();
  const ssm = await startSsmStandIn(options.parameters);
  const dynamo = await startDynamoStandIn(options.dynamoPort ?? 0);
  const key = options.parameters[options.config.conpeek.keyParameter] ?? '';
  const sandbox = options.conpeekUrl
    ? undefined
    : await startConpeekSandbox({
        key,
        prefix: '/api',
        ...(options.sandboxProjects ? { projects: options.sandboxProjects } : {}),
      });
  const config: Config = {
    ...options.config,
    conpeek: { ...options.config.conpeek, url: options.conpeekUrl ?? sandbox?.url ?? '' },
  };

  const wired = wire(config, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    endpoints: { ssm: ssm.url, dynamodb: dynamo.url },
    tables: dynamo.tables,
  });
  const gateway = await startGateway(wired.handleWebhook, options.port ?? 0);
  const runWorker = () => wired.retryParked(() => WORKER_TIMEOUT_MS);
  const timer = options.workerIntervalMs
    ? setInterval(() => void runWorker().catch(() => undefined), options.workerIntervalMs)
    : undefined;

  return {
    config,
    gateway,
    ssm,
    sandbox,
    dynamo,
    wired,
    runWorker,
    webhookUrl: (source) => `${gateway.url}/webhooks/${source}`,
    close: async () => {
      clearInterval(timer);
      await gateway.close();
      await dynamo.close();
      await sandbox?.close();
      await ssm.close();
    },
  };
}
