/**
 * Attacks on the proof of every verifying source, each with the answer the source's scheme
 * calls for: 401, or 200 `created` where the scheme itself accepts the request (a hex HMAC in
 * upper case is the same HMAC; Standard Webhooks lists several signatures during a key
 * rotation; a signature just inside the replay window). Each attack sends a fresh booking.
 */
import { bookingText } from './bookings';
import { type HeaderPairs, type Kind, pairsOf, type SecurityHarness, windowOf } from './security';

/** Where a source's signature sits in its proof header, and how to put another one there. */
interface Slot {
  readonly header: string;
  get(value: string): string;
  set(value: string, signature: string): string;
}

const whole = (header: string): Slot => ({ header, get: (v) => v, set: (_v, s) => s });
const prefixed = (header: string, prefix: string): Slot => ({
  header,
  get: (v) => v.slice(prefix.length),
  set: (_v, s) => `${prefix}${s}`,
});

export const SLOTS: Readonly<Record<string, Slot>> = {
  calendly: {
    header: 'calendly-webhook-signature',
    get: (v) => v.replace(/^.*v1=/, ''),
    set: (v, s) => v.replace(/v1=.*$/, `v1=${s}`),
  },
  calcom: whole('x-cal-signature-256'),
  hubspot: whole('x-hubspot-signature-v3'),
  'hubspot-token': whole('x-webhook-token'),
  pipedrive: prefixed('authorization', 'Basic '),
  livespace: whole('x-livespace-signature'),
  standard: prefixed('webhook-signature', 'v1,'),
  generic: prefixed('authorization', 'Bearer '),
};

/** Sources whose proof is an HMAC over the body; the others send a static credential. */
const HMAC = new Set(['calendly', 'calcom', 'hubspot', 'livespace', 'standard']);

export interface Attack {
  readonly name: string;
  /** The status a source answers, or undefined where the attack means nothing for it. */
  expected(source: string): number | undefined;
  build(source: string, harness: SecurityHarness): { body: Buffer; headers: HeaderPairs };
}

type Headers = Record<string, string>;

/** The sender's valid headers for a fresh booking, changed by `change`. */
function changed(
  change: (headers: Headers, slot: Slot, source: string, harness: SecurityHarness) => void,
  signedAt?: (harness: SecurityHarness, window: number) => Date,
) {
  return (source: string, harness: SecurityHarness) => {
    const body = Buffer.from(bookingText(harness.source(source).kind as Kind));
    const window = windowOf(harness.source(source)) ?? 0;
    const headers = harness.headersFor(source, body, {
      ...(signedAt ? { signedAt: signedAt(harness, window) } : {}),
    });
    const slot = SLOTS[source] as Slot;
    change(headers, slot, source, harness);
    return { body, headers: pairsOf(headers) };
  };
}

const withSignature = (edit: (signature: string) => string) =>
  changed((headers, slot) => {
    headers[slot.header] = slot.set(
      headers[slot.header] ?? '',
      edit(slot.get(headers[slot.header] ?? '')),
    );
  });

const always = () => 401;
const onlyHmac = (source: string) => (HMAC.has(source) ? 401 : undefined);
/** Sources that sign a time, so that a replay window applies (see `windowOf`). */
const TIMED = new Set(['calendly', 'hubspot', 'standard']);
const timed = (status: number) => (source: string) => (TIMED.has(source) ? status : undefined);
const secondsFromNow = (harness: SecurityHarness, seconds: number) =>
  new Date(harness.clock.ms + seconds * 1000);

/** Another secret, in the shape the source's secret has. */
const anotherSecret = (source: string) =>
  ({
    standard: 'whsec_YW5vdGhlci1zdGFuZGFyZC13ZWJob29rcy1rZXk=',
    pipedrive: 'pipedrive-hook:another-password',
  })[source] ?? 'another-secret-entirely';

export const ATTACKS: readonly Attack[] = [
  {
    name: 'no proof header',
    expected: always,
    build: changed((headers, slot) => {
      delete headers[slot.header];
    }),
  },
  {
    name: 'an empty proof header',
    expected: always,
    build: changed((headers, slot) => {
      headers[slot.header] = '';
    }),
  },
  {
    name: 'a signature one character short',
    expected: always,
    build: withSignature((s) => s.slice(0, -1)),
  },
  {
    name: 'a signature one character long',
    expected: always,
    build: withSignature((s) => `${s}a`),
  },
  {
    name: 'the signature in upper case',
    // Hex digits in upper case are the same HMAC (Cal.com and Livespace compare them so);
    // Calendly is held to the lower case it sends; base64 and tokens are case-sensitive.
    expected: (source) => (source === 'calcom' || source === 'livespace' ? 200 : 401),
    build: withSignature((s) => s.toUpperCase()),
  },
  {
    name: 'a valid signature for another body',
    expected: onlyHmac,
    build: (source, harness) => {
      const kind = harness.source(source).kind as Kind;
      const headers = harness.headersFor(source, bookingText(kind));
      return { body: Buffer.from(bookingText(kind)), headers: pairsOf(headers) };
    },
  },
  {
    name: 'a signature made with another secret',
    expected: always,
    build: (source, harness) => {
      const body = Buffer.from(bookingText(harness.source(source).kind as Kind));
      const headers = harness.headersFor(source, body, { secret: anotherSecret(source) });
      return { body, headers: pairsOf(headers) };
    },
  },
  {
    name: 'replayed two seconds after the window closed',
    expected: timed(401),
    build: changed(
      () => undefined,
      (harness, window) => secondsFromNow(harness, -(window + 2)),
    ),
  },
  {
    name: 'signed two seconds before the window closes',
    expected: timed(200),
    build: changed(
      () => undefined,
      (harness, window) => secondsFromNow(harness, -(window - 2)),
    ),
  },
  {
    name: 'dated two seconds beyond the window in the future',
    expected: timed(401),
    build: changed(
      () => undefined,
      (harness, window) => secondsFromNow(harness, window + 2),
    ),
  },
  {
    name: 'dated two seconds inside the window in the future',
    expected: timed(200),
    build: changed(
      () => undefined,
      (harness, window) => secondsFromNow(harness, window - 2),
    ),
  },
  {
    name: 'several signatures, one of them valid',
    // Only Standard Webhooks lists several (key rotation); Calendly sends exactly one v1, and a
    // repeated header of the others arrives joined with a comma, which is no signature.
    expected: (source) => (source === 'standard' ? 200 : 401),
    build: (source, harness) => {
      const { body, headers } = changed(() => undefined)(source, harness);
      const slot = SLOTS[source] as Slot;
      const valid = headers.find(([name]) => name === slot.header)?.[1] ?? '';
      const forged = slot.set(valid, 'f0'.repeat(32));
      if (source === 'calendly' || source === 'standard') {
        const joined =
          source === 'standard' ? `${forged} ${valid}` : `${valid},v1=${'f0'.repeat(32)}`;
        return {
          body,
          headers: headers.map(([n, v]) => [n, n === slot.header ? joined : v] as const),
        };
      }
      const others = headers.filter(([name]) => name !== slot.header);
      return { body, headers: [...others, [slot.header, forged], [slot.header, valid]] };
    },
  },
  {
    name: 'more than ten signatures, the valid one last',
    expected: (source) => (source === 'standard' ? 401 : undefined),
    build: changed((headers, slot) => {
      const valid = headers[slot.header] ?? '';
      headers[slot.header] = [...Array.from({ length: 10 }, () => 'v1,AAAA'), valid].join(' ');
    }),
  },
  {
    name: 'the secret itself in place of the signature',
    // For a token the secret is the proof; only an HMAC scheme can be fooled this way.
    expected: onlyHmac,
    build: changed((headers, slot, source, harness) => {
      headers[slot.header] = slot.set(headers[slot.header] ?? '', harness.secretOf(source));
    }),
  },
];
