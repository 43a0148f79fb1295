/**
 * Builds what a sender kind sees: a WebhookRequest read by the real `readRequest` from an API
 * Gateway event carrying the exact bytes, and source options parsed with the kind's own schema.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { JsonObject } from '../../../lambda/http/body';
import { readRequest, type WebhookRequest } from '../../../lambda/http/request';
import type { Classification, SourceSchema } from '../../../lambda/senders/sender';

/** When the fixtures were "sent". */
export const NOW = new Date('2026-03-02T09:15:05Z');

/** `minutes` before NOW (negative: after it). */
export const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

export function webhookRequest(
  body: string | Buffer,
  headers: Record<string, string> = {},
): WebhookRequest {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const event = {
    version: '2.0',
    rawPath: '/webhooks/source',
    rawQueryString: '',
    headers,
    pathParameters: { source: 'source' },
    requestContext: { http: { method: 'POST' } },
    // Base64 keeps the bytes exactly as given, whatever they are.
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
  return readRequest(event, 1024 * 1024);
}

/** A kind's source options with its defaults, as the config would hold them. */
export function sourceOf<Schema extends SourceSchema>(
  schema: Schema,
  options: Record<string, unknown>,
): z.output<Schema> {
  return schema.parse({ name: 'source', secretParameter: '/test/secret', ...options });
}

export const parsed = (body: string): JsonObject => JSON.parse(body) as JsonObject;

/** Narrows a classification to a booking, failing the test when it is not one. */
export function booked(classification: Classification) {
  if (classification.action !== 'create') {
    throw new Error(`expected a booking, got ${JSON.stringify(classification)}`);
  }
  return classification;
}

/**
 * A body as some senders write it: non-ASCII as `\uXXXX` escapes and `/` as `\/`. Parsing and
 * re-serialising it changes its bytes, so only a verifier over the raw bytes accepts it.
 */
export const ESCAPED_TEXT = 'Spotkanie \\u0141\\u00f3d\\u017a, https:\\/\\/example.com\\/kickoff';

export function reserialised(body: string): string {
  return JSON.stringify(JSON.parse(body));
}
