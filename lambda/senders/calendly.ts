/**
 * Calendly (API v2 webhook subscriptions).
 *
 * Proof: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t." + body>`,
 * with the signing key chosen when the subscription was created. Calendly itself enforces no
 * window; we refuse a `t` older (or newer) than `toleranceSeconds`.
 *
 * Events: `invitee.created` books (a reschedule arrives as a new `invitee.created` with a new
 * invitee URI); `invitee.canceled` is ignored, including the cancel half of a reschedule.
 */
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import { readBody } from './read-body';
import { defineSender } from './sender';
import { hmacSha256, requireFresh, requireHeader, safeEqual } from './signature';

const HEADER = 'Calendly-Webhook-Signature';

const calendlySource = sourceBase.extend({
  kind: z.literal('calendly'),
  /** Accepted age of the signature's `t`, either way. */
  toleranceSeconds: z.number().int().min(30).max(3_600).default(180),
});

const envelope = z.looseObject({ event: z.string().min(1) });

const createdBody = z.looseObject({
  payload: z.looseObject({
    uri: z.string().min(1).max(512),
    scheduled_event: z.looseObject(
      {
        start_time: z.string().min(1),
        event_type: z.string().optional(),
      },
      // Calendly's older payload shape had only `payload.event`; say so rather than "required".
      'is missing: this looks like an older Calendly payload shape; recreate the subscription',
    ),
  }),
});

/** Splits `t=…,v1=…` on commas, each part on its first `=`. */
function parseSignatureHeader(value: string): { t: string; v1: string } {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const content = part.slice(at + 1).trim();
    if (at < 0) continue;
    if (name === 't') t = content;
    if (name === 'v1') v1.push(content);
  }
  if (t === undefined || !/^\d{1,12}$/.test(t)) {
    throw new UnauthenticatedError(`The ${HEADER} header has no valid t= timestamp.`);
  }
  // Calendly sends exactly one v1; anything else is not a Calendly signature.
  if (v1.length !== 1 || v1[0] === undefined) {
    throw new UnauthenticatedError(`The ${HEADER} header must carry exactly one v1= signature.`);
  }
  return { t, v1: v1[0] };
}

export const calendly = defineSender({
  kind: 'calendly',
  sourceSchema: calendlySource,

  verify(request, source, secret, now) {
    const { t, v1 } = parseSignatureHeader(requireHeader(request.header(HEADER), HEADER));
    requireFresh(Number(t) * 1000, now, source.toleranceSeconds, HEADER);

    const expected = hmacSha256(secret, [`${t}.`, request.body]).toString('hex');
    if (!safeEqual(v1, expected)) {
      throw new UnauthenticatedError(`The ${HEADER} signature does not match the body.`);
    }
  },

  classify(body) {
    const { event } = readBody(envelope, body, 'Calendly');
    if (event === 'invitee.canceled') {
      return {
        action: 'ignore',
        event,
        reason:
          'Cancellations create nothing; Conpeek has no delete. A reschedule brings its new ' +
          'time as a separate invitee.created.',
      };
    }
    if (event !== 'invitee.created') {
      return {
        action: 'ignore',
        event,
        reason: `Calendly event ${event} does not book a meeting.`,
      };
    }

    const { payload } = readBody(createdBody, body, 'Calendly invitee.created');
    return {
      action: 'create',
      event,
      bookingId: payload.uri,
      start: {
        field: 'payload.scheduled_event.start_time',
        value: payload.scheduled_event.start_time,
        format: 'iso',
      },
      eventType: payload.scheduled_event.event_type,
    };
  },
});
