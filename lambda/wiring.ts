/**
 * Builds the function's parts from a validated config: one place that decides which real
 * clients are used, shared by the Lambda entry points and the local server.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { MeetingCreator } from './booking/create-meeting';
import { DirectMeetingService, type MeetingService } from './booking/meeting-service';
import type { Config } from './config/schema';
import { ConpeekClient } from './conpeek/client';
import { SecretStore } from './secrets/store';
import { createWebhookHandler } from './webhook';

export const SERVICE_NAME = 'conpeek-meet-webhook';

export interface WiringOptions {
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** Local stand-ins; in AWS the SDK finds the real endpoints itself. */
  readonly endpoints?: { readonly ssm?: string; readonly dynamodb?: string };
}

export interface Wired {
  readonly logger: Logger;
  readonly secrets: SecretStore;
  readonly creator: MeetingCreator;
  readonly meetings: MeetingService;
  readonly handleWebhook: ReturnType<typeof createWebhookHandler>;
}

export function wire(config: Config, options: WiringOptions = {}): Wired {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const ssmEndpoint = options.endpoints?.ssm;
  const secrets = new SecretStore(
    config.settings.secretCacheSeconds,
    new SSMProvider(ssmEndpoint ? { clientConfig: { endpoint: ssmEndpoint } } : {}),
  );
  const conpeek = new ConpeekClient({
    baseUrl: config.conpeek.url,
    timeoutMs: config.conpeek.timeoutMs,
  });
  const creator = new MeetingCreator(conpeek, secrets, config.conpeek.keyParameter);
  const meetings = new DirectMeetingService(creator);
  const handleWebhook = createWebhookHandler({ config, secrets, meetings, logger, now });
  return { logger, secrets, creator, meetings, handleWebhook };
}
