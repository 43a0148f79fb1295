/**
 * Pipedrive webhooks v2 (Tools and apps → Webhooks, version 2.0).
 *
 * Proof: Pipedrive cannot sign. It sends the webhook's "HTTP Auth" user and password as
 * `Authorization: Basic …`; the SSM parameter holds `user:password`, compared in constant time.
 *
 * Events: `create` or `change` of an `activity` whose `type` is listed in `activityTypes`
 * (default `meeting`). The start is `data.due_date` + `data.due_time`, which Pipedrive keeps in
 * **UTC**, without seconds, whatever the user's time zone. A `change` books only when it moves
 * the activity in time (`previous` then holds the old `due_date`/`due_time`): a new start, so a
 * new meeting; any other change (subject, done, notes) creates nothing. `delete` is ignored.
 *
 * Dedupe: the activity id + start. `meta.attempt` (1…4) and the delivery's timestamp change
 * between retries; neither is read, so every attempt of one event maps to one meeting.
 */
import * as z from 'zod';
import { sourceBase } from '../config/fields';
import { MalformedBodyError, quoted, UnauthenticatedError, UnusableBookingError } from '../errors';
import type { JsonObject } from '../http/body';
import { UnusableSecretError } from './configured-fields';
import { readBody } from './read-body';
import { type Classification, defineSender } from './sender';
import { requireHeader, safeEqual } from './signature';

const pipedriveSource = sourceBase.extend({
  kind: z.literal('pipedrive'),
  /** Activity type keys (Pipedrive's `data.type`) that book a meeting. */
  activityTypes: z.array(z.string().min(1).max(100)).min(1).default(['meeting']),
});

const envelope = z.looseObject({
  meta: z.looseObject({
    action: z.string().min(1).max(50),
    entity: z.string().min(1).max(50),
  }),
});

/** `due_time` in v2: `"13:00"`, null, or `{timezone_id, value}`. */
const dueTime = z.union([
  z.string(),
  z.null(),
  z.looseObject({ value: z.string().nullable().optional() }),
]);

const activityBody = z.looseObject({
  data: z.looseObject({
    id: z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]),
    type: z.string().max(100).nullable().optional(),
    due_date: z.string().nullable().optional(),
    due_time: dueTime.optional(),
  }),
  previous: z.looseObject({}).nullable().optional(),
});

type Activity = z.infer<typeof activityBody>;

function timeText(value: z.infer<typeof dueTime> | undefined): string | null | undefined {
  return typeof value === 'object' && value !== null ? value.value : value;
}

/** `data.due_date` + `data.due_time` as an ISO instant in UTC; 422 naming what is missing. */
function startOf(data: Activity['data']): string {
  const date = data.due_date;
  const time = timeText(data.due_time);
  if (!date) {
    throw new UnusableBookingError('data.due_date is empty: the activity has no date.', {
      field: 'data.due_date',
    });
  }
  if (!time) {
    throw new UnusableBookingError(
      'data.due_time is empty: the activity has no time of day, so there is no meeting ' +
        'start. Give the activity a time in Pipedrive.',
      { field: 'data.due_time' },
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new UnusableBookingError('data.due_date must be YYYY-MM-DD.', {
      field: 'data.due_date',
      value: quoted(date, 32),
    });
  }
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) {
    throw new UnusableBookingError('data.due_time must be HH:MM.', {
      field: 'data.due_time',
      value: quoted(time, 32),
    });
  }
  // Pipedrive stores due_time in UTC (its timezone_id only tells how the app displays it).
  return `${date}T${time.length === 5 ? `${time}:00` : time}Z`;
}

/** True when a `change` moved the activity: `previous` holds an old date or time that differs. */
function movesInTime(previous: JsonObject | null | undefined, data: Activity['data']): boolean {
  if (!previous) return false;
  const dateChanged = 'due_date' in previous && previous.due_date !== data.due_date;
  const timeChanged =
    'due_time' in previous &&
    timeText(previous.due_time as z.infer<typeof dueTime>) !== timeText(data.due_time);
  return dateChanged || timeChanged;
}

function verifyBasicAuth(header: string, secret: string, parameter: string): void {
  // RFC 7617: user-id and password joined by the first colon; the user cannot contain one. An
  // empty password would let in anyone who knows the user name, which is no secret.
  const colon = secret.indexOf(':');
  if (colon < 0 || colon === secret.length - 1) {
    throw new UnusableSecretError(parameter, 'in the form user:password, with a password');
  }

  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header)?.[1];
  const credentials = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  if (encoded === undefined || credentials === undefined || !credentials.includes(':')) {
    throw new UnauthenticatedError(
      'The Authorization header must be HTTP Basic auth: set "HTTP Auth" user and password ' +
        'on the Pipedrive webhook.',
    );
  }
  // One comparison of the whole "user:password": both must match, and neither leaks by timing.
  // The encoding as sent is compared, not what a lenient decoder made of it: a stray trailing
  // character or dropped padding decodes to the same pair, and is not what Pipedrive sends.
  if (!safeEqual(encoded, Buffer.from(secret, 'utf8').toString('base64'))) {
    throw new UnauthenticatedError('The HTTP Auth user or password is not the one configured.');
  }
}

export const pipedrive = defineSender({
  kind: 'pipedrive',
  sourceSchema: pipedriveSource,

  verify(request, source, secret) {
    verifyBasicAuth(
      requireHeader(request.header('authorization'), 'Authorization'),
      secret,
      source.secretParameter,
    );
  },

  classify(body, _request, source): Classification {
    if ('current' in body || (typeof body.meta === 'object' && body.meta && 'v' in body.meta)) {
      throw new MalformedBodyError(
        'This is a Pipedrive webhooks v1 body; create the webhook again with version 2.0.',
      );
    }
    const { meta } = readBody(envelope, body, 'Pipedrive v2');
    const event = `${meta.action}.${meta.entity}`;
    if (meta.entity !== 'activity') {
      return { action: 'ignore', event, reason: 'Only activities book meetings.' };
    }
    if (meta.action !== 'create' && meta.action !== 'change') {
      const why = meta.action === 'delete' ? 'Conpeek has no delete' : 'it books nothing';
      return { action: 'ignore', event, reason: `A ${meta.action} of an activity: ${why}.` };
    }

    const { data, previous } = readBody(activityBody, body, `Pipedrive ${event}`);
    const type = data.type ?? '(none)';
    if (!source.activityTypes.includes(type)) {
      return {
        action: 'ignore',
        event,
        reason: `Activity type ${type} is not one of ${source.activityTypes.join(', ')}.`,
      };
    }
    if (meta.action === 'change' && !movesInTime(previous, data)) {
      return {
        action: 'ignore',
        event,
        reason: 'The change does not move the activity in time; its meeting stays as it is.',
      };
    }

    return {
      action: 'create',
      event,
      bookingId: String(data.id),
      start: { field: 'data.due_date + data.due_time', value: startOf(data), format: 'iso' },
      eventType: type,
    };
  },
});
