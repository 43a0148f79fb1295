import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../../lambda/booking/project';
import { MalformedBodyError, UnauthenticatedError } from '../../../lambda/errors';
import { livespace } from '../../../lambda/senders/livespace';
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

const SECRET = 'test-livespace-secret-93ab';
const PUBLIC_URL = 'https://hooks.example.com/webhooks/livespace';
const options = {
  kind: 'livespace',
  publicUrl: PUBLIC_URL,
  startField: 'data.custom_fields.meeting_start',
  projectFrom: 'data.custom_fields.project_code',
};
const source = sourceOf(livespace.sourceSchema, options);
const signed = (body: string, url = PUBLIC_URL) =>
  SIGNERS.livespace?.({ body, secret: SECRET, now: NOW, url }) ?? {};
const verify = (body: string, headers: Record<string, string>) =>
  livespace.verify(webhookRequest(body, headers), source, SECRET, NOW);
const classify = (body: unknown, extra: Record<string, unknown> = {}) =>
  livespace.classify(
    body as Record<string, unknown>,
    webhookRequest('{}'),
    sourceOf(livespace.sourceSchema, { ...options, ...extra }),
  );

describe('Livespace handshake', () => {
  it('is an empty body, whatever its headers; any content is a delivery', () => {
    expect(livespace.isHandshake?.(webhookRequest(''))).toBe(true);
    expect(
      livespace.isHandshake?.(webhookRequest('', { 'content-type': 'application/json' })),
    ).toBe(true);
    expect(livespace.isHandshake?.(webhookRequest('{}'))).toBe(false);
    expect(livespace.isHandshake?.(webhookRequest(' '))).toBe(false);
  });
});

describe('Livespace signature', () => {
  const body = fixture('livespace/deal-status-changed.json');

  it('accepts hex HMAC-SHA256 of the public URL followed by the raw body', () => {
    expect(() => verify(body, signed(body))).not.toThrow();
  });

  it('verifies \\u escapes and \\/ over the bytes as sent, not as re-serialised', () => {
    const raw = `{"name":"deal.status_changed","data":{"id":"d1","name":"${ESCAPED_TEXT}"}}`;

    expect(reserialised(raw)).not.toBe(raw);
    expect(() => verify(raw, signed(raw))).not.toThrow();
    expect(() => verify(raw, signed(reserialised(raw)))).toThrow(UnauthenticatedError);
  });

  it.each([
    ['no signature', {}],
    ['a signature of the body alone', { 'x-livespace-signature': 'ab'.repeat(32) }],
    ['a signature for another URL', signed(body, 'https://other.example.com/webhooks/x')],
    ['a signature of another body', signed('{"name":"deal.created"}')],
  ])('refuses %s with 401', (_case, headers) => {
    expect(() => verify(body, headers)).toThrow(UnauthenticatedError);
  });
});

describe('Livespace classification', () => {
  const body = parsed(fixture('livespace/deal-status-changed.json'));

  it('books a configured trigger by the deal id at the configured start field', () => {
    const booking = booked(classify(body));

    expect(booking).toMatchObject({
      event: 'deal.status_changed',
      bookingId: 'b7e1c2d3-0000-4000-8000-00000000d001',
      eventType: 'deal.status_changed',
    });
    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-03-10 13:00:00');
    expect(resolveProject(source, body, booking)).toBe('PRJ0042');
  });

  it('reads a wall-time start in the configured zone', () => {
    const local = structuredClone(body) as { data: { custom_fields: Record<string, string> } };
    local.data.custom_fields.meeting_start = '2026-07-15 09:30';

    const booking = booked(classify(local, { timezone: 'Europe/Warsaw' }));

    expect(normaliseStart(booking.start, NOW, 300)).toBe('2026-07-15 07:30:00');
  });

  it('ignores triggers that are not configured', () => {
    expect(classify({ ...body, name: 'deal.created' })).toMatchObject({
      action: 'ignore',
      event: 'deal.created',
    });
  });

  it('refuses a body without the booking id field with a 400 naming it', () => {
    expect(() => classify({ name: 'deal.status_changed', data: {} })).toThrow(MalformedBodyError);
    expect(() => classify({ name: 'deal.status_changed', data: {} })).toThrow(/data\.id/);
  });

  it('requires publicUrl and startField, and a real time zone, in the source options', () => {
    const issues = livespace.sourceSchema.safeParse({
      name: 's',
      secretParameter: '/s',
      kind: 'livespace',
      timezone: 'Europe/Wawa',
    }).error?.issues;

    expect(issues?.map((issue) => issue.path.join('.')).sort()).toEqual([
      'publicUrl',
      'startField',
      'timezone',
    ]);
  });
});
