/**
 * fast-check arbitraries for the security properties: bodies (bookings of a kind with odd
 * starts, projects, events and mutations; raw JSON values, text and bytes), header sets
 * (content types, unrelated headers, repeated names) and the proof a request carries (valid,
 * forged with another secret, missing, garbled, outside its window).
 */
import fc from 'fast-check';
import { booking, FIELDS, type JsonBody, setPath } from './bookings';
import { type Kind, KNOWN_PROJECTS } from './security';

const FIXTURE_NOW_S = Date.parse('2026-03-02T09:15:05Z') / 1000;

/** Stands for a list nested 10,000 deep, spliced into the JSON text after serialisation. */
const DEEP = '__nested_10000_deep__';
const DEEP_TEXT = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

/** A long text, as a sender's template may fill any field with by accident. */
const longText = fc.nat({ max: 999 }).map((n) => `${'L'.repeat(4_500)}${n}`);

/** ISO 8601 of an instant in whole seconds, with `Z`, an offset, or a fraction. */
const isoStart = (fromS: number, toS: number) =>
  fc
    .tuple(
      fc.integer({ min: fromS, max: toS }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant('Z') },
        fc.constantFrom('+00:00', '+01:00', '-0530', '.123456Z', '.5+02:00'),
      ),
    )
    .map(([seconds, suffix]) => {
      const utc = new Date(seconds * 1000).toISOString().slice(0, 19);
      // The wall time is UTC's; an offset makes it another instant, still a valid one.
      return `${utc}${suffix}`;
    });

/** Starts: mostly future, some past, impossible, zone-less, epoch, or not text at all. */
export const startArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: isoStart(FIXTURE_NOW_S + 3_600, FIXTURE_NOW_S + 400 * 86_400) },
  { weight: 1, arbitrary: isoStart(FIXTURE_NOW_S - 400 * 86_400, FIXTURE_NOW_S - 3_600) },
  {
    // Conpeek's own from_date, which the generic kind passes through.
    weight: 1,
    arbitrary: isoStart(FIXTURE_NOW_S, FIXTURE_NOW_S + 400 * 86_400).map((iso) =>
      iso.slice(0, 19).replace('T', ' '),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-03-10T24:00:00Z',
      '2026-03-10T23:59:60Z',
      '10000-03-10T10:00:00Z',
      '2026-03-10T10:00:00',
      '2026-03-29T02:30:00',
      '2026-13-01T10:00:00Z',
      '2026-03-10T10:00:00+25:00',
      '1e20',
      '1773147600000',
      '1773147600',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(1e20), fc.jsonValue()) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), longText, fc.constant(DEEP)) },
);

/** Projects: known, unknown to Conpeek but well-formed, malformed, or not text. */
export const projectArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_PROJECTS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z0-9_-]{2,12}$/) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('PRJ 0042', 'PRJ/../0042', 'PRJ0042ż', '项目', '__proto__', 'constructor'),
      fc.string({ unit: 'binary', maxLength: 80 }),
      longText,
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
);

/** Event values each kind knows, the one that books first; then anything else. */
const EVENTS: Readonly<Record<Kind, readonly string[]>> = {
  calendly: ['invitee.created', 'invitee.canceled'],
  calcom: ['BOOKING_CREATED', 'BOOKING_RESCHEDULED', 'BOOKING_CANCELLED', 'PING'],
  hubspot: ['meeting_booked'],
  pipedrive: ['create', 'change', 'delete'],
  livespace: ['deal.status_changed', 'deal.created'],
  standard: ['booking.created', 'booking.rescheduled', 'booking.canceled'],
  generic: ['booking.created', 'booking.rescheduled', 'booking.canceled'],
};

const eventArb = (kind: Kind): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(EVENTS[kind][0]) },
    { weight: 2, arbitrary: fc.constantFrom(...EVENTS[kind]) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), longText, fc.jsonValue({ maxDepth: 1 })) },
  );

/** Conpeek's request fields, which a generic body may carry instead of its own contract. */
const CONPEEK_SHAPE = ['from_date', 'project_target_identifier'];

/** Keys an attacker tries on any object, the kind's own paths, and a few more. */
const pathArb = (kind: Kind): fc.Arbitrary<string> => {
  const fields = Object.values(FIELDS[kind]);
  const prefixes = [...new Set(fields.map((path) => path.split('.').slice(0, -1).join('.')))];
  const hostile = fc
    .tuple(
      fc.constantFrom('', ...prefixes.filter(Boolean)),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
      fc.constantFrom('', '.polluted', '.prototype.polluted'),
    )
    .map(([prefix, key, rest]) => `${prefix ? `${prefix}.` : ''}${key}${rest}`);
  const others = ['meta.entity', 'data.type', 'data.previous', 'timezone', ...CONPEEK_SHAPE];
  return fc.oneof(fc.constantFrom(...fields, ...others), hostile);
};

/** A value written at a path; `undefined` removes the field. */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  startArb,
  projectArb,
  longText,
  fc.constant(undefined),
  fc.constant(DEEP),
  fc.constant({ polluted: 'yes', project_target_identifier: 'EVIL', url: 'http://127.0.0.1:1' }),
);

/** A booking of the kind, possibly mangled: the body that gets furthest into the pipeline. */
export const bookingBodyArb = (kind: Kind): fc.Arbitrary<string> =>
  fc
    .record({
      id: fc.oneof(
        { weight: 3, arbitrary: fc.uuid() },
        fc.string({ maxLength: 300 }),
        fc.integer(),
      ),
      start: startArb,
      project: projectArb,
      event: eventArb(kind),
      mutations: fc.oneof(
        { weight: 2, arbitrary: fc.constant([]) },
        fc.array(fc.tuple(pathArb(kind), valueArb), { minLength: 1, maxLength: 3 }),
      ),
      layout: fc.constantFrom('compact', 'indented', 'bom'),
    })
    .map(({ id, start, project, event, mutations, layout }) => {
      const body: JsonBody = booking(kind, { id: String(id), start, project });
      setPath(body, FIELDS[kind].event, event);
      // A copy: fast-check hands out its constants by reference, and a later path may write
      // into them.
      for (const [path, value] of mutations) setPath(body, path, structuredClone(value));
      const text = layout === 'indented' ? JSON.stringify(body, null, 2) : JSON.stringify(body);
      const deep = text.replaceAll(`"${DEEP}"`, DEEP_TEXT);
      return layout === 'bom' ? `\uFEFF${deep}` : deep;
    });

/** Bodies that are not bookings at all. */
export const rawBodyArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? ''),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom('', '\uFEFF', 'null', '[]', '{}', '"text"', '42', '{"a":', '\u0000'),
);

/** Content-Type headers sent: none, one, or two (payload 2.0 joins them with a comma). */
const contentTypesArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom([], ['application/json'], ['application/json; charset=utf-8']),
  },
  fc.array(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON; Charset="UTF-8"',
      'text/json',
      'application/vnd.example+json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      '',
    ),
    { maxLength: 2 },
  ),
);

/** Headers unrelated to the proof, some of which a naive endpoint would trust. */
const extraHeadersArb = fc.array(
  fc.tuple(
    fc.constantFrom(
      'host',
      'x-forwarded-host',
      'x-forwarded-proto',
      'forwarded',
      'user-agent',
      'cookie',
      'x-conpeek-url',
      'x-request-id',
    ),
    fc.oneof(fc.string({ maxLength: 60 }), fc.constant('127.0.0.1:1')),
  ),
  { maxLength: 3 },
);

/** How the request proves itself. */
export type ProofChoice = 'valid' | 'forged' | 'missing' | 'garbled' | 'stale' | 'early';

export interface RequestShape {
  readonly body: string | Uint8Array;
  readonly contentTypes: readonly string[];
  readonly extra: ReadonlyArray<readonly [string, string]>;
  readonly proof: ProofChoice;
  /** Which proof header a `missing` or `garbled` proof changes (modulo their number). */
  readonly proofHeader: number;
  readonly garbage: string;
  readonly forgedSecret: string;
  /** Seconds the signature is off now by, as a fraction of the window (valid: inside it). */
  readonly skew: number;
  readonly base64: boolean;
}

/** One request to a source of `kind`. */
export const requestArb = (kind: Kind): fc.Arbitrary<RequestShape> =>
  fc.record({
    body: fc.oneof({ weight: 4, arbitrary: bookingBodyArb(kind) }, rawBodyArb),
    contentTypes: contentTypesArb,
    extra: extraHeadersArb,
    proof: fc.oneof(
      { weight: 3, arbitrary: fc.constant<ProofChoice>('valid') },
      {
        weight: 2,
        arbitrary: fc.constantFrom<ProofChoice>('forged', 'missing', 'garbled', 'stale', 'early'),
      },
    ),
    proofHeader: fc.nat({ max: 2 }),
    garbage: fc.oneof(fc.string({ maxLength: 100 }), fc.constant('')),
    forgedSecret: fc.string({ minLength: 1, maxLength: 40 }),
    skew: fc.double({ min: -0.95, max: 0.95, noNaN: true }),
    base64: fc.boolean(),
  });
