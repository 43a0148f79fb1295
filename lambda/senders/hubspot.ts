/**
 * HubSpot workflows, action "Send a webhook" (Operations Hub / Data Hub Pro and up). Not the
 * app Webhooks API: that one posts batches (JSON arrays) without a meeting's start time.
 *
 * Proof, per source (`auth`):
 * - `signature-v3` (default): `X-HubSpot-Signature-v3` = base64 HMAC-SHA256, with the app's
 *   client secret, of method + URL + raw body + `X-HubSpot-Request-Timestamp` (epoch **ms**,
 *   refused beyond 5 minutes). The URL is the public one HubSpot called (`publicUrl`): behind a
 *   custom domain or a stage the function sees another one, so it is configured, not guessed;
 * - `token`: a static key in a header of the operator's choosing (`tokenHeader`), for portals
 *   without an app to sign with.
 *
 * Body: whatever the workflow designer put in it. By default a customised body with
 * `hs_object_id`, `hs_meeting_start_time` (epoch-ms text, epoch-ms number or ISO) and an
 * `event` key; every property is a configurable path, so the object API shape
 * (`properties.hs_meeting_start_time`) works too. Dedupe is object id + start: HubSpot retries
 * for up to three days and every retry carries both unchanged.
 */
import * as z from 'zod';
import { readPath } from '../booking/path';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import type { WebhookRequest } from '../http/request';
import {
  bodyPath,
  eventNames,
  headerName,
  publicUrl,
  readBookingId,
  readText,
} from './configured-fields';
import { type Classification, defineSender } from './sender';
import { hmacSha256, requireFresh, requireHeader, safeEqual } from './signature';

const SIGNATURE = 'X-HubSpot-Signature-v3';
const TIMESTAMP = 'X-HubSpot-Request-Timestamp';

const hubspotSource = sourceBase
  .extend({
    kind: z.literal('hubspot'),
    /** How HubSpot proves itself: the v3 request signature, or a static token header. */
    auth: z.enum(['signature-v3', 'token']).default('signature-v3'),
    /** The exact URL pasted into the workflow's webhook action; required for signature-v3. */
    publicUrl: publicUrl.optional(),
    /** The header carrying the token when `auth` is `token`. */
    tokenHeader: headerName.default('x-webhook-token'),
    /** HubSpot documents 5 minutes; a source may only be stricter. */
    toleranceSeconds: z.number().int().min(30).max(300).default(300),
    startProperty: bodyPath.default('hs_meeting_start_time'),
    bookingIdProperty: bodyPath.default('hs_object_id'),
    eventProperty: bodyPath.default('event'),
    /** When set, only these event values create meetings; others are answered `ignored`. */
    events: eventNames.optional(),
    /** Matched against `projectRules` (e.g. `hs_activity_type`); the event value when absent. */
    eventTypeProperty: bodyPath.optional(),
  })
  .superRefine((source, ctx) => {
    if (source.auth === 'signature-v3' && source.publicUrl === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message:
          'is required when auth is signature-v3: HubSpot signs the URL it calls, so set the ' +
          "exact URL pasted into the workflow's webhook action",
      });
    }
  });

/**
 * The URL as HubSpot signs it: HubSpot's request-validation guide decodes these
 * percent-encoded characters before signing, so a URL pasted with them encoded still verifies.
 */
const DECODED_IN_SIGNATURE: ReadonlyMap<string, string> = new Map([
  ['%3A', ':'],
  ['%2F', '/'],
  ['%3F', '?'],
  ['%40', '@'],
  ['%21', '!'],
  ['%24', '$'],
  ['%27', "'"],
  ['%28', '('],
  ['%29', ')'],
  ['%2A', '*'],
  ['%2C', ','],
  ['%3B', ';'],
]);

function signedUri(url: string): string {
  return url.replace(/%[0-9A-F]{2}/g, (encoded) => DECODED_IN_SIGNATURE.get(encoded) ?? encoded);
}

function verifySignatureV3(
  request: WebhookRequest,
  url: string,
  secret: string,
  now: Date,
  toleranceSeconds: number,
): void {
  const signature = requireHeader(request.header(SIGNATURE), SIGNATURE);
  const timestamp = requireHeader(request.header(TIMESTAMP), TIMESTAMP);
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new UnauthenticatedError(`The ${TIMESTAMP} header must be epoch milliseconds.`);
  }
  requireFresh(Number(timestamp), now, toleranceSeconds, TIMESTAMP);

  // The header's text is signed as received: a number turned back into text can be spelled
  // differently ("…200.0", "1.7724429042e12") and would never match.
  const expected = hmacSha256(secret, [
    request.method,
    signedUri(url),
    request.body,
    timestamp,
  ]).toString('base64');
  if (!safeEqual(signature, expected)) {
    throw new UnauthenticatedError(
      `The ${SIGNATURE} signature does not match: check the app's client secret, and that ` +
        "the source's publicUrl is exactly the URL in the workflow's webhook action.",
    );
  }
}

export const hubspot = defineSender({
  kind: 'hubspot',
  sourceSchema: hubspotSource,

  verify(request, source, secret, now) {
    if (source.auth === 'token') {
      const header = source.tokenHeader;
      const token = requireHeader(request.header(header), header);
      if (!safeEqual(token, secret)) {
        throw new UnauthenticatedError(`The ${header} token is not the one configured.`);
      }
      return;
    }
    // The schema refuses signature-v3 without a URL; this only satisfies the compiler.
    if (source.publicUrl === undefined) throw new Error('hubspot: publicUrl is not configured');
    verifySignatureV3(request, source.publicUrl, secret, now, source.toleranceSeconds);
  },

  classify(body, _request, source): Classification {
    const event = readText(body, source.eventProperty);
    if (source.events !== undefined && (event === undefined || !source.events.includes(event))) {
      return {
        action: 'ignore',
        event: event ?? '(none)',
        reason:
          `Only these ${source.eventProperty} values create meetings: ` +
          `${source.events.join(', ')}.`,
      };
    }

    return {
      action: 'create',
      event: event ?? 'hubspot.workflow',
      bookingId: readBookingId(body, source.bookingIdProperty, 'bookingIdProperty', 'HubSpot'),
      start: {
        field: source.startProperty,
        value: readPath(body, source.startProperty),
        // Workflow bodies carry date properties as epoch-ms text; the CRM v3 API spells ISO.
        format: 'iso-or-epoch-ms',
      },
      eventType:
        source.eventTypeProperty === undefined ? event : readText(body, source.eventTypeProperty),
    };
  },
});
