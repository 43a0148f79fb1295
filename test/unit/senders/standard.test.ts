import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  MalformedBodyError,
  UnauthenticatedError,
} from '../../../lambda/errors';
import { standard } from '../../../lambda/senders/standard';
import { normaliseStart } from '../../../lambda/time/start';
import { SIGNERS } from '../../../local/sign';
import { fixture } from '../../support/local';
import {
  booked,
  ESCAPED_TEXT,
  minutesAgo,
  NOW,
  parsed,
  reserialised,
  sourceOf,
  webhookRequest,
} from './requests';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const source = sourceOf(standard.sourceSchema, {
  kind: 'standard',
  projectFrom: 'data.project_id',
});
const signed = (body: string, now = NOW, secret = SECRET, deliveryId = 'msg_2wQexample01') =>
  SIGNERS.standard?.({ body, secret, now, deliveryId }) ?? {};
const verify = (body: string, headers: Record<string, string>, now = NOW, secret = SECRET) =>
  standard.verify(webhookRequest(body, headers), source, secret, now);

describe('Standard Webhooks signature', () => {
  const body = fixture('standard/booking-created.json');

  it('matches the published test vector', () => {
    const vector = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    const at = new Date(1614265330 * 1000);

    expect(() => verify('{"test": 2432232314}', vector, at)).not.toThrow();
    expect(
      SIGNERS.standard?.({
        body: '{"test": 2432232314}',
        secret: SECRET,
        now: at,
        deliveryId: vector['webhook-id'],
      }),
    ).toMatchObject(vector);
  });

  it('accepts any one of several v1 signatures, as during a key rotation', () => {
    const headers = signed(body);
    const rotated = {
      ...headers,
      'webhook-signature': `v1a,c29tZQ== v1,b2xkLWtleQ== ${headers['webhook-signature']}`,
    };

    expect(() => verify(body, rotated)).not.toThrow();
  });

  it("accepts Svix's branded svix-* headers", () => {
    const headers = signed(body);
    const svix = {
      'svix-id': headers['webhook-id'] ?? '',
      'svix-timestamp': headers['webhook-timestamp'] ?? '',
      'svix-signature': headers['webhook-signature'] ?? '',
    };

    expect(() => verify(body, svix)).not.toThrow();
  });

  it('verifies \\u escapes and \\/ over the bytes as sent, not as re-serialised', () => {
    const raw = `{"type":"booking.created","data":{"id":"b1","note":"${ESCAPED_TEXT}"}}`;

    expect(reserialised(raw)).not.toBe(raw);
    expect(() => verify(raw, signed(raw))).not.toThrow();
    expect(() => verify(raw, signed(reserialised(raw)))).toThrow(UnauthenticatedError);
  });

  it('reads the timestamp in seconds: ±40 minutes is refused, 60 seconds accepted', () => {
    expect(() => verify(body, signed(body, minutesAgo(40)))).toThrow(/s old/);
    expect(() => verify(body, signed(body, minutesAgo(-40)))).toThrow(/in the future/);
    expect(() => verify(body, signed(body, minutesAgo(1)))).not.toThrow();
  });

  it.each([
    ['no headers', {}],
    ['only a v1a signature', { ...signed(body), 'webhook-signature': 'v1a,c29tZQ==' }],
    ['another message id', { ...signed(body), 'webhook-id': 'msg_other' }],
    ['a timestamp in milliseconds', { ...signed(body), 'webhook-timestamp': '1772442905000' }],
    ['a signature made with another key', signed(body, NOW, 'whsec_c2VjcmV0LWtleS1vbmUtMg==')],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(body, headers)).toThrow(UnauthenticatedError);
  });

  it('answers 503 when the stored secret is not whsec_ and base64, without echoing it', () => {
    const check = () => verify(body, signed(body), NOW, 'whsec_not base64!');

    expect(check).toThrow(DependencyUnavailableError);
    expect(check).not.toThrow(/not base64!/);
  });

  it('answers 503 for a key shorter than the 24 bytes the spec asks for', () => {
    const short = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    expect(() => verify(body, signed(body), NOW, short)).toThrow(/at least 24 bytes/);
  });
});

describe('Standard Webhooks classification', () => {
  const body = fixture('standard/booking-created.json');
  const classify = (options: Record<string, unknown> = {}, content = body) =>
    standard.classify(
      parsed(content),
      webhookRequest(content, signed(content)),
      sourceOf(standard.sourceSchema, { kind: 'standard', ...options }),
    );

  it('books booking.created by webhook-id at data.start', () => {
    const booking = booked(classify());

    expect(booking).toMatchObject({ event: 'booking.created', bookingId: 'msg_2wQexample01' });
    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-03-10 13:00:00');
  });

  it('takes the booking id and event from configured fields', () => {
    const booking = booked(
      classify({ bookingIdField: 'data.id', eventField: 'type', events: ['booking.created'] }),
    );

    expect(booking.bookingId).toBe('bk_0042');
  });

  it('ignores events outside the list, and bodies without an event', () => {
    const canceled = body.replace('booking.created', 'booking.canceled');

    expect(classify({}, canceled)).toMatchObject({
      action: 'ignore',
      event: 'booking.canceled',
    });
    expect(classify({ eventField: 'data.kind' })).toMatchObject({ action: 'ignore' });
  });

  it('refuses a body without the configured booking id field with a 400', () => {
    expect(() => classify({ bookingIdField: 'data.booking_ref' })).toThrow(MalformedBodyError);
  });
});
