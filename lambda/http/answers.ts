/**
 * The answers a sender gets: always JSON, success shapes or `{"error":{code,message,details}}`.
 * Status codes come from the typed errors in `errors.ts`; this file only renders them.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Meeting } from '../conpeek/client';
import type { WebhookError } from '../errors';

export type Answer = APIGatewayProxyStructuredResultV2 & { statusCode: number };

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** What the sender learns about a booking that has a meeting. */
export interface BookingSummary {
  readonly source: string;
  readonly bookingId: string;
  readonly project: string;
  readonly fromDate: string;
}

export function meetingAnswer(
  status: 'created' | 'duplicate',
  booking: BookingSummary,
  meeting: Meeting,
): Answer {
  return json(200, {
    status,
    meeting,
    project: booking.project,
    bookingId: booking.bookingId,
    source: booking.source,
  });
}

export function ignoredAnswer(event: string, reason: string): Answer {
  return json(200, { status: 'ignored', event, reason });
}

export function queuedAnswer(booking: BookingSummary, reason: string): Answer {
  return json(202, {
    status: 'queued',
    bookingId: booking.bookingId,
    project: booking.project,
    from_date: booking.fromDate,
    reason,
  });
}

export function handshakeAnswer(): Answer {
  return { statusCode: 204 };
}

export function errorAnswer(error: WebhookError): Answer {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.status === 405) headers.allow = 'POST';
  return json(
    error.status,
    { error: { code: error.code, message: error.message, details: error.details } },
    headers,
  );
}

/** A bug, not an input: the sender learns nothing about our internals. */
export function internalErrorAnswer(): Answer {
  return json(500, {
    error: { code: 'internal_error', message: 'An unexpected error occurred.', details: {} },
  });
}
