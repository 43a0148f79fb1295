/**
 * Attacks on the proof of every verifying source over real HTTP (`test/support/attacks.ts`),
 * replays of sources that sign no time, and the secrets behind the proofs: comparisons that
 * take the same time whatever they compare, and a blank, missing or unusable secret in SSM
 * that refuses everything with 503 and a log line naming the parameter, never accepts.
 *
 * Inputs tried: the 14 attacks of `attacks.ts` on each of the 8 verifying sources (7 kinds and
 * HubSpot's token variant; 79 apply), 5 windowless replays, 16 misconfigured secrets, and 500
 * pairs of strings for the comparison property (fast-check seed 20260302).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeEqual } from '../../lambda/senders/signature';
import { ATTACKS } from '../support/attacks';
import { bookingText } from '../support/bookings';
import { type Capture, captureOutput } from '../support/capture';
import { KINDS, pairsOf, SecurityHarness, VERIFYING_SOURCES } from '../support/security';

const harness = new SecurityHarness();
let output: Capture;

beforeAll(async () => {
  output = captureOutput();
  await harness.start();
});
afterAll(async () => {
  await harness.close();
  output.restore();
});

const cases = VERIFYING_SOURCES.flatMap((source) =>
  ATTACKS.filter((attack) => attack.expected(source) !== undefined).map(
    (attack) => [source, attack.name, attack.expected(source) as number, attack] as const,
  ),
);

describe('attacks on the proof', () => {
  it.each(cases)('%s: %s → %i', async (source, _name, expected, attack) => {
    const { body, headers } = attack.build(source, harness);
    const before = harness.received().length;

    const reply = await harness.send(source, body, headers);

    expect(reply.status).toBe(expected);
    if (expected === 401) expect(reply.json.error.code).toBe('unauthenticated');
    if (expected === 200) expect(reply.json.status).toBe('created');
    expect(harness.received().length - before).toBe(expected === 200 ? 1 : 0);
  });
});

describe('a replay of a source that signs no time', () => {
  it.each(['calcom', 'livespace', 'pipedrive', 'generic', 'hubspot-token'])(
    '%s: the same request 40 minutes later is a duplicate, not a second meeting',
    async (source) => {
      const body = bookingText(harness.source(source).kind as (typeof KINDS)[number]);
      const headers = pairsOf(harness.headersFor(source, body));
      const first = await harness.send(source, body, headers);
      const before = harness.received().length;

      harness.clock.advance(40 * 60_000);
      const replay = await harness.send(source, body, headers);
      harness.clock.advance(-40 * 60_000);

      expect([first.json.status, replay.json.status]).toEqual(['created', 'duplicate']);
      expect(replay.json.meeting).toEqual(first.json.meeting);
      expect(harness.received().length).toBe(before);
    },
  );
});

/** `secret === x`, `x !== expected`…, but not `x === undefined` nor `y === secret.length`. */
const DIRECT_COMPARISON = new RegExp(
  [
    String.raw`\b(secret|expected|credentials)\s*[!=]==(?!\s*(undefined|null)\b)`,
    String.raw`[!=]==\s*(secret|expected)\b(?!\.)`,
  ].join('|'),
);

describe('comparisons', () => {
  it('are equality for any two strings, whatever their lengths, and never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
      { seed: 20260302, numRuns: 500 },
    );
  });

  it('of a proof with its expected value go through safeEqual in every sender kind', () => {
    const directory = join(import.meta.dirname, '../../lambda/senders');
    const files = readdirSync(directory).filter((file) => KINDS.some((k) => file === `${k}.ts`));
    const sources = files.map((file) => readFileSync(join(directory, file), 'utf8'));

    expect(files).toHaveLength(KINDS.length);
    for (const source of sources) {
      expect(source).toMatch(/safeEqual\(/);
      expect(source).not.toMatch(DIRECT_COMPARISON);
    }
  });
});

describe('a secret in SSM that is blank, missing or unusable', () => {
  const misconfigured = [
    ...KINDS.flatMap((kind) => [
      [`${kind}-blank`, '/sec/blank', /"problem":"empty"/] as const,
      [`${kind}-missing`, '/sec/missing', /not found.*"problem":"unreadable"/] as const,
    ]),
    ['pipedrive-no-password', '/sec/pipedrive-no-password', /user:password/] as const,
    ['standard-empty-key', '/sec/standard-empty-key', /whsec_/] as const,
  ];

  it.each(misconfigured)(
    '%s: refuses with 503 and logs the parameter, even signed with that secret',
    async (source, parameter, problem) => {
      const kind = harness.source(source).kind;
      const body = bookingText(kind);
      const blank = harness.secretOf(source);
      const before = harness.received().length;

      const reply = await harness.send(
        source,
        body,
        harness.headersFor(source, body, { secret: blank }),
      );

      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toMatch(/^\d+$/);
      expect(reply.json.error.code).toBe('dependency_unavailable');
      expect(harness.received().length).toBe(before);
      const line = output.lines().findLast((l) => l.message === 'webhook' && l.source === source);
      expect(line).toMatchObject({ level: 'ERROR', status: 503, error: { parameter } });
      expect(JSON.stringify(line)).toMatch(problem);
    },
  );
});
