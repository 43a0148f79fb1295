/**
 * The retry worker when things go wrong around a successful attempt: a throttled write after
 * the meeting was created, and too little time left for a Conpeek call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKINGS_TABLE } from '../../lambda/store/tables';
import { type Capture, captureOutput } from '../support/capture';
import {
  post,
  SECRETS,
  startTestEnvironment,
  type TestEnvironment,
  testConfig,
} from '../support/local';

const bearer = { authorization: `Bearer ${SECRETS.generic}`, 'content-type': 'application/json' };
const HOUR = 3_600_000;
let env: TestEnvironment;
let output: Capture;

beforeAll(async () => {
  output = captureOutput();
  env = await startTestEnvironment({
    config: testConfig({
      conpeek: { url: 'http://127.0.0.1:9', keyParameter: '/test/conpeek-key', timeoutMs: 5_000 },
    }),
  });
});
afterAll(async () => {
  await env.close();
  output.restore();
});

async function parkOne(bookingId: string): Promise<void> {
  env.sandbox?.setMode('status-503');
  const body = JSON.stringify({ booking_id: bookingId, start: '2026-03-20T10:00:00Z' });
  const reply = await post(env.webhookUrl('generic'), body, bearer);
  env.sandbox?.setMode('ok');
  expect(reply.status).toBe(202);
}

describe('the retry worker', () => {
  it('never marks a booking failed because recording its created meeting was throttled', async () => {
    await parkOne('W-1');
    env.clock.advance(HOUR);
    // The SDK tries twice; both writes of the verdict are throttled.
    env.dynamo.throttleUpdates(BOOKINGS_TABLE.id, 2);

    const first = await env.runWorker();
    const second = await env.runWorker();
    const failed = await env.wired.parked.list('failed', 100);

    expect(first).toMatchObject({ created: 0, failed: 0, skipped: 1 });
    expect(second).toMatchObject({ duplicates: 1, failed: 0 });
    expect(env.sandbox?.created()).toBe(1);
    expect(failed.find((booking) => booking.bookingId === 'W-1')).toBeUndefined();
  });

  it('ends a Conpeek call before the invocation ends, and parks the booking again', async () => {
    env.sandbox?.setMode('hold');
    const booking = {
      source: 'generic',
      bookingId: 'W-2',
      fromDate: '2026-03-20 10:00:00',
      project: 'PSKQMXUAZ',
    };

    const outcome = await env.wired.meetings.attempt(booking, 2_600);
    env.sandbox?.release();

    // 2.6 s left minus the 1.5 s kept to save the record: the call gets about 1.1 s, not 5 s.
    expect(outcome.status).toBe('transient');
    const reason = outcome.status === 'transient' ? outcome.error.reason : '';
    expect(reason).toMatch(/^no answer within 1\d{3} ms$/);
  });
});
