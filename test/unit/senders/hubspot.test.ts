import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedBodyError, UnauthenticatedError } from '../../../lambda/errors';
import { hubspot } from '../../../lambda/senders/hubspot';
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

const SECRET = 'test-hubspot-client-secret-0c4d';
const PUBLIC_URL = 'https://hooks.example.com/prod/webhooks/hubspot';
const v3 = (options: Record<string, unknown> = {}) =>
  sourceOf(hubspot.sourceSchema, { kind: 'hubspot', publicUrl: PUBLIC_URL, ...options });
const signed = (body: string, now = NOW, url = PUBLIC_URL) =>
  SIGNERS.hubspot?.({ body, secret: SECRET, now, url }) ?? {};
const verify = (body: string, headers: Record<string, string>, source = v3()) =>
  hubspot.verify(webhookRequest(body, headers), source, SECRET, NOW);

/** A v3 signature over a timestamp spelled as given, for the header sent as `header`. */
function signedWithTimestamp(body: string, signedText: string, header: string, url = PUBLIC_URL) {
  const signature = createHmac('sha256', SECRET)
    .update(`POST${url}${body}${signedText}`)
    .digest('base64');
  return { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': header };
}

describe('HubSpot v3 request signature', () => {
  const body = fixture('hubspot/workflow-meeting-booked.json');

  it('accepts method + public URL + raw body + timestamp, base64', () => {
    expect(() => verify(body, signed(body))).not.toThrow();
  });

  it('signs the timestamp header 1772442904200 as its text, never as a reformatted number', () => {
    const asSent = signedWithTimestamp(body, '1772442904200', '1772442904200');
    const asFloat = signedWithTimestamp(body, '1772442904200.0', '1772442904200');
    const asExponent = signedWithTimestamp(body, '1.7724429042e12', '1772442904200');

    expect(() => verify(body, asSent)).not.toThrow();
    expect(() => verify(body, asFloat)).toThrow(UnauthenticatedError);
    expect(() => verify(body, asExponent)).toThrow(UnauthenticatedError);
  });

  it('verifies \\u escapes and \\/ over the bytes as sent, not as re-serialised', () => {
    const raw =
      '{"hs_object_id":"1","hs_meeting_start_time":"1773147600000",' +
      `"hs_meeting_title":"${ESCAPED_TEXT}"}`;

    expect(reserialised(raw)).not.toBe(raw);
    expect(() => verify(raw, signed(raw))).not.toThrow();
    expect(() => verify(raw, signed(reserialised(raw)))).toThrow(UnauthenticatedError);
  });

  it('reads the timestamp in milliseconds: 40 minutes old is refused, 60 seconds accepted', () => {
    expect(() => verify(body, signed(body, minutesAgo(40)))).toThrow(/s old/);
    expect(() => verify(body, signed(body, minutesAgo(-40)))).toThrow(/in the future/);
    expect(() => verify(body, signed(body, minutesAgo(1)))).not.toThrow();
  });

  it('refuses a signature made for the URL the function sees instead of the public one', () => {
    const internal = 'https://a1b2c3.execute-api.eu-central-1.amazonaws.com/webhooks/hubspot';

    expect(() => verify(body, signed(body, NOW, internal))).toThrow(/publicUrl/);
  });

  it('decodes the characters HubSpot decodes before signing a URL with a query', () => {
    const pasted = `${PUBLIC_URL}?portal=a%3Ab%2Cc%20d`;
    const asHubSpotSigns = `${PUBLIC_URL}?portal=a:b,c%20d`;
    const headers = signedWithTimestamp(body, '1772442904200', '1772442904200', asHubSpotSigns);

    expect(() => verify(body, headers, v3({ publicUrl: pasted }))).not.toThrow();
  });

  it.each([
    ['no headers', {}],
    ['no timestamp', { 'x-hubspot-signature-v3': 'AAAA' }],
    ['a timestamp in seconds', signedWithTimestamp(body, '1772442904', '1772442904')],
    ['a forged signature', { ...signed(body), 'x-hubspot-signature-v3': 'Zm9yZ2Vk' }],
    ['a signature of another body', signed('{"hs_object_id":"2"}')],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(body, headers)).toThrow(UnauthenticatedError);
  });
});

describe('HubSpot token header', () => {
  const body = fixture('hubspot/workflow-meeting-booked.json');
  const token = sourceOf(hubspot.sourceSchema, { kind: 'hubspot', auth: 'token' });

  it('accepts the configured token in x-webhook-token', () => {
    expect(() => verify(body, { 'x-webhook-token': SECRET }, token)).not.toThrow();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { 'x-webhook-token': `${SECRET}x` }],
    ['a valid v3 signature instead of the token', signed(body)],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(body, headers, token)).toThrow(UnauthenticatedError);
  });
});

describe('HubSpot source options', () => {
  const attempt = (options: Record<string, unknown>) =>
    hubspot.sourceSchema.safeParse({
      name: 's',
      secretParameter: '/s',
      kind: 'hubspot',
      ...options,
    }).error?.issues[0];

  it('requires publicUrl for signature-v3, and https or loopback', () => {
    expect(attempt({})?.path).toEqual(['publicUrl']);
    expect(attempt({ publicUrl: 'http://hooks.example.com/x' })?.message).toMatch(/https/);
    expect(attempt({ publicUrl: 'http://127.0.0.1:3000/webhooks/hubspot' })).toBeUndefined();
    expect(attempt({ auth: 'token' })).toBeUndefined();
  });

  it('refuses a property path that cannot be read', () => {
    expect(attempt({ auth: 'token', startProperty: 'a..b' })?.path).toEqual(['startProperty']);
  });
});

describe('HubSpot classification', () => {
  const classify = (body: unknown, options: Record<string, unknown> = {}) =>
    hubspot.classify(body as Record<string, unknown>, webhookRequest('{}'), v3(options));
  const fromDate = (body: unknown) => normaliseStart(booked(classify(body)).start, NOW, 300);

  it('books the workflow body by hs_object_id at hs_meeting_start_time', () => {
    const booking = booked(classify(parsed(fixture('hubspot/workflow-meeting-booked.json'))));

    expect(booking).toMatchObject({ bookingId: '58123456789', event: 'meeting_booked' });
    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-03-10 13:00:00');
  });

  it('reads the start as epoch-ms text, epoch-ms number or ISO', () => {
    const starts = ['1773147600000', 1773147600000, '2026-03-10T14:00:00+01:00'].map((start) =>
      fromDate({ hs_object_id: 7, hs_meeting_start_time: start }),
    );

    expect(starts).toEqual(Array(3).fill('2026-03-10 13:00:00'));
  });

  it('reads configured paths into the object API shape', () => {
    const body = { id: '9', properties: { hs_meeting_start_time: '2026-03-10T13:00:00Z' } };
    const booking = booked(
      classify(body, {
        bookingIdProperty: 'id',
        startProperty: 'properties.hs_meeting_start_time',
      }),
    );

    expect(booking).toMatchObject({ bookingId: '9', event: 'hubspot.workflow' });
  });

  it('ignores events outside the configured filter, and bodies without an event', () => {
    const options = { events: ['meeting_booked'] };

    expect(classify({ event: 'meeting_canceled', hs_object_id: '1' }, options)).toMatchObject({
      action: 'ignore',
      event: 'meeting_canceled',
    });
    expect(classify({ hs_object_id: '1' }, options)).toMatchObject({ action: 'ignore' });
  });

  it('refuses a body without hs_object_id with a 400 naming it', () => {
    expect(() => classify({ hs_meeting_start_time: '1773147600000' })).toThrow(MalformedBodyError);
    expect(() => classify({ hs_meeting_start_time: '1773147600000' })).toThrow(/hs_object_id/);
  });

  it('types the booking for projectRules by the configured property, else by event', () => {
    const body = { event: 'meeting_booked', hs_object_id: '1', hs_activity_type: 'Discovery' };

    expect(booked(classify(body)).eventType).toBe('meeting_booked');
    expect(booked(classify(body, { eventTypeProperty: 'hs_activity_type' })).eventType).toBe(
      'Discovery',
    );
  });
});
