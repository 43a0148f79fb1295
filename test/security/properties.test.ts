/**
 * Properties of the whole pipeline, for every verifying source, in-process (the event the local
 * gateway builds, handed to the real handler; SSM stand-in, dynalite and Conpeek sandbox
 * behind it): whatever the body, the header set and the encoding, the answer is a documented
 * status and never 5xx, nothing escapes the handler, and Conpeek is called only for an
 * authentic request that maps cleanly, with exactly the documented request.
 *
 * Inputs tried: 500 per kind (calendly, calcom, hubspot signed, hubspot with a token,
 * pipedrive, livespace, standard, generic), 4,000 in all, fast-check seed 20260302. About six
 * in ten carry a valid proof; most bodies are bookings of that kind with odd starts, projects,
 * events and up to three mutated fields, the rest JSON values, text or bytes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_PATTERN } from '../../lambda/config/fields';
import { type RequestShape, requestArb } from '../support/arbitraries';
import { type Capture, captureOutput } from '../support/capture';
import {
  type HeaderPairs,
  PROOF_HEADERS,
  SECURITY_PARAMETERS,
  SecurityHarness,
  VERIFYING_SOURCES,
  windowOf,
} from '../support/security';

const PROPERTY = { seed: 20260302, numRuns: 500, endOnFailure: true } as const;
/** What a request can be answered with while SSM, DynamoDB and Conpeek are healthy. */
const DOCUMENTED = [200, 204, 400, 401, 413, 415, 422];
/** No answer and no log line needs more; a longer one echoes something it should not. */
const MAX_TEXT = 4_096;
const CONPEEK_KEY = SECURITY_PARAMETERS['/sec/conpeek-key'] ?? '';
/** Sources whose proof covers the body; a token does not, so a changed body still verifies. */
const SIGNS_BODY = new Set(['calendly', 'calcom', 'hubspot', 'livespace', 'standard']);
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

const harness = new SecurityHarness();
let output: Capture;
let logOffset = 0;

beforeAll(async () => {
  output = captureOutput();
  await harness.start();
});
afterAll(async () => {
  await harness.close();
  output.restore();
});

/** The log lines written since the last call. */
function newLogLines(): string[] {
  const text = output.text();
  const fresh = text.slice(logOffset);
  logOffset = text.length;
  return fresh.split('\n').filter((line) => line.startsWith('{'));
}

/** The proof headers the shape asks for, and whether they are what the sender would send. */
function prove(name: string, body: Buffer, shape: RequestShape) {
  const source = harness.source(name);
  const window = windowOf(source);
  const now = harness.clock.ms;
  // Outside the window: a random distance beyond it, either way.
  const beyond = ((window ?? 0) + 1 + Math.abs(shape.skew) * 1e6) * 1000;
  const signedAt = {
    valid: now + shape.skew * (window ?? 30 * 86_400) * 1000,
    forged: now,
    missing: now,
    garbled: now,
    stale: now - beyond,
    early: now + beyond,
  }[shape.proof];
  const secret =
    shape.proof !== 'forged'
      ? harness.secretOf(name)
      : source.kind === 'standard'
        ? `whsec_${Buffer.from(shape.forgedSecret).toString('base64')}`
        : shape.forgedSecret;
  const headers = harness.headersFor(name, body, { secret, signedAt: new Date(signedAt) });
  delete headers['content-type'];

  const names = PROOF_HEADERS[name] ?? [];
  const changed = names[shape.proofHeader % names.length] ?? '';
  const original = headers[changed];
  if (shape.proof === 'missing') delete headers[changed];
  if (shape.proof === 'garbled') headers[changed] = shape.garbage;

  const inWindow = window === undefined || (shape.proof !== 'stale' && shape.proof !== 'early');
  const authentic =
    secret === harness.secretOf(name) &&
    inWindow &&
    (shape.proof !== 'missing' || original === undefined) &&
    (shape.proof !== 'garbled' || shape.garbage === original);
  return { headers, authentic };
}

/** What Conpeek received must be exactly the documented request, for a start still ahead. */
function expectDocumentedRequest(call: { path: string; authorization?: string; body: string }) {
  const request = JSON.parse(call.body) as Record<string, string>;
  expect(call.path).toBe('/api/meets/meet');
  expect(call.authorization).toBe(CONPEEK_KEY);
  expect(Object.keys(request).sort()).toEqual(['from_date', 'project_target_identifier']);
  expect(request.from_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const start = Date.parse(`${request.from_date?.replace(' ', 'T')}Z`);
  expect(start).toBeGreaterThanOrEqual(harness.clock.ms - 300_000);
  expect(request.project_target_identifier).toMatch(PROJECT_PATTERN);
}

describe.each(VERIFYING_SOURCES)('%s', (name) => {
  it('answers any request as documented, calling Conpeek only when it should', async () => {
    const kind = harness.source(name).kind;
    const secret = harness.secretOf(name);

    await fc.assert(
      fc.asyncProperty(requestArb(kind), async (shape) => {
        // Prepare: the bytes, their proof, the content types and unrelated headers.
        const body = Buffer.from(shape.body);
        const { headers, authentic } = prove(name, body, shape);
        const pairs: HeaderPairs = [
          ...Object.entries(headers),
          ...shape.contentTypes.map((type) => ['content-type', type] as const),
          ...shape.extra,
        ];
        const before = harness.received().length;
        newLogLines();

        // Act.
        const reply = await harness.invoke(name, body, pairs, shape.base64);

        // Assess: the status.
        const handshake = kind === 'livespace' && body.length === 0;
        expect(DOCUMENTED).toContain(reply.status);
        if (handshake) expect(reply.status).toBe(204);
        else if (!authentic || (!reply.intact && SIGNS_BODY.has(name))) {
          expect(reply.status).toBe(401);
        } else expect(reply.status).not.toBe(401);

        // The answer: JSON (but for the empty 204), short, no secret.
        if (reply.status === 204) expect(reply.text).toBe('');
        else if (reply.status >= 400) expect(typeof reply.json.error.message).toBe('string');
        else expect(typeof reply.json.status).toBe('string');
        expect(reply.text.length).toBeLessThanOrEqual(MAX_TEXT);
        for (const hidden of [secret, CONPEEK_KEY]) expect(reply.text).not.toContain(hidden);

        // Conpeek: called once exactly when the answer says so, with the documented request.
        const calls = harness.received().slice(before);
        const called =
          (reply.status === 200 && reply.json.status === 'created') ||
          (reply.status === 422 && reply.json.error.code === 'conpeek_refused');
        expect(calls).toHaveLength(called ? 1 : 0);
        for (const call of calls) expectDocumentedRequest(call);

        // The log: short lines, no error (a 4xx is the sender's problem, not the operator's).
        for (const line of newLogLines()) {
          expect(line.length).toBeLessThanOrEqual(MAX_TEXT);
          expect(JSON.parse(line).level).not.toBe('ERROR');
          for (const hidden of [secret, CONPEEK_KEY]) expect(line).not.toContain(hidden);
        }

        // No key of a body reached a prototype.
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      PROPERTY,
    );
  });
});
