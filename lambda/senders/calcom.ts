/**
 * Cal.com webhooks (Settings → Developer → Webhooks, or the API).
 *
 * Proof: `X-Cal-Signature-256` = hex HMAC-SHA256 of the raw body with the webhook's secret.
 * Cal.com signs no timestamp, so there is no replay window to check. A webhook saved without a
 * secret sends the literal `no-secret-provided`, which is refused like a missing header.
 *
 * Events: `BOOKING_CREATED` books; `BOOKING_RESCHEDULED` books the new start (its `uid` is the
 * new booking's, and the start is part of the dedupe key anyway). `BOOKING_REQUESTED` (waits for
 * the host; `BOOKING_CREATED` follows on confirmation), `BOOKING_CANCELLED`, `BOOKING_REJECTED`,
 * `PING` (the "Ping test" button) and everything else are answered `ignored`.
 *
 * Quirks met in the field:
 * - cancellations lack `metadata` and `organizer.id` and spell UTC `+00:00`; meeting events
 *   (`MEETING_STARTED`/`MEETING_ENDED`) arrive flat, without `payload`. Only `triggerEvent` is
 *   read before deciding, so none of them can fail the parse;
 * - `utcOffset` is never used: `payload.startTime` is UTC already, and an offset in minutes is
 *   wrong for any date on the other side of a DST change;
 * - a custom payload template that is not JSON makes Cal.com post form data, signed as rendered;
 *   it verifies, then the shared body parser answers 415 naming the template.
 */
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import { readBody } from './read-body';
import { type Classification, defineSender } from './sender';
import { hmacSha256, requireHeader, safeEqual } from './signature';

const HEADER = 'X-Cal-Signature-256';

/** What Cal.com puts in the header when the webhook has no secret. */
const NO_SECRET = 'no-secret-provided';

const calcomSource = sourceBase.extend({ kind: z.literal('calcom') });

const envelope = z.looseObject({ triggerEvent: z.string().min(1).max(100) });

const bookingBody = z.looseObject({
  payload: z.looseObject({
    uid: z.string().min(1).max(256),
    startTime: z.string().min(1).max(64),
    /** The event type's slug (`kickoff-30`), matched against `projectRules`. */
    type: z.string().max(200).optional(),
  }),
});

/** Why each event Cal.com sends does not book, where there is more to say than "not a booking". */
const IGNORED = new Map([
  ['PING', 'Cal.com test ping: nothing to book.'],
  [
    'BOOKING_REQUESTED',
    'The booking waits for the host to confirm it; BOOKING_CREATED follows when they do.',
  ],
  [
    'BOOKING_CANCELLED',
    'Cancellations create nothing; Conpeek has no delete. A reschedule arrives as ' +
      'BOOKING_RESCHEDULED with the new time.',
  ],
  ['BOOKING_REJECTED', 'The host rejected the booking request; there is no meeting to create.'],
]);

const BOOKING_EVENTS = new Set(['BOOKING_CREATED', 'BOOKING_RESCHEDULED']);

export const calcom = defineSender({
  kind: 'calcom',
  sourceSchema: calcomSource,

  verify(request, _source, secret) {
    const received = requireHeader(request.header(HEADER), HEADER);
    if (received === NO_SECRET) {
      throw new UnauthenticatedError(
        `Cal.com sent ${HEADER}: ${NO_SECRET}: this webhook has no secret in Cal.com. Set the ` +
          "secret stored for this source in the webhook's settings.",
      );
    }

    const expected = hmacSha256(secret, [request.body]).toString('hex');
    // Node writes hex in lower case; a sender that upper-cases it still signed the same bytes.
    if (!safeEqual(received.toLowerCase(), expected)) {
      throw new UnauthenticatedError(`The ${HEADER} signature does not match the body.`);
    }
  },

  classify(body): Classification {
    const { triggerEvent: event } = readBody(envelope, body, 'Cal.com');
    if (!BOOKING_EVENTS.has(event)) {
      return {
        action: 'ignore',
        event,
        reason: IGNORED.get(event) ?? `Cal.com event ${event} does not book a meeting.`,
      };
    }

    const { payload } = readBody(bookingBody, body, `Cal.com ${event}`);
    return {
      action: 'create',
      event,
      bookingId: payload.uid,
      start: { field: 'payload.startTime', value: payload.startTime, format: 'iso' },
      eventType: payload.type,
    };
  },
});
