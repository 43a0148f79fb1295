/**
 * Every way a webhook can fail, as typed errors. Each carries the status the sender gets and a
 * stable machine-readable code; `answers.ts` turns them into the JSON error contract, so status
 * codes live here and nowhere else.
 */

import { redact } from './conpeek/redact';

/** Details attached to an answer: field names and what is wrong with them, never secrets. */
export type ErrorDetails = Record<string, string | number | boolean | null>;

/**
 * Text from a webhook body quoted back in an answer or a log line: cut to `limit`, and e-mail
 * addresses and anything shaped like a credential removed. A sender's template can put an
 * invitee's address, or a token, in any field, and answers are kept in senders' delivery logs.
 */
export function quoted(value: unknown, limit: number): string {
  // Only primitives are written out: String() of a deeply nested array recurses until the
  // stack overflows, and an object's text says nothing a CRM admin can use.
  const text =
    typeof value === 'string'
      ? value
      : value === null || typeof value !== 'object'
        ? String(value)
        : Array.isArray(value)
          ? '(a list)'
          : '(an object)';
  return redact(text.length > limit ? `${text.slice(0, limit)}…` : text, []);
}

/** Base class: an error whose message is safe to show the sender. */
export abstract class WebhookError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetails;
  /** Seconds the sender should wait before retrying, for retryable statuses. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
    this.retryAfterSeconds = undefined;
  }
}

/** 400: the body cannot be parsed or does not have the shape the source sends. */
export class MalformedBodyError extends WebhookError {
  readonly status = 400;
  readonly code = 'malformed_body';
}

/** 401: signature or token missing, wrong, or outside its time window. */
export class UnauthenticatedError extends WebhookError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

/** 404: no source of that name is configured. */
export class UnknownSourceError extends WebhookError {
  readonly status = 404;
  readonly code = 'unknown_source';
}

/** 405: only POST delivers webhooks. */
export class MethodNotAllowedError extends WebhookError {
  readonly status = 405;
  readonly code = 'method_not_allowed';
}

/** 409: the same booking is being processed right now; the sender should retry later. */
export class BookingInProgressError extends WebhookError {
  readonly status = 409;
  readonly code = 'booking_in_progress';
  override readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, details: ErrorDetails = {}) {
    super(message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 413: the body is larger than the configured limit. */
export class PayloadTooLargeError extends WebhookError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

/** 415: the content type is not one this source sends. */
export class UnsupportedMediaTypeError extends WebhookError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** 422: well-formed and genuine, but it cannot become a meeting (no start, past, no project). */
export class UnusableBookingError extends WebhookError {
  readonly status = 422;
  readonly code = 'unusable_booking';
}

/** 422: Conpeek refused the request (its 400 or 404); retrying the same request will not help. */
export class ConpeekRefusedError extends WebhookError {
  readonly status = 422;
  readonly code = 'conpeek_refused';
}

/**
 * 502: Conpeek answered something we cannot read. The meeting may exist, so the booking is not
 * retried blindly; the operator finds it in the logs.
 */
export class ConpeekUnreadableError extends WebhookError {
  readonly status = 502;
  readonly code = 'conpeek_unreadable';
}

/** 503: something we depend on is unavailable or misconfigured; the sender should retry. */
export class DependencyUnavailableError extends WebhookError {
  readonly status = 503;
  readonly code = 'dependency_unavailable';
  override readonly retryAfterSeconds: number;

  constructor(
    message: string,
    retryAfterSeconds: number,
    details: ErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, details, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
