/**
 * Generic senders: Zapier, Make, n8n and in-house tools, which cannot sign.
 *
 * Proof: `Authorization: Bearer <token>`, compared in constant time with the token in SSM.
 *
 * Contract (JSON object):
 * - `booking_id` (string, required): stable id of the booking in the sender's system;
 * - `start` (required): ISO 8601 with offset, or local wall time with `timezone` (IANA);
 * - `timezone` (optional): IANA zone for a `start` without offset;
 * - `project` (optional): Conpeek project identifier;
 * - `event` (optional): absent, `booking.created` or `booking.rescheduled` create a meeting;
 *   any other value (e.g. `booking.canceled`) is answered `ignored`.
 *
 * It also accepts Conpeek's own request, `{from_date, project_target_identifier}`, and passes
 * it on unchanged; its booking id is then the pair itself.
 */
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { UnauthenticatedError } from '../errors';
import { readBody } from './read-body';
import { defineSender } from './sender';
import { requireHeader, safeEqual } from './signature';

/** The `event` values that create a meeting. */
export const GENERIC_BOOKING_EVENTS = ['booking.created', 'booking.rescheduled'] as const;

const genericSource = sourceBase.extend({ kind: z.literal('generic') });

const contractBody = z.looseObject({
  event: z.string().min(1).max(100).optional(),
  booking_id: z.string().min(1).max(256),
  start: z.string().min(1).max(64),
  timezone: z.string().min(1).max(64).optional(),
  project: z.unknown().optional(),
});

const conpeekBody = z.looseObject({
  from_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be YYYY-MM-DD HH:mm:ss in UTC'),
  project_target_identifier: z.string(),
  booking_id: z.string().min(1).max(256).optional(),
});

export const generic = defineSender({
  kind: 'generic',
  sourceSchema: genericSource,

  verify(request, _source, secret) {
    const header = requireHeader(request.header('authorization'), 'Authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    }
    if (!safeEqual(match[1], secret)) {
      throw new UnauthenticatedError('The bearer token is not the one configured for this source.');
    }
  },

  classify(body) {
    if ('from_date' in body || 'project_target_identifier' in body) {
      const request = readBody(conpeekBody, body, 'Conpeek Meets Create');
      return {
        action: 'create',
        event: 'conpeek.request',
        bookingId:
          request.booking_id ?? `${request.from_date}|${request.project_target_identifier}`,
        start: { field: 'from_date', value: request.from_date, format: 'iso', timezone: 'UTC' },
        project: { field: 'project_target_identifier', value: request.project_target_identifier },
      };
    }

    const booking = readBody(contractBody, body, 'generic booking');
    const event = booking.event ?? 'booking.created';
    if (!(GENERIC_BOOKING_EVENTS as readonly string[]).includes(event)) {
      return {
        action: 'ignore',
        event,
        reason: `Only ${GENERIC_BOOKING_EVENTS.join(' and ')} create meetings.`,
      };
    }
    return {
      action: 'create',
      event,
      bookingId: booking.booking_id,
      start: { field: 'start', value: booking.start, format: 'iso', timezone: booking.timezone },
      project:
        booking.project === undefined ? undefined : { field: 'project', value: booking.project },
    };
  },
});
