/**
 * Builds the function's parts from a validated config: one place that decides which real
 * clients are used, shared by the Lambda entry points and the local server.
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { MeetingCreator } from './booking/create-meeting';
import type { Config } from './config/schema';
import { ConpeekClient } from './conpeek/client';
import { SERVICE_NAME } from './observability/metric-names';
import { BookingMetrics } from './observability/metrics';
import { SecretStore } from './secrets/store';
import {
  createDynamoClient,
  documentClient,
  type TableNames,
  tableNamesFromEnvironment,
} from './store/dynamo';
import { IdempotentMeetingService } from './store/idempotent-meetings';
import { ParkedBookings } from './store/parked-bookings';
import { RetryWorker, type WorkerRun } from './store/retry-worker';
import { createWebhookHandler } from './webhook';

export interface WiringOptions {
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly metrics?: BookingMetrics;
  /** Local stand-ins; in AWS the SDK finds the real endpoints itself. */
  readonly endpoints?: { readonly ssm?: string; readonly dynamodb?: string };
  readonly tables?: TableNames;
}

export interface Wired {
  readonly logger: Logger;
  readonly secrets: SecretStore;
  readonly meetings: IdempotentMeetingService;
  readonly parked: ParkedBookings;
  readonly handleWebhook: ReturnType<typeof createWebhookHandler>;
  readonly retryParked: (remainingMs: () => number) => Promise<WorkerRun>;
}

export function wire(config: Config, options: WiringOptions = {}): Wired {
  const { settings } = config;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new BookingMetrics(SERVICE_NAME);
  const tables = options.tables ?? tableNamesFromEnvironment();

  const ssmEndpoint = options.endpoints?.ssm;
  const secrets = new SecretStore(
    settings.secretCacheSeconds,
    new SSMProvider(ssmEndpoint ? { clientConfig: { endpoint: ssmEndpoint } } : {}),
    [config.conpeek.keyParameter, ...config.sources.map((source) => source.secretParameter)],
  );
  const conpeek = new ConpeekClient({
    baseUrl: config.conpeek.url,
    timeoutMs: config.conpeek.timeoutMs,
  });
  const creator = new MeetingCreator(conpeek, secrets, config.conpeek.keyParameter);

  const dynamo = createDynamoClient(options.endpoints?.dynamodb);
  const parked = new ParkedBookings(
    documentClient(dynamo),
    tables.bookings,
    settings.idempotencyDays,
  );
  const meetings = new IdempotentMeetingService({
    creator,
    persistence: new DynamoDBPersistenceLayer({
      tableName: tables.idempotency,
      awsSdkV3Client: dynamo,
    }),
    parked,
    metrics,
    retry: settings.retry,
    recordDays: settings.idempotencyDays,
    now,
  });

  const handler = createWebhookHandler({ config, secrets, meetings, logger, now });
  const handleWebhook: typeof handler = async (event, remainingMs) => {
    try {
      return await handler(event, remainingMs);
    } finally {
      metrics.publish();
    }
  };
  const worker = new RetryWorker({ meetings, parked, metrics, logger, retry: settings.retry, now });

  return {
    logger,
    secrets,
    meetings,
    parked,
    handleWebhook,
    retryParked: (remainingMs) => worker.run(remainingMs),
  };
}
