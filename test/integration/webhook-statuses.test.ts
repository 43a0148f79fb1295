/**
 * The answer contract over real HTTP: the local gateway, the real handler, the SSM stand-in,
 * dynalite and the Conpeek sandbox. One describe per status of design.md's table.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Capture, captureOutput } from '../support/capture';
import {
  fixture,
  post,
  postSigned,
  receivedBodies,
  SECRETS,
  startTestEnvironment,
  type TestEnvironment,
} from '../support/local';

let env: TestEnvironment;
let output: Capture;
const calls = () => env.sandbox?.received.length ?? 0;
const created = fixture('calendly/invitee-created.json');
const bearer = { authorization: `Bearer ${SECRETS.generic}`, 'content-type': 'application/json' };
let seq = 0;
/** A generic booking with a fresh id, so dedupe never hides a call. */
const genericBooking = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ booking_id: `T-${++seq}`, start: '2026-03-10T14:00:00+01:00', ...fields });

beforeAll(async () => {
  output = captureOutput();
  env = await startTestEnvironment({ projects: ['PSKQMXUAZ', 'PRJ0042'] });
});
afterAll(async () => {
  await env.close();
  output.restore();
});
afterEach(() => {
  env.sandbox?.setMode('ok');
  env.ssm.setDown(false);
});

describe('200 created', () => {
  it('turns a signed Calendly invitee.created into the documented Conpeek request', async () => {
    const reply = await postSigned(env, 'calendly', created);

    expect(reply.status).toBe(200);
    expect(reply.json.status).toBe('created');
    expect(reply.json.meeting.url).toMatch(/^https:\/\/meets\.sandbox\.invalid\//);
    const call = env.sandbox?.received.at(-1);
    expect(call?.path).toBe('/api/meets/meet');
    expect(call?.authorization).toBe(SECRETS.conpeekKey);
    expect(JSON.parse(call?.body ?? '')).toEqual({
      from_date: '2026-03-10 13:00:00',
      project_target_identifier: 'PRJ0042',
    });
  });

  it('passes the Conpeek request shape through unchanged for generic senders', async () => {
    const reply = await post(
      env.webhookUrl('generic'),
      fixture('generic/conpeek-shape.json'),
      bearer,
    );

    expect(reply.status).toBe(200);
    expect(receivedBodies(env).at(-1)).toEqual({
      from_date: '2026-03-10 13:00:00',
      project_target_identifier: 'PSKQMXUAZ',
    });
  });

  it('accepts a vendor +json media type as JSON', async () => {
    const body = genericBooking();
    const reply = await post(env.webhookUrl('generic'), body, {
      ...bearer,
      'content-type': 'application/vnd.example+json',
    });
    expect(reply.status).toBe(200);
  });
});

describe('200 ignored', () => {
  it('ignores the cancel half of a Calendly reschedule without calling Conpeek', async () => {
    const before = calls();
    const reply = await postSigned(
      env,
      'calendly',
      fixture('calendly/invitee-canceled-rescheduled.json'),
    );

    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ignored', event: 'invitee.canceled' });
    expect(calls()).toBe(before);
  });

  it('ignores a generic booking.canceled', async () => {
    const reply = await post(
      env.webhookUrl('generic'),
      genericBooking({ event: 'booking.canceled' }),
      bearer,
    );
    expect(reply.json.status).toBe('ignored');
  });
});

describe('401 unauthenticated', () => {
  it.each([
    ['no signature', {}],
    [
      'a signature over another body',
      { 'calendly-webhook-signature': `t=1772442905,v1=${'ab'.repeat(32)}` },
    ],
    [
      'the signing key pasted as the signature',
      { 'calendly-webhook-signature': `t=1772442905,v1=${SECRETS.calendly}` },
    ],
  ])('refuses a Calendly request with %s, calling nobody', async (_name, headers) => {
    const before = calls();
    const reply = await post(env.webhookUrl('calendly'), created, {
      'content-type': 'application/json',
      ...headers,
    });
    expect(reply.status).toBe(401);
    expect(reply.json.error.code).toBe('unauthenticated');
    expect(calls()).toBe(before);
  });

  it('refuses a Calendly signature 40 minutes old and accepts one 60 seconds old', async () => {
    const ago = (minutes: number) => new Date(env.clock.ms - minutes * 60_000);
    const stale = await postSigned(env, 'calendly', created, {}, ago(40));
    const future = await postSigned(env, 'calendly', created, {}, ago(-40));
    const recent = await postSigned(env, 'calendly', created, {}, ago(1));

    expect(stale.status).toBe(401);
    expect(stale.json.error.message).toMatch(/s old/);
    expect(future.status).toBe(401);
    expect(future.json.error.message).toMatch(/in the future/);
    expect(recent.status).toBe(200);
  });

  it('refuses a wrong bearer token and a token without the Bearer scheme', async () => {
    const wrong = await post(env.webhookUrl('generic'), genericBooking(), {
      ...bearer,
      authorization: 'Bearer not-the-token',
    });
    const bare = await post(env.webhookUrl('generic'), genericBooking(), {
      ...bearer,
      authorization: SECRETS.generic,
    });
    expect([wrong.status, bare.status]).toEqual([401, 401]);
  });
});

describe('400 malformed body', () => {
  it.each([
    ['invalid JSON', '{"booking_id":', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a JSON array', '[]', /JSON object, not an array/],
    ['null', 'null', /not null/],
    ['a body without booking_id', '{"start":"2026-03-10T14:00:00Z"}', /booking_id/],
  ])('answers %s with 400 naming the problem', async (_name, body, message) => {
    const reply = await post(env.webhookUrl('generic'), body, bearer);
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toMatch(message);
  });
});

describe('404, 413, 415', () => {
  it('answers an unknown source with 404', async () => {
    const reply = await post(env.webhookUrl('salesforce'), '{}', bearer);
    expect(reply.status).toBe(404);
    expect(reply.json.error.code).toBe('unknown_source');
  });

  it('answers a source name with broken percent-encoding with 404, not a crash', async () => {
    const reply = await post(`${env.gateway.url}/webhooks/%E0%A4%A`, '{}', bearer);
    expect(reply.status).toBe(404);
  });

  it('answers a body over 256 KB with 413 before reading it', async () => {
    const reply = await post(env.webhookUrl('generic'), `{"pad":"${'x'.repeat(300_000)}"}`, bearer);
    expect(reply.status).toBe(413);
  });

  it('counts decoded bytes of a base64 body against the limit', async () => {
    const reply = await post(env.webhookUrl('generic'), Buffer.alloc(300_000, 0x41), {
      ...bearer,
      'content-type': 'application/octet-stream',
    });
    expect(reply.status).toBe(413);
  });

  it('answers form data with 415 that names the cause', async () => {
    const reply = await post(env.webhookUrl('generic'), 'booking_id=1&start=x', {
      ...bearer,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(reply.status).toBe(415);
    expect(reply.json.error.message).toMatch(/form data/);
  });
});

describe('422 unusable booking', () => {
  it('refuses a start in the past, naming the field', async () => {
    const reply = await post(
      env.webhookUrl('generic'),
      genericBooking({ start: '2026-03-01T10:00:00Z' }),
      bearer,
    );
    expect(reply.status).toBe(422);
    expect(reply.json.error.message).toMatch(/^start is in the past/);
  });

  it('refuses a project identifier that could not be sent to Conpeek', async () => {
    const reply = await post(
      env.webhookUrl('generic'),
      genericBooking({ project: 'PRJ 42/../x' }),
      bearer,
    );
    expect(reply.status).toBe(422);
    expect(reply.json.error.details.field).toBe('project');
  });

  it('passes on Conpeek refusing an unknown project as 422 with its status', async () => {
    const reply = await post(
      env.webhookUrl('generic'),
      genericBooking({ project: 'NOSUCHPRJ' }),
      bearer,
    );
    expect(reply.status).toBe(422);
    expect(reply.json.error).toMatchObject({
      code: 'conpeek_refused',
      details: { conpeekStatus: 404 },
    });
  });
});

describe('409, 202, 502, 503', () => {
  it('answers 409 with Retry-After while the same booking is being created', async () => {
    env.sandbox?.setMode('hold');
    const body = genericBooking();
    const first = post(env.webhookUrl('generic'), body, bearer);
    await env.sandbox?.waitForCalls(calls() + 1);

    const second = await post(env.webhookUrl('generic'), body, bearer);
    env.sandbox?.release();

    expect(second.status).toBe(409);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await first).status).toBe(200);
  });

  it('parks a booking Conpeek could not take and answers 202 queued', async () => {
    env.sandbox?.setMode('status-503');
    const reply = await post(env.webhookUrl('generic'), genericBooking(), bearer);
    expect(reply.status).toBe(202);
    expect(reply.json.status).toBe('queued');
  });

  it('answers 502 when Conpeek says 200 without a meeting', async () => {
    env.sandbox?.setMode('not-a-meeting');
    const reply = await post(env.webhookUrl('generic'), genericBooking(), bearer);
    expect(reply.status).toBe(502);
    expect(reply.json.error.code).toBe('conpeek_unreadable');
  });

  it('answers 503 with Retry-After when SSM is unavailable', async () => {
    const fresh = await startTestEnvironment();
    fresh.ssm.setDown(true);
    const reply = await post(fresh.webhookUrl('generic'), genericBooking(), bearer);
    await fresh.close();

    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('30');
  });

  it('re-reads a rotated Conpeek key once, then succeeds', async () => {
    env.sandbox?.setKey('rotated-key-5e1d');
    env.ssm.put('/test/conpeek-key', 'rotated-key-5e1d');
    const reply = await post(env.webhookUrl('generic'), genericBooking(), bearer);
    env.sandbox?.setKey(SECRETS.conpeekKey);
    env.ssm.put('/test/conpeek-key', SECRETS.conpeekKey);

    expect(reply.status).toBe(200);
    expect(env.sandbox?.received.at(-1)?.authorization).toBe('rotated-key-5e1d');
  });

  it('answers 503 and logs an error when Conpeek refuses even a freshly read key', async () => {
    env.sandbox?.setKey('a-key-we-do-not-have');
    const reply = await post(env.webhookUrl('generic'), genericBooking(), bearer);
    env.sandbox?.setKey(SECRETS.conpeekKey);

    expect(reply.status).toBe(503);
    const line = output.lines().findLast((l) => l.message === 'webhook');
    expect(line).toMatchObject({ level: 'ERROR', status: 503 });
  });
});

describe('secrets from SSM', () => {
  it('reads every configured secret in one call on a cold container', async () => {
    const cold = await startTestEnvironment();
    const reply = await post(cold.webhookUrl('generic'), genericBooking(), bearer);
    const calls = cold.ssm.calls();
    await cold.close();

    expect(reply.status).toBe(200);
    expect(calls).toBe(1);
  });

  it('reads them once and makes no SSM call on warm invocations', async () => {
    await post(env.webhookUrl('generic'), genericBooking(), bearer);
    const warm = env.ssm.calls();

    for (let i = 0; i < 5; i += 1) await post(env.webhookUrl('generic'), genericBooking(), bearer);

    expect(warm).toBeGreaterThan(0);
    expect(env.ssm.calls()).toBe(warm);
  });
});

describe('the log line', () => {
  it('carries the Conpeek status of created, refused and queued bookings', async () => {
    const lastLine = () => output.lines().findLast((l) => l.message === 'webhook');
    await post(env.webhookUrl('generic'), genericBooking(), bearer);
    const created = lastLine();
    await post(env.webhookUrl('generic'), genericBooking({ project: 'NOSUCHPRJ' }), bearer);
    const refused = lastLine();
    env.sandbox?.setMode('status-503');
    await post(env.webhookUrl('generic'), genericBooking(), bearer);
    const queued = lastLine();

    expect(created).toMatchObject({ outcome: 'created', conpeekStatus: 200 });
    expect(refused).toMatchObject({ status: 422, conpeekStatus: 404 });
    expect(queued).toMatchObject({ outcome: 'queued', status: 202, conpeekStatus: 503 });
  });

  it('writes one structured line per webhook, with no secret, name, e-mail or body', async () => {
    const before = output.lines().filter((l) => l.message === 'webhook').length;
    await postSigned(env, 'calendly', created);

    const lines = output.lines().filter((l) => l.message === 'webhook');
    expect(lines.length).toBe(before + 1);
    expect(lines.at(-1)).toMatchObject({
      source: 'calendly',
      project: 'PRJ0042',
      outcome: 'duplicate',
      status: 200,
    });
    expect(typeof lines.at(-1)?.durationMs).toBe('number');
    const text = output.text();
    for (const forbidden of [...Object.values(SECRETS), 'Kowalski', 'jan.kowalski@example.com']) {
      expect(text).not.toContain(forbidden);
    }
  });
});
