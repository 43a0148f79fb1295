/**
 * What the pipeline knows of one HTTP request, read from an API Gateway HTTP API (payload 2.0)
 * event: the raw body bytes exactly as sent, headers looked up case-insensitively.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError } from '../errors';

export interface WebhookRequest {
  readonly method: string;
  /** The `{source}` path parameter. */
  readonly sourceName: string | undefined;
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** The body bytes as the sender signed them. */
  readonly body: Buffer;
  /** A header's value, or undefined. Names are case-insensitive. */
  header(name: string): string | undefined;
}

/**
 * Reads the event into a WebhookRequest. The size guard counts decoded bytes and runs before
 * the body is decoded, so an oversized body costs no more than its length.
 */
export function readRequest(event: APIGatewayProxyEventV2, limitBytes: number): WebhookRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name.toLowerCase(), value);
  }

  const encoded = event.body ?? '';
  const encoding = event.isBase64Encoded ? 'base64' : 'utf8';
  // Measured before decoding: the limit is on the bytes the sender sent, not on base64 text.
  const size = Buffer.byteLength(encoded, encoding);
  if (size > limitBytes) {
    throw new PayloadTooLargeError(
      `The body is ${size} bytes; this endpoint accepts at most ${limitBytes}.`,
      { limitBytes },
    );
  }
  const body = Buffer.from(encoded, encoding);

  return {
    method: event.requestContext?.http?.method ?? 'POST',
    sourceName: event.pathParameters?.source,
    rawPath: event.rawPath ?? '',
    rawQueryString: event.rawQueryString ?? '',
    body,
    header: (name) => headers.get(name.toLowerCase()),
  };
}

/** The media type of a Content-Type header, lower-cased, without parameters such as charset. */
export function mediaType(request: WebhookRequest): string | undefined {
  const value = request.header('content-type');
  if (value === undefined) return undefined;
  // Payload 2.0 joins repeated headers with commas; the first value is the one that counts.
  const first = value.split(',')[0] ?? '';
  return first.split(';')[0]?.trim().toLowerCase() || undefined;
}
