/**
 * Standard Webhooks senders (the standardwebhooks.com spec): Make's event subscriptions,
 * Svix-based senders, and any tool that follows the spec.
 *
 * Proof: `webhook-id`, `webhook-timestamp` (Unix **seconds**) and `webhook-signature`, a
 * space-separated list of `v1,<base64>` entries (several while a key is rotated; any one may
 * match). The signed content is `id.timestamp.body`; the key is the base64 after `whsec_`.
 * Svix's branded `svix-id`/`svix-timestamp`/`svix-signature` carry the same scheme and are
 * accepted as well. The window is ±5 minutes by default, as in the reference library.
 *
 * The `standardwebhooks` package (the spec's reference library) decodes the key and computes
 * the signature. Its `verify` is not called: it reads the system clock, while this pipeline's
 * clock is injected, so the timestamp window and the constant-time comparison are done here.
 *
 * Payload: the spec leaves it to the sender, so it is configured: `eventField` (default `type`)
 * and `events`, `startField` (default `data.start`), `bookingIdField`. Without a
 * `bookingIdField` the `webhook-id` is the booking id: it is the same on every retry and on a
 * manual resend, which is what dedupe needs.
 */
import { Webhook } from 'standardwebhooks';
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import type { WebhookRequest } from '../http/request';
import {
  bodyPath,
  configuredEventType,
  configuredStart,
  eventNames,
  readBookingId,
  readText,
  startFormat,
  timeZone,
  UnusableSecretError,
} from './configured-fields';
import { type Classification, defineSender } from './sender';
import { requireFresh, requireHeader, safeEqual } from './signature';

/** More entries than this in one signature header is not key rotation. */
const MAX_SIGNATURES = 10;

const standardSource = sourceBase.extend({
  kind: z.literal('standard'),
  /** Accepted age of `webhook-timestamp`, either way. */
  toleranceSeconds: z.number().int().min(30).max(3_600).default(300),
  eventField: bodyPath.default('type'),
  /** Event values that create a meeting; others are answered `ignored`. */
  events: eventNames.default(['booking.created', 'booking.rescheduled']),
  startField: bodyPath.default('data.start'),
  startFormat: startFormat.default('iso'),
  /** IANA zone for a start written without an offset. */
  timezone: timeZone.optional(),
  /** Where the booking id is; absent → the `webhook-id` header. */
  bookingIdField: bodyPath.optional(),
  /** Matched against `projectRules`; the event value when absent. */
  eventTypeField: bodyPath.optional(),
});

/** The header names in use: the spec's `webhook-*`, or Svix's branded `svix-*`. */
function headerNames(request: WebhookRequest) {
  const prefix =
    request.header('webhook-signature') === undefined &&
    request.header('svix-signature') !== undefined
      ? 'svix'
      : 'webhook';
  return { id: `${prefix}-id`, timestamp: `${prefix}-timestamp`, signature: `${prefix}-signature` };
}

function deliveryId(request: WebhookRequest): string {
  const name = headerNames(request).id;
  const id = requireHeader(request.header(name), name);
  // It becomes part of the dedupe key: visible ASCII, bounded.
  if (!/^[\x21-\x7e]{1,256}$/.test(id)) {
    throw new UnauthenticatedError(`The ${name} header must be 1-256 visible ASCII characters.`);
  }
  return id;
}

/** The spec asks for 24 to 64 random bytes; a shorter key is guessable, so it is refused. */
const SMALLEST_KEY_BYTES = 24;
const EXPECTED_SECRET = 'a Standard Webhooks secret (whsec_ and base64 of at least 24 bytes)';

function signingKey(secret: string, parameter: string): Webhook {
  const keyBytes = Buffer.from(secret.replace(/^whsec_/, ''), 'base64').length;
  if (keyBytes < SMALLEST_KEY_BYTES) throw new UnusableSecretError(parameter, EXPECTED_SECRET);
  try {
    return new Webhook(secret);
  } catch {
    throw new UnusableSecretError(parameter, EXPECTED_SECRET);
  }
}

export const standard = defineSender({
  kind: 'standard',
  sourceSchema: standardSource,

  verify(request, source, secret, now) {
    const names = headerNames(request);
    const id = deliveryId(request);
    const timestamp = requireHeader(request.header(names.timestamp), names.timestamp);
    const signatures = requireHeader(request.header(names.signature), names.signature);
    // Canonical digits only, so that the number the library signs is the text that was sent.
    if (!/^[1-9]\d{0,11}$/.test(timestamp)) {
      throw new UnauthenticatedError(`The ${names.timestamp} header must be Unix seconds.`);
    }
    const signedAt = new Date(Number(timestamp) * 1000);
    requireFresh(signedAt.getTime(), now, source.toleranceSeconds, names.timestamp);

    const expected = signingKey(secret, source.secretParameter).sign(id, signedAt, request.body);
    const candidates = signatures
      .split(/\s+/)
      .filter((entry) => entry.startsWith('v1,'))
      .slice(0, MAX_SIGNATURES);
    // Every candidate is compared, so the time taken does not tell which one matched.
    const matches = candidates.map((candidate) => safeEqual(candidate, expected));
    if (!matches.includes(true)) {
      throw new UnauthenticatedError(
        `No v1 signature in ${names.signature} matches the body with the configured secret.`,
      );
    }
  },

  classify(body, request, source): Classification {
    const event = readText(body, source.eventField);
    if (event === undefined || !source.events.includes(event)) {
      return {
        action: 'ignore',
        event: event ?? '(none)',
        reason:
          `Only these ${source.eventField} values create meetings: ` +
          `${source.events.join(', ')}.`,
      };
    }

    return {
      action: 'create',
      event,
      bookingId:
        source.bookingIdField === undefined
          ? deliveryId(request)
          : readBookingId(body, source.bookingIdField, 'bookingIdField', 'Standard Webhooks'),
      start: configuredStart(body, source),
      eventType: configuredEventType(body, source, event),
    };
  },
});
