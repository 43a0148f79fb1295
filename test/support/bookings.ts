/**
 * A booking as each sender kind writes it: its fixture, with the booking id, start, project and
 * event set where that kind keeps them. Ids are fresh unless given, so dedupe hides no call.
 */
import { fixture } from './local';
import type { Kind } from './security';

/** Where each kind keeps what a test changes (paths as in the source's config). */
export interface KindFields {
  readonly id: string;
  readonly start: string;
  readonly project: string;
  readonly event: string;
}

export const FIELDS: Readonly<Record<Kind, KindFields>> = {
  calendly: {
    id: 'payload.uri',
    start: 'payload.scheduled_event.start_time',
    project: 'payload.tracking.utm_content',
    event: 'event',
  },
  calcom: {
    id: 'payload.uid',
    start: 'payload.startTime',
    project: 'payload.metadata.projectId',
    event: 'triggerEvent',
  },
  hubspot: {
    id: 'hs_object_id',
    start: 'hs_meeting_start_time',
    project: 'project_id',
    event: 'event',
  },
  pipedrive: {
    id: 'data.id',
    // Pipedrive splits the start: due_date here, due_time beside it (see `setStart`).
    start: 'data.due_date',
    project: 'data.custom_fields.9f3c2a0b7d1e4c55aa00112233445566778899aa.value',
    event: 'meta.action',
  },
  livespace: {
    id: 'data.id',
    start: 'data.custom_fields.meeting_start',
    project: 'data.custom_fields.project_code',
    event: 'name',
  },
  // The booking id of a Standard Webhooks delivery is its webhook-id, which the signer derives
  // from the body; data.id keeps bodies of different bookings apart.
  standard: { id: 'data.id', start: 'data.start', project: 'data.project_id', event: 'type' },
  generic: { id: 'booking_id', start: 'start', project: 'project', event: 'event' },
};

const FIXTURES: Readonly<Record<Kind, string>> = {
  calendly: 'calendly/invitee-created.json',
  calcom: 'calcom/booking-created.json',
  hubspot: 'hubspot/workflow-meeting-booked.json',
  pipedrive: 'pipedrive/activity-created-v2.json',
  livespace: 'livespace/deal-status-changed.json',
  standard: 'standard/booking-created.json',
  generic: 'generic/booking-created-offset.json',
};

export type JsonBody = Record<string, unknown>;

/**
 * Sets `value` at a dotted path, creating objects on the way. Every key is defined as an own
 * property, so `__proto__` becomes a key of the JSON text, as a sender would write it.
 */
export function setPath(root: JsonBody, path: string, value: unknown): void {
  const keys = path.split('.');
  let current: JsonBody = root;
  keys.forEach((key, index) => {
    const last = index === keys.length - 1;
    const existing = Object.hasOwn(current, key) ? current[key] : undefined;
    const next =
      last || (typeof existing === 'object' && existing !== null) ? existing : ({} as JsonBody);
    Object.defineProperty(current, key, {
      value: last ? value : next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    current = next as JsonBody;
  });
}

/** Pipedrive's start is `due_date` + `due_time` (UTC, no zone): an ISO text is split in two. */
function setStart(kind: Kind, body: JsonBody, start: unknown): void {
  const split = typeof start === 'string' ? /^(.*?)[T ](.*?)Z?$/.exec(start) : null;
  if (kind !== 'pipedrive' || split === null) {
    setPath(body, FIELDS[kind].start, start);
    return;
  }
  setPath(body, 'data.due_date', split[1]);
  setPath(body, 'data.due_time', split[2]);
}

export interface BookingOptions {
  readonly id?: string;
  readonly start?: unknown;
  readonly project?: unknown;
}

let sequence = 0;

/** A fresh booking id, unique within the test process. */
export const freshId = (kind: string) => `sec-${kind}-${process.pid}-${++sequence}`;

/** The kind's fixture as a booking with a fresh id, starting 2026-03-10 13:00 UTC, PRJ0042. */
export function booking(kind: Kind, options: BookingOptions = {}): JsonBody {
  const body = JSON.parse(fixture(FIXTURES[kind])) as JsonBody;
  setPath(body, FIELDS[kind].id, options.id ?? freshId(kind));
  setStart(kind, body, 'start' in options ? options.start : '2026-03-10T13:00:00Z');
  setPath(body, FIELDS[kind].project, 'project' in options ? options.project : 'PRJ0042');
  return body;
}

/** {@link booking} as the JSON text a sender posts. */
export const bookingText = (kind: Kind, options: BookingOptions = {}) =>
  JSON.stringify(booking(kind, options));
