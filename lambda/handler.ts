/**
 * Lambda entry points, one bundle: `handler` answers `POST /webhooks/{source}` (API Gateway HTTP
 * API, payload 2.0); `worker` retries parked bookings, run every minute by EventBridge.
 *
 * The config is baked into the bundle at synth (esbuild `define`), not passed in an environment
 * variable: Lambda's environment holds 4 KB in all, which a config with several sources and
 * project rules outgrows. It is validated again here, at cold start.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { parseConfig } from './config/schema';
import type { Answer } from './http/answers';
import { wire } from './wiring';

declare const __WEBHOOK_CONFIG__: string | undefined;

function bundledConfig(): unknown {
  const raw =
    typeof __WEBHOOK_CONFIG__ === 'string' ? __WEBHOOK_CONFIG__ : process.env.WEBHOOK_CONFIG;
  if (raw === undefined) throw new Error('No configuration was bundled with this function.');
  return JSON.parse(raw);
}

const wired = wire(parseConfig(bundledConfig(), 'the bundled configuration'));

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<Answer> {
  return wired.handleWebhook(event, () => context.getRemainingTimeInMillis());
}

/** Retries parked bookings that are due; EventBridge's scheduled event is not read. */
export async function worker(_event: unknown, context: Context): Promise<unknown> {
  return wired.retryParked(() => context.getRemainingTimeInMillis());
}
