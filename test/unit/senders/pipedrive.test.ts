import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  MalformedBodyError,
  UnauthenticatedError,
  UnusableBookingError,
} from '../../../lambda/errors';
import { pipedrive } from '../../../lambda/senders/pipedrive';
import { normaliseStart } from '../../../lambda/time/start';
import { SIGNERS } from '../../../local/sign';
import { fixture } from '../../support/local';
import { booked, NOW, sourceOf, webhookRequest } from './requests';

const SECRET = 'pipedrive-hook:test-password-7d2e:with-colon';
const source = sourceOf(pipedrive.sourceSchema, { kind: 'pipedrive' });
const basic = (credentials: string) =>
  SIGNERS.pipedrive?.({ body: '', secret: credentials, now: NOW }) ?? {};
const verify = (headers: Record<string, string>, secret = SECRET) =>
  pipedrive.verify(webhookRequest('{}', headers), source, secret, NOW);

// biome-ignore lint/suspicious/noExplicitAny: fixture bodies are edited field by field.
type Body = Record<string, any>;

/** The v2 fixture, changed where a test says so. */
function activity(change: (body: Body) => void = () => {}): Body {
  const body = JSON.parse(fixture('pipedrive/activity-created-v2.json')) as Body;
  change(body);
  return body;
}
const classify = (body: Body, options: Record<string, unknown> = {}) =>
  pipedrive.classify(
    body,
    webhookRequest('{}'),
    sourceOf(pipedrive.sourceSchema, { kind: 'pipedrive', ...options }),
  );
const fromDate = (body: Body) => normaliseStart(booked(classify(body)).start, NOW, 300);

describe('Pipedrive HTTP Basic auth', () => {
  it('accepts the user and password stored as user:password', () => {
    expect(() => verify(basic(SECRET))).not.toThrow();
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong password', basic('pipedrive-hook:wrong')],
    ['a wrong user', basic('someone:test-password-7d2e:with-colon')],
    ['a bearer token', { authorization: `Bearer ${SECRET}` }],
    ['credentials without a colon', { authorization: 'Basic cGlwZWRyaXZl' }],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(headers)).toThrow(UnauthenticatedError);
  });

  it('answers 503 when the stored secret is not user:password, without echoing it', () => {
    const check = () => verify(basic('no-colon-secret'), 'no-colon-secret');

    expect(check).toThrow(DependencyUnavailableError);
    expect(check).toThrow(/user:password/);
    expect(check).not.toThrow(/no-colon-secret/);
  });
});

describe('Pipedrive v2 classification', () => {
  it('books create.activity of type meeting from due_date + due_time read as UTC', () => {
    const booking = booked(classify(activity()));

    expect(booking).toMatchObject({
      event: 'create.activity',
      bookingId: '5301',
      eventType: 'meeting',
    });
    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-03-10 13:00:00');
  });

  it('maps meta.attempt 1 and 2 of one event to the same booking id and start', () => {
    const first = booked(classify(activity((b) => (b.meta.attempt = 1))));
    const second = booked(
      classify(
        activity((b) => {
          b.meta.attempt = 2;
          b.meta.timestamp = '2026-03-02T09:15:33.004Z';
        }),
      ),
    );

    expect(second.bookingId).toBe(first.bookingId);
    expect(second.start).toEqual(first.start);
  });

  it('reads due_time given as an object, ignoring its display time zone', () => {
    const body = activity((b) => {
      b.data.due_time = { timezone_id: 'Europe/Warsaw', value: '13:00' };
    });

    expect(fromDate(body)).toBe('2026-03-10 13:00:00');
  });

  it.each([
    ['null', null],
    ['an object without a value', { timezone_id: 'Europe/Warsaw', value: null }],
  ])('refuses a due_time of %s with a 422 naming data.due_time', (_case, dueTime) => {
    const body = activity((b) => {
      b.data.due_time = dueTime;
    });

    expect(() => classify(body)).toThrow(UnusableBookingError);
    expect(() => classify(body)).toThrow(/^data\.due_time is empty/);
  });

  it('books a change that moves the activity, at its new start', () => {
    const moved = activity((b) => {
      b.meta.action = 'change';
      b.data.due_time = '15:30';
      b.previous = { due_time: '13:00' };
    });

    expect(fromDate(moved)).toBe('2026-03-10 15:30:00');
  });

  it('ignores a change that does not move the activity in time', () => {
    const renamed = activity((b) => {
      b.meta.action = 'change';
      b.previous = { subject: 'Old subject' };
    });
    const sameTime = activity((b) => {
      b.meta.action = 'change';
      b.previous = { due_time: { value: '13:00' }, done: true };
    });

    expect(classify(renamed)).toMatchObject({ action: 'ignore', event: 'change.activity' });
    expect(classify(sameTime)).toMatchObject({ action: 'ignore' });
  });

  it('ignores deletes, other objects and other activity types', () => {
    const deleted = activity((b) => (b.meta.action = 'delete'));
    const deal = activity((b) => (b.meta.entity = 'deal'));
    const call = activity((b) => (b.data.type = 'call'));

    expect(classify(deleted)).toMatchObject({ action: 'ignore', event: 'delete.activity' });
    expect(classify(deal)).toMatchObject({ action: 'ignore', event: 'create.deal' });
    expect(classify(call)).toMatchObject({ action: 'ignore' });
    expect(classify(call, { activityTypes: ['call'] })).toMatchObject({ action: 'create' });
  });

  it('refuses a webhooks v1 body with a 400 that says to use version 2.0', () => {
    const v1 = { current: { id: 1 }, previous: null, meta: { v: 1, action: 'added' } };

    expect(() => classify(v1)).toThrow(MalformedBodyError);
    expect(() => classify(v1)).toThrow(/version 2\.0/);
  });
});
