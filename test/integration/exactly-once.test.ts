/**
 * Exactly one meeting per booking, and nothing lost: concurrency, repeats, owned retries,
 * outages of Conpeek and of DynamoDB, all over real HTTP against dynalite and the sandbox.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runBookingsCli } from '../../local/bookings-cli';
import type { SandboxMode } from '../../local/conpeek-sandbox';
import { type Capture, captureOutput } from '../support/capture';
import {
  FIXTURE_NOW,
  fixture,
  post,
  postSigned,
  SECRETS,
  startTestEnvironment,
  type TestEnvironment,
} from '../support/local';

const bearer = { authorization: `Bearer ${SECRETS.generic}`, 'content-type': 'application/json' };
const HOUR = 3_600_000;
let seq = 0;
const booking = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ booking_id: `X-${++seq}`, start: '2026-03-10T14:00:00+01:00', ...fields });

let env: TestEnvironment;
let output: Capture;
const calls = () => env.sandbox?.received.length ?? 0;
const meetings = () => env.sandbox?.created() ?? 0;

beforeAll(async () => {
  output = captureOutput();
  env = await startTestEnvironment();
});
afterAll(async () => {
  await env.close();
  output.restore();
});
afterEach(() => env.sandbox?.setMode('ok'));

describe('one meeting per booking', () => {
  it('creates exactly one meeting from 100 concurrent deliveries of one booking', async () => {
    const body = booking();
    const before = calls();

    const replies = await Promise.all(
      Array.from({ length: 100 }, () => post(env.webhookUrl('generic'), body, bearer)),
    );

    expect(calls() - before).toBe(1);
    for (const reply of replies) {
      expect([200, 409]).toContain(reply.status);
      if (reply.status === 200) expect(['created', 'duplicate']).toContain(reply.json.status);
    }
    expect(replies.filter((r) => r.json?.status === 'created')).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409).every((r) => r.headers.get('retry-after'))).toBe(
      true,
    );
  });

  it('answers a repeat with the stored meeting and calls Conpeek once', async () => {
    const body = booking();
    const first = await post(env.webhookUrl('generic'), body, bearer);
    const before = calls();

    const repeat = await post(env.webhookUrl('generic'), body, bearer);

    expect(repeat.json).toMatchObject({ status: 'duplicate', meeting: first.json.meeting });
    expect(calls()).toBe(before);
  });

  it('creates a new meeting for a reschedule: same booking, new start', async () => {
    const id = `R-${++seq}`;
    const first = await post(env.webhookUrl('generic'), booking({ booking_id: id }), bearer);
    const moved = await post(
      env.webhookUrl('generic'),
      booking({ booking_id: id, start: '2026-03-11T09:00:00Z', event: 'booking.rescheduled' }),
      bearer,
    );
    expect([first.json.status, moved.json.status]).toEqual(['created', 'created']);
    expect(moved.json.meeting.id).not.toBe(first.json.meeting.id);
  });

  it('creates two meetings for two bookings at the same time and project', async () => {
    const before = meetings();
    const a = await post(env.webhookUrl('generic'), booking(), bearer);
    const b = await post(env.webhookUrl('generic'), booking(), bearer);
    expect([a.json.status, b.json.status]).toEqual(['created', 'created']);
    expect(meetings() - before).toBe(2);
  });
});

describe('a day later', () => {
  it('answers the same Calendly booking delivered a day later as a duplicate', async () => {
    // Date itself is moved, so the idempotency records age as they would in AWS.
    vi.useFakeTimers({ toFake: ['Date'], now: FIXTURE_NOW });
    try {
      const later = await startTestEnvironment();
      const body = fixture('calendly/invitee-created.json');
      const first = await postSigned(later, 'calendly', body, {}, new Date());
      vi.setSystemTime(FIXTURE_NOW + 24 * HOUR);
      later.clock.advance(24 * HOUR);

      const repeat = await postSigned(later, 'calendly', body, {}, new Date());
      await later.close();

      expect(first.json.status).toBe('created');
      expect(repeat.json.status).toBe('duplicate');
      expect(later.sandbox?.received).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** The row `npm run bookings -- list --state failed --json` shows for a booking id. */
async function listedAsFailed(bookingId: string): Promise<Record<string, string> | undefined> {
  const listed = await runBookingsCli([
    'list',
    '--state',
    'failed',
    '--json',
    '--endpoint',
    env.dynamo.url,
  ]);
  const rows = JSON.parse(listed.output) as Array<Record<string, string>>;
  return rows.find((row) => row.bookingId === bookingId);
}

describe('owned retries', () => {
  it.each<SandboxMode>(['status-500', 'status-429', 'timeout', 'reset'])(
    'queues a booking when Conpeek fails with %s, then the worker creates it exactly once',
    async (mode) => {
      const body = booking();
      env.sandbox?.setMode(mode);
      const queued = await post(env.webhookUrl('generic'), body, bearer);
      const retried = await post(env.webhookUrl('generic'), body, bearer);
      expect([queued.status, retried.status]).toEqual([202, 202]);
      expect(queued.json.status).toBe('queued');

      env.sandbox?.setMode('ok');
      const before = meetings();
      env.clock.advance(HOUR);
      const run = await env.runWorker();
      const again = await env.runWorker();
      const senderRetry = await post(env.webhookUrl('generic'), body, bearer);

      expect(meetings() - before).toBe(1);
      expect(run.created).toBeGreaterThanOrEqual(1);
      expect(again.created).toBe(0);
      expect(senderRetry.json.status).toBe('duplicate');
    },
  );

  it('gives up on a booking whose start passes while Conpeek stays down', async () => {
    env.sandbox?.setMode('status-503');
    const start = new Date(env.clock.ms + 2 * HOUR);
    const body = booking({ start: start.toISOString() });
    expect((await post(env.webhookUrl('generic'), body, bearer)).status).toBe(202);

    env.clock.advance(4 * HOUR);
    const run = await env.runWorker();
    const failed = await listedAsFailed(`X-${seq}`);
    const replay = await runBookingsCli([
      'replay',
      String(failed?.key),
      '--endpoint',
      env.dynamo.url,
    ]);

    expect(run.failed).toBeGreaterThanOrEqual(1);
    expect(failed?.state).toBe('failed');
    expect(failed?.start).toBe(`${start.toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    expect(failed?.lastError).toMatch(/passed/);
    expect(replay.code).toBe(1);
    expect(replay.output).toMatch(/has passed; it cannot be replayed/);
    const line = output.lines().findLast((l) => l.message === 'parked booking failed');
    expect(line?.level).toBe('ERROR');
    expect(output.text()).toMatch(/"BookingsFailed":1/);
  });

  it('replays a failed booking whose start is still ahead once the operator fixed the cause', async () => {
    const policy = env.config.settings.retry;
    env.sandbox?.setMode('status-500');
    const body = booking({ start: '2026-03-20T10:00:00Z' });
    await post(env.webhookUrl('generic'), body, bearer);
    for (let attempt = 0; attempt < policy.maxAttempts; attempt += 1) {
      env.clock.advance(2 * HOUR);
      await env.runWorker();
    }
    const row = await listedAsFailed(`X-${seq}`);
    expect(row?.lastError).toMatch(/gave up after 12 attempts/);

    env.sandbox?.setMode('ok');
    // The command line reads the real clock; it is set to the test's March 2026.
    vi.useFakeTimers({ toFake: ['Date'], now: env.clock.ms });
    const replay = await runBookingsCli(['replay', '--all', '--endpoint', env.dynamo.url]).finally(
      () => vi.useRealTimers(),
    );
    const before = meetings();
    await env.runWorker();

    expect(replay.output).toMatch(/Replayed [1-9]/);
    expect(meetings() - before).toBe(1);
  });
});

describe('DynamoDB unavailable', () => {
  it('answers 503 with Retry-After and creates no meeting without its record', async () => {
    const down = await startTestEnvironment();
    await down.dynamo.close();

    const reply = await post(down.webhookUrl('generic'), booking(), bearer);
    await down.close();

    expect(reply.status).toBe(503);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(down.sandbox?.received).toHaveLength(0);
  });
});
