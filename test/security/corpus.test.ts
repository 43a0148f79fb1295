/**
 * The corpus of named bad inputs (`test/support/corpus.ts`) over real HTTP, against one source
 * of every sender kind: each input gets the status and message the corpus names for that kind,
 * and only an input answered `created` reaches Conpeek.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPath } from '../../lambda/booking/path';
import { type Capture, captureOutput } from '../support/capture';
import { CORPUS } from '../support/corpus';
import { KINDS, SecurityHarness } from '../support/security';

const harness = new SecurityHarness();
let output: Capture;
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  output = captureOutput();
  await harness.start();
});
afterAll(async () => {
  await harness.close();
  output.restore();
});

describe.each(KINDS)('%s', (kind) => {
  it.each(CORPUS)('$name', async (corpusCase) => {
    const { body, headers } = corpusCase.request(kind, harness);
    const expected = corpusCase.expected(kind);
    const before = harness.received().length;

    const reply = await harness.send(kind, body, headers);

    expect(reply.status).toBe(expected.status);
    const said: unknown = reply.status < 300 ? reply.json?.status : reply.json?.error?.message;
    if (typeof expected.says === 'string') expect(said).toContain(expected.says);
    if (expected.says instanceof RegExp) expect(said).toMatch(expected.says);
    if (reply.status === 401) expect(reply.json.error.code).toBe('unauthenticated');
    if (expected.field) expect(reply.json.error.details.field).toBe(expected.field);
    if (expected.hides) expect(reply.text).not.toContain(expected.hides);
    expect(harness.received().length - before).toBe(reply.json?.status === 'created' ? 1 : 0);
  });
});

describe('a [key=value] path over a list whose key is nested 10,000 deep', () => {
  it('finds nothing there, and does not overflow the stack comparing it', () => {
    const nested = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    const body = { questions: [{ question: nested, answer: 'PRJ0042' }] };

    const found = () => readPath(body, 'questions[question=Project code].answer');

    expect(found).not.toThrow();
    expect(found()).toBeUndefined();
  });
});

describe('after the whole corpus', () => {
  it('leaves every prototype as it was', () => {
    const probe: Record<string, unknown> = {};

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    expect([probe.polluted, Object.prototype.constructor.name]).toEqual([undefined, 'Object']);
  });
});
