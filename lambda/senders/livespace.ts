/**
 * Livespace CRM webhooks (subscriptions, and workflow "send webhook" steps).
 *
 * Handshake: when a subscription is (re)activated, Livespace posts an empty body without a
 * signature and gives up after 3 seconds. It is answered 204 before any secret is read: no SSM
 * call, no Conpeek call, nothing stored.
 *
 * Proof: `X-Livespace-Signature` = hex HMAC-SHA256, with the subscription's secret, of the full
 * endpoint URL followed by the raw body. The URL is the one configured in Livespace
 * (`publicUrl`), not the one the function sees behind API Gateway. Livespace's docs do not spell
 * out a separator; none is used, which is how its documentation reads.
 *
 * Livespace has no meeting trigger: a booking is a deal (or other object) whose trigger fires,
 * e.g. `deal.status_changed`, with the start in a custom field. Trigger names (`triggers`), the
 * start field (`startField`) and the project (`projectFrom`) are configured. Dedupe is the
 * object's id + start, because whether the envelope `id` survives a redelivery is undocumented.
 */
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import {
  bodyPath,
  configuredEventType,
  configuredStart,
  eventNames,
  publicUrl,
  readBookingId,
  startFormat,
  timeZone,
} from './configured-fields';
import { readBody } from './read-body';
import { type Classification, defineSender } from './sender';
import { hmacSha256, requireHeader, safeEqual } from './signature';

const HEADER = 'X-Livespace-Signature';

const livespaceSource = sourceBase.extend({
  kind: z.literal('livespace'),
  /** The endpoint URL exactly as entered in Livespace; it is part of what Livespace signs. */
  publicUrl,
  /** Trigger names (`name` in the envelope) that book a meeting; others are `ignored`. */
  triggers: eventNames.default(['deal.status_changed']),
  /** Where the start is, e.g. `data.custom_fields.meeting_start`. */
  startField: bodyPath,
  startFormat: startFormat.default('iso'),
  /** IANA zone for a start written without an offset (Livespace date fields often are). */
  timezone: timeZone.optional(),
  bookingIdField: bodyPath.default('data.id'),
  /** Matched against `projectRules`; the trigger name when absent. */
  eventTypeField: bodyPath.optional(),
});

const envelope = z.looseObject({ name: z.string().min(1).max(200) });

export const livespace = defineSender({
  kind: 'livespace',
  sourceSchema: livespaceSource,

  isHandshake(request) {
    return request.body.length === 0;
  },

  verify(request, source, secret) {
    const received = requireHeader(request.header(HEADER), HEADER);
    const expected = hmacSha256(secret, [source.publicUrl, request.body]).toString('hex');
    if (!safeEqual(received.toLowerCase(), expected)) {
      throw new UnauthenticatedError(
        `The ${HEADER} signature does not match: check the subscription's secret, and that ` +
          "the source's publicUrl is exactly the URL entered in Livespace.",
      );
    }
  },

  classify(body, _request, source): Classification {
    const { name: event } = readBody(envelope, body, 'Livespace');
    if (!source.triggers.includes(event)) {
      return {
        action: 'ignore',
        event,
        reason: `Only the triggers ${source.triggers.join(', ')} book meetings.`,
      };
    }

    return {
      action: 'create',
      event,
      bookingId: readBookingId(body, source.bookingIdField, 'bookingIdField', 'Livespace'),
      start: configuredStart(body, source),
      eventType: configuredEventType(body, source, event),
    };
  },
});
