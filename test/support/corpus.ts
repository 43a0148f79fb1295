/**
 * The corpus of named bad (and merely odd) inputs, each with the answer every sender kind must
 * give it. Requests are authentic unless the case says otherwise: signed by the kind's sender
 * over the exact bytes, so that each case reaches the step it is about.
 */
import { booking, bookingText, FIELDS } from './bookings';
import { type HeaderPairs, type Kind, PROOF_HEADERS, type SecurityHarness } from './security';

export interface Expected {
  readonly status: number;
  /** Matched against `error.message`, or the answer's `status` for a 2xx. */
  readonly says?: RegExp | string;
  /** The field `error.details.field` names. */
  readonly field?: string;
  /** Text of the body the answer must not quote. */
  readonly hides?: string;
}

export interface CorpusCase {
  readonly name: string;
  /** The request to a kind's source. */
  request(kind: Kind, harness: SecurityHarness): { body: Buffer; headers: HeaderPairs };
  expected(kind: Kind): Expected;
}

const LIMIT = 256 * 1024;
const INVITEE_EMAIL = 'jan.kowalski@example.com';
/** Stands for a value too deep to serialise; the text is spliced in after serialisation. */
const DEEP = '__nested_10000_deep__';
const created: Expected = { status: 200, says: 'created' };
const deep = (open: string, inner: string, close: string) =>
  `${open.repeat(10_000)}${inner}${close.repeat(10_000)}`;

/** The sender's headers for `body`, with the content type replaced (or dropped: null). */
function signed(
  harness: SecurityHarness,
  kind: Kind,
  body: Buffer,
  contentType: string | null = 'application/json',
): HeaderPairs {
  const { 'content-type': _dropped, ...proof } = harness.headersFor(kind, body);
  return [
    ...(contentType === null ? [] : [['content-type', contentType] as const]),
    ...Object.entries(proof),
  ];
}

/** A case whose request is a body, signed, with a content type. */
function bodyCase(
  name: string,
  body: (kind: Kind) => string | Buffer,
  expected: (kind: Kind) => Expected,
  contentType = 'application/json',
): CorpusCase {
  return {
    name,
    request: (kind, harness) => {
      const bytes = Buffer.from(body(kind));
      return { body: bytes, headers: signed(harness, kind, bytes, contentType) };
    },
    expected,
  };
}

/** A booking whose start is `start`; Pipedrive splits it into due_date and due_time. */
const withStart = (start: unknown) => (kind: Kind) => bookingText(kind, { start });
const withProject = (project: unknown) => (kind: Kind) => bookingText(kind, { project });

const notAnObject = (found: string) => (kind: Kind) =>
  kind === 'livespace' && found === 'empty'
    ? { status: 204 }
    : {
        status: 400,
        says: found === 'empty' ? /^The body is empty/ : `must be a JSON object, not ${found}`,
      };

const impossibleStart = (says: RegExp, pipedrive: Expected = { status: 422, says }) => {
  return (kind: Kind): Expected =>
    kind === 'pipedrive' ? pipedrive : { status: 422, says, field: FIELDS[kind].start };
};

const notAProject = (kind: Kind): Expected => ({
  status: 422,
  says: /is not a valid Conpeek project identifier/,
  field: FIELDS[kind].project,
});

/** A field every kind's schema or contract needs is missing: 400, or ignored where it is not. */
const notABooking = (kind: Kind): Expected =>
  kind === 'standard'
    ? { status: 200, says: 'ignored' }
    : { status: 400, says: /does not look like|has no booking id/ };

export const CORPUS: readonly CorpusCase[] = [
  bodyCase('an empty body', () => '', notAnObject('empty')),
  bodyCase('the body null', () => 'null', notAnObject('null')),
  bodyCase('the body []', () => '[]', notAnObject('an array')),
  bodyCase('the body "text"', () => '"text"', notAnObject('string')),
  bodyCase('the body 42', () => '42', notAnObject('number')),
  bodyCase(
    'invalid JSON',
    () => '{"booking_id":"x",',
    () => ({ status: 400, says: /not valid/ }),
  ),
  bodyCase(
    'a UTF-8 byte order mark before a booking',
    (k) => `\uFEFF${bookingText(k)}`,
    () => created,
  ),
  // Three bytes: not Livespace's empty handshake, but no JSON either.
  bodyCase(
    'a UTF-8 byte order mark alone',
    () => '\uFEFF',
    () => ({
      status: 400,
      says: /^The body is empty/,
    }),
  ),
  bodyCase('an array nested 10,000 deep', () => deep('[', '', ']'), notAnObject('an array')),
  bodyCase('an object nested 10,000 deep', () => deep('{"a":', '1', '}'), notABooking),
  bodyCase(
    'a booking with a field nested 10,000 deep',
    (kind) => JSON.stringify(booking(kind)).replace(/^\{/, `{"deep":${deep('[', '', ']')},`),
    () => created,
  ),
  bodyCase(
    'a 5 MB string',
    () => JSON.stringify('x'.repeat(5 * 1024 * 1024)),
    () => ({ status: 413, says: `this endpoint accepts at most ${LIMIT}` }),
  ),
  bodyCase(
    'a body over the limit sent base64 (counted in decoded bytes)',
    () => Buffer.alloc(300_000, 0xa7),
    () => ({ status: 413, says: /^The body is 300000 bytes/ }),
    'application/octet-stream',
  ),
  bodyCase(
    'a base64 body under the limit whose base64 text is over it',
    () => Buffer.alloc(250_000, 0xa7),
    () => ({ status: 415, says: 'Content-Type application/octet-stream is not supported' }),
    'application/octet-stream',
  ),
  bodyCase(
    'a body over the limit that is not JSON either (size is checked before any parse)',
    () => '{'.repeat(LIMIT + 1),
    () => ({ status: 413, says: /^The body is 262145 bytes/ }),
  ),
  {
    name: 'a body over the limit without any signature (size is checked before the proof)',
    request: () => ({ body: Buffer.alloc(LIMIT + 1, 0x20), headers: [] }),
    expected: () => ({ status: 413, says: /^The body is 262145 bytes/ }),
  },
  {
    name: 'Content-Type sent twice (payload 2.0 joins the values with a comma)',
    request: (kind, harness) => {
      const body = Buffer.from(bookingText(kind));
      const headers = signed(harness, kind, body, 'application/json');
      return { body, headers: [...headers, ['content-type', 'text/plain']] };
    },
    expected: () => created,
  },
  {
    name: 'the proof header sent twice (joined, it is no longer the proof)',
    request: (kind, harness) => {
      const body = Buffer.from(bookingText(kind));
      const headers = signed(harness, kind, body);
      const proof = PROOF_HEADERS[kind]?.at(-1) ?? '';
      return { body, headers: [...headers, ...headers.filter(([name]) => name === proof)] };
    },
    expected: () => ({ status: 401 }),
  },
  bodyCase(
    'a charset on the content type',
    (k) => bookingText(k),
    () => created,
    'application/json; charset=utf-8',
  ),
  bodyCase(
    'a charset, capitals and quotes',
    (k) => bookingText(k),
    () => created,
    'Application/JSON; Charset="UTF-8"',
  ),
  bodyCase(
    '__proto__, constructor and prototype keys beside a booking',
    (kind) =>
      JSON.stringify(booking(kind)).replace(
        /^\{/,
        '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
          '"prototype":{"polluted":"yes"},',
      ),
    () => created,
  ),
  bodyCase(
    'a booking only under __proto__',
    (kind) => `{"__proto__":${bookingText(kind)}}`,
    notABooking,
  ),
  bodyCase(
    'a start that is an array nested 10,000 deep',
    (kind) => bookingText(kind, { start: DEEP }).replace(`"${DEEP}"`, deep('[', '', ']')),
    (kind) =>
      ['hubspot', 'livespace', 'standard'].includes(kind)
        ? {
            status: 422,
            says: /is not an ISO|must be a date-time string/,
            field: FIELDS[kind].start,
          }
        : { status: 400, says: /does not look like/ },
  ),
  bodyCase(
    'the start 2026-02-30',
    withStart('2026-02-30T10:00:00Z'),
    impossibleStart(/has no such day/),
  ),
  bodyCase(
    'the start 24:00:00',
    withStart('2026-03-10T24:00:00Z'),
    impossibleStart(/has no such time of day/),
  ),
  bodyCase(
    'the start 23:59:60',
    withStart('2026-03-10T23:59:60Z'),
    impossibleStart(/has no such time of day/),
  ),
  bodyCase(
    'the start in the year 10000',
    withStart('10000-03-10T10:00:00Z'),
    impossibleStart(/is not an ISO 8601 date-time/, { status: 422, says: /must be YYYY-MM-DD/ }),
  ),
  bodyCase(
    'the start "1e20"',
    withStart('1e20'),
    impossibleStart(/is not an ISO|must be YYYY-MM-DD/),
  ),
  bodyCase('the start 1e20, a number', withStart(1e20), (kind) =>
    ['hubspot', 'livespace', 'standard'].includes(kind)
      ? {
          status: 422,
          says: /epoch milliseconds|must be a date-time string/,
          field: FIELDS[kind].start,
        }
      : { status: 400, says: /does not look like/ },
  ),
  bodyCase(
    'a start with no zone information',
    withStart('2026-03-10T10:00:00'),
    impossibleStart(/has no time zone/, { status: 200, says: 'created' }),
  ),
  bodyCase('a project with spaces', withProject('PRJ 0042'), notAProject),
  bodyCase('a project with slashes', withProject('PRJ/../0042'), notAProject),
  bodyCase('a project 10 KB long', withProject('P'.repeat(10 * 1024)), notAProject),
  bodyCase('a project that is not ASCII', withProject('PRJ0042ż'), notAProject),
  // An invitee's e-mail typed into the field a project or start is read from is refused, and
  // not quoted back: answers carry no personal data.
  bodyCase('a project that is an e-mail address', withProject(INVITEE_EMAIL), (kind) => ({
    ...notAProject(kind),
    hides: INVITEE_EMAIL,
  })),
  bodyCase('a start that is an e-mail address', withStart(INVITEE_EMAIL), (kind) =>
    kind === 'pipedrive'
      ? { status: 422, says: /must be YYYY-MM-DD/, hides: INVITEE_EMAIL }
      : {
          status: 422,
          says: /is not an ISO 8601/,
          field: FIELDS[kind].start,
          hides: INVITEE_EMAIL,
        },
  ),
];
