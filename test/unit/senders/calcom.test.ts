import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../../lambda/booking/project';
import { MalformedBodyError, UnauthenticatedError } from '../../../lambda/errors';
import { calcom } from '../../../lambda/senders/calcom';
import { normaliseStart } from '../../../lambda/time/start';
import { SIGNERS } from '../../../local/sign';
import { fixture } from '../../support/local';
import {
  booked,
  ESCAPED_TEXT,
  NOW,
  parsed,
  reserialised,
  sourceOf,
  webhookRequest,
} from './requests';

const SECRET = 'test-calcom-secret-5e1f';
const source = sourceOf(calcom.sourceSchema, { kind: 'calcom' });
const signed = (body: string, secret = SECRET) =>
  SIGNERS.calcom?.({ body, secret, now: NOW }) ?? {};
const verify = (body: string, headers: Record<string, string>) =>
  calcom.verify(webhookRequest(body, headers), source, SECRET, NOW);
const classify = (body: string, options: Record<string, unknown> = {}) =>
  calcom.classify(
    parsed(body),
    webhookRequest(body),
    sourceOf(calcom.sourceSchema, { kind: 'calcom', ...options }),
  );

describe('Cal.com signature', () => {
  const created = fixture('calcom/booking-created.json');

  it('accepts the hex HMAC-SHA256 of the raw body', () => {
    expect(() => verify(created, signed(created))).not.toThrow();
  });

  it('verifies \\u escapes and \\/ over the bytes as sent, not as re-serialised', () => {
    const raw =
      '{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"u1",' +
      `"startTime":"2026-03-10T13:00:00Z","title":"${ESCAPED_TEXT}"}}`;

    expect(reserialised(raw)).not.toBe(raw);
    expect(() => verify(raw, signed(raw))).not.toThrow();
    expect(() => verify(raw, signed(reserialised(raw)))).toThrow(UnauthenticatedError);
  });

  it.each([
    ['no header', {}],
    ['no-secret-provided', { 'x-cal-signature-256': 'no-secret-provided' }],
    ['a signature of another body', signed('{"triggerEvent":"PING"}')],
    ['a signature made with another secret', signed(created, 'another-secret')],
    ['the secret itself', { 'x-cal-signature-256': SECRET }],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(created, headers)).toThrow(UnauthenticatedError);
  });

  it('tells the admin to set a secret when Cal.com sends no-secret-provided', () => {
    expect(() => verify(created, { 'x-cal-signature-256': 'no-secret-provided' })).toThrow(
      /no secret in Cal\.com/,
    );
  });
});

describe('Cal.com classification', () => {
  it('books BOOKING_CREATED by payload.uid at payload.startTime, typed by its slug', () => {
    const booking = booked(classify(fixture('calcom/booking-created.json')));

    expect(booking).toMatchObject({
      event: 'BOOKING_CREATED',
      bookingId: 'bk9Qx2LmTz4sV7wR1yPaE3',
      start: { field: 'payload.startTime', value: '2026-03-10T13:00:00Z', format: 'iso' },
      eventType: 'kickoff-30',
    });
  });

  it('books BOOKING_RESCHEDULED at the new start, under a key apart from the original', () => {
    const original = booked(classify(fixture('calcom/booking-created.json')));
    const moved = booked(classify(fixture('calcom/booking-rescheduled.json')));

    expect(normaliseStart(moved.start, NOW, 300)).toBe('2026-03-12 08:30:00');
    expect([moved.bookingId, normaliseStart(moved.start, NOW, 300)]).not.toEqual([
      original.bookingId,
      normaliseStart(original.start, NOW, 300),
    ]);
  });

  it('ignores a cancellation with +00:00 and no metadata or organizer.id, without a 400', () => {
    const result = classify(fixture('calcom/booking-cancelled.json'));

    expect(result).toMatchObject({ action: 'ignore', event: 'BOOKING_CANCELLED' });
  });

  it.each([
    ['PING', fixture('calcom/ping.json')],
    ['BOOKING_REQUESTED', '{"triggerEvent":"BOOKING_REQUESTED","payload":{"uid":"u2"}}'],
    ['BOOKING_REJECTED', '{"triggerEvent":"BOOKING_REJECTED","payload":{}}'],
    ['MEETING_ENDED', '{"triggerEvent":"MEETING_ENDED","uid":"u3","startTime":"x"}'],
    ['MEETING_STARTED', '{"triggerEvent":"MEETING_STARTED","bookingId":4}'],
  ])('answers %s ignored, with a reason', (event, body) => {
    const result = classify(body);

    expect(result).toMatchObject({ action: 'ignore', event });
    expect(result.action === 'ignore' && result.reason).toMatch(/\w+/);
  });

  it('refuses a flat BOOKING_CREATED with a 400 naming payload, not a crash', () => {
    const flat = '{"triggerEvent":"BOOKING_CREATED","uid":"u4","startTime":"2026-03-10T13:00Z"}';

    expect(() => classify(flat)).toThrow(MalformedBodyError);
    expect(() => classify(flat)).toThrow(/payload/);
  });

  it('takes the UTC start from startTime, never from local time minus utcOffset', () => {
    // Warsaw is UTC+2 in July; utcOffset 60 is the winter offset Cal.com had cached.
    const body = JSON.stringify({
      triggerEvent: 'BOOKING_CREATED',
      payload: {
        uid: 'summer1',
        startTime: '2026-07-15T07:30:00Z',
        organizer: { timeZone: 'Europe/Warsaw', utcOffset: 60 },
        attendees: [{ timeZone: 'Europe/Warsaw', utcOffset: 60 }],
      },
    });

    const booking = booked(classify(body));

    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-07-15 07:30:00');
  });

  it('routes the project from metadata, or from a booking question in responses', () => {
    const created = fixture('calcom/booking-created.json');
    const withAnswer = JSON.stringify({
      triggerEvent: 'BOOKING_CREATED',
      payload: {
        uid: 'q1',
        startTime: '2026-03-10T13:00:00Z',
        responses: { project: { label: 'Project code', value: 'PRJ0077' } },
      },
    });
    const byMetadata = sourceOf(calcom.sourceSchema, {
      kind: 'calcom',
      projectFrom: 'payload.metadata.projectId',
    });
    const byAnswer = sourceOf(calcom.sourceSchema, {
      kind: 'calcom',
      projectFrom: 'payload.responses.project.value',
    });

    const fromMetadata = resolveProject(byMetadata, parsed(created), booked(classify(created)));
    const fromAnswer = resolveProject(byAnswer, parsed(withAnswer), booked(classify(withAnswer)));

    expect([fromMetadata, fromAnswer]).toEqual(['PRJ0042', 'PRJ0077']);
  });
});
