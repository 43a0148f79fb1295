/**
 * Every sender kind through the local server (gateway, real handler, SSM stand-in, dynalite,
 * Conpeek sandbox) with the clock at the fixtures' 2026-03-02T09:15:05Z: each fixture gives the
 * outcome `fixtures/README.md` states, signed as its sender signs; forged, stale and unsigned
 * requests are 401 and reach nobody; and the faults people hit with these senders stay fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Capture, captureOutput } from '../support/capture';
import { fixture } from '../support/local';
import { SENDER_PARAMETERS, SENDERS_CONFIG, SendersHarness } from '../support/senders';

const senders = new SendersHarness();
let output: Capture;
const calls = () => senders.calls();
const lastMeeting = () => senders.lastMeeting();
const send = senders.send.bind(senders);
const sendSigned = senders.sendSigned.bind(senders);
const headersFor = senders.headersFor.bind(senders);
const minutesAgo = senders.minutesAgo.bind(senders);

beforeAll(async () => {
  output = captureOutput();
  await senders.start();
});
afterAll(async () => {
  await senders.close();
  output.restore();
});

type Outcome = { readonly fromDate: string; readonly project: string } | 'ignored';

describe('every fixture gives the outcome fixtures/README.md states', () => {
  const created = (fromDate: string, project: string): Outcome => ({ fromDate, project });
  it.each<[string, string, Outcome]>([
    ['calendly', 'calendly/invitee-created.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['calendly', 'calendly/invitee-canceled-rescheduled.json', 'ignored'],
    ['calcom', 'calcom/booking-created.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['calcom', 'calcom/booking-rescheduled.json', created('2026-03-12 08:30:00', 'PRJ0042')],
    ['calcom', 'calcom/booking-cancelled.json', 'ignored'],
    ['calcom', 'calcom/ping.json', 'ignored'],
    ['hubspot', 'hubspot/workflow-meeting-booked.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['pipedrive', 'pipedrive/activity-created-v2.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['livespace', 'livespace/deal-status-changed.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['standard', 'standard/booking-created.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    ['generic', 'generic/booking-created-offset.json', created('2026-03-10 13:00:00', 'PRJ0042')],
    [
      'generic',
      'generic/booking-created-local-zone.json',
      created('2026-07-15 07:30:00', 'PSKQMXUAZ'),
    ],
    ['generic', 'generic/conpeek-shape.json', created('2026-03-10 13:00:00', 'PSKQMXUAZ')],
  ])('%s: %s', async (name, file, expected) => {
    const before = calls();

    const reply = await sendSigned(name, fixture(file));

    expect(reply.status).toBe(200);
    if (expected === 'ignored') {
      expect(reply.json.status).toBe('ignored');
      expect(calls()).toBe(before);
    } else {
      // "created", not "duplicate": a Cal.com reschedule is a new meeting, not the first one.
      expect(reply.json.status).toBe('created');
      expect(calls()).toBe(before + 1);
      expect(lastMeeting()).toEqual({
        from_date: expected.fromDate,
        project_target_identifier: expected.project,
      });
    }
  });
});

describe('forged, stale and unsigned requests are 401 and reach nobody', () => {
  const forgedSecrets: Record<string, string> = {
    pipedrive: 'pipedrive-hook:a-guessed-password',
    standard: 'whsec_YS1ndWVzc2VkLWtleS1mb3ItdGhlLXRlc3Q=',
  };
  const cases = SENDERS_CONFIG.sources.flatMap(({ name, kind }) => {
    const body = fixture(
      {
        calendly: 'calendly/invitee-created.json',
        generic: 'generic/booking-created-offset.json',
        calcom: 'calcom/booking-created.json',
        hubspot: 'hubspot/workflow-meeting-booked.json',
        pipedrive: 'pipedrive/activity-created-v2.json',
        livespace: 'livespace/deal-status-changed.json',
        standard: 'standard/booking-created.json',
      }[kind] ?? '',
    );
    const forged = () =>
      headersFor(name, body, { secret: forgedSecrets[kind] ?? 'a-guessed-secret' });
    const stale = () => headersFor(name, body, { signedAt: minutesAgo(40) });
    const rows: Array<[string, string, string, () => Record<string, string>]> = [
      [name, 'forged', body, forged],
      [name, 'unsigned', body, () => ({ 'content-type': 'application/json' })],
    ];
    // Only these kinds sign a time; Cal.com, Livespace, Pipedrive and generic have no window.
    if (['calendly', 'hubspot', 'standard'].includes(kind)) {
      rows.push([name, 'stale (40 minutes)', body, stale]);
    }
    return rows;
  });

  it.each(cases)('%s: %s', async (name, _case, body, headers) => {
    const before = calls();

    const reply = await send(name, body, headers());

    expect(reply.status).toBe(401);
    expect(reply.json.error.code).toBe('unauthenticated');
    expect(calls()).toBe(before);
  });

  it("refuses Cal.com's no-secret-provided like a missing signature", async () => {
    const body = fixture('calcom/booking-created.json');

    const reply = await send('calcom', body, { 'x-cal-signature-256': 'no-secret-provided' });

    expect(reply.status).toBe(401);
    expect(reply.json.error.message).toMatch(/no secret in Cal\.com/);
  });
});

describe('replay windows in the unit each sender writes', () => {
  it.each([
    ['hubspot', 'hubspot/workflow-meeting-booked.json', 'milliseconds'],
    ['calendly', 'calendly/invitee-created.json', 'seconds'],
  ])('%s (%s): 40 minutes old is 401, 60 seconds old is accepted', async (name, file) => {
    const body = fixture(file);

    const stale = await sendSigned(name, body, { signedAt: minutesAgo(40) });
    const recent = await sendSigned(name, body, { signedAt: minutesAgo(1) });

    expect(stale.status).toBe(401);
    expect(stale.json.error.message).toMatch(/2400 s old/);
    expect(recent.status).toBe(200);
  });
});

describe('bodies are verified as sent', () => {
  const note = `"note":"Spotkanie \\u0141\\u00f3d\\u017a (Łódź), https:\\/\\/example.com\\/x"`;
  const start = '2026-03-11T10:00:00Z';
  it.each([
    [
      'calcom',
      `{"triggerEvent":"BOOKING_CREATED",` +
        `"payload":{"uid":"e1","startTime":"${start}",${note}}}`,
    ],
    ['hubspot', `{"hs_object_id":"e2","hs_meeting_start_time":"1773223200000",${note}}`],
    [
      'livespace',
      `{"name":"deal.status_changed",` +
        `"data":{"id":"e3","custom_fields":{"meeting_start":"${start}"},${note}}}`,
    ],
    ['standard', `{"type":"booking.created","data":{"id":"e4","start":"${start}",${note}}}`],
    [
      'calendly',
      `{"event":"invitee.created","payload":{"uri":"https:\\/\\/calendly.example\\/e5",${note},` +
        `"scheduled_event":{"start_time":"${start}"}}}`,
    ],
  ])(
    '%s: \\u escapes, \\/ and UTF-8, signed over the raw bytes, create a meeting',
    async (name, body) => {
      expect(JSON.stringify(JSON.parse(body))).not.toBe(body);

      const reply = await sendSigned(name, body);

      expect(reply.status).toBe(200);
      expect(reply.json.status).toBe('created');
      expect(lastMeeting().from_date).toBe('2026-03-11 10:00:00');
    },
  );
});

describe('Cal.com', () => {
  it('answers a form body from a non-JSON template with 415 naming the cause', async () => {
    const body = 'triggerEvent=BOOKING_CREATED&uid=form-1';
    const headers = { ...headersFor('calcom', body) };
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const before = calls();

    const reply = await send('calcom', body, headers);

    expect(reply.status).toBe(415);
    expect(reply.json.error.message).toMatch(/form data.*custom payload template/s);
    expect(calls()).toBe(before);
  });
});

describe('Pipedrive', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the fixture is edited field by field.
  type Body = Record<string, any>;
  const activity = (change: (body: Body) => void) => {
    const body = JSON.parse(fixture('pipedrive/activity-created-v2.json')) as Body;
    body.data.id = 7700;
    change(body);
    return JSON.stringify(body);
  };

  it('books one meeting for meta.attempt 1 and 2 of the same event', async () => {
    const before = calls();

    const first = await sendSigned(
      'pipedrive',
      activity((b) => {
        b.meta.attempt = 1;
      }),
    );
    const second = await sendSigned(
      'pipedrive',
      activity((b) => {
        b.meta.attempt = 2;
      }),
    );

    expect([first.json.status, second.json.status]).toEqual(['created', 'duplicate']);
    expect(second.json.meeting).toEqual(first.json.meeting);
    expect(calls()).toBe(before + 1);
  });

  it('books a change that moves the activity anew, and ignores one that does not', async () => {
    const moved = activity((b) => {
      b.meta.action = 'change';
      b.data.due_time = '15:30';
      b.previous = { due_time: '13:00' };
    });
    const renamed = activity((b) => {
      b.meta.action = 'change';
      b.previous = { subject: 'Kickoff' };
    });

    const afterMove = await sendSigned('pipedrive', moved);
    const afterRename = await sendSigned('pipedrive', renamed);

    expect(afterMove.json.status).toBe('created');
    expect(lastMeeting().from_date).toBe('2026-03-10 15:30:00');
    expect(afterRename.json.status).toBe('ignored');
  });

  it('answers an activity without a time with 422 naming data.due_time', async () => {
    const reply = await sendSigned(
      'pipedrive',
      activity((b) => {
        b.data.due_time = null;
      }),
    );

    expect(reply.status).toBe(422);
    expect(reply.json.error.details.field).toBe('data.due_time');
  });
});

describe('Livespace', () => {
  it('answers the empty unsigned handshake 204 at once, reading no secret', async () => {
    const ssmBefore = senders.env.ssm.calls();
    const conpeekBefore = calls();
    const started = performance.now();

    const reply = await send('livespace', '', {});

    expect(reply.status).toBe(204);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(senders.env.ssm.calls()).toBe(ssmBefore);
    expect(calls()).toBe(conpeekBefore);
    // The counter does see secret reads: a delivery right after makes some.
    await sendSigned('livespace', fixture('livespace/deal-status-changed.json'));
    expect(senders.env.ssm.calls()).toBeGreaterThan(ssmBefore);
  });
});

describe('Standard Webhooks', () => {
  it('dedupes on webhook-id: a redelivery signed later books nothing new', async () => {
    const body = fixture('standard/booking-created.json').replace('bk_0042', 'bk_0043');
    const before = calls();

    const first = await sendSigned('standard', body, { deliveryId: 'msg_redelivered_1' });
    senders.clock.advance(120_000);
    const again = await sendSigned('standard', body, { deliveryId: 'msg_redelivered_1' });
    senders.clock.advance(-120_000);

    expect([first.json.status, again.json.status]).toEqual(['created', 'duplicate']);
    expect(calls()).toBe(before + 1);
  });
});

describe('secrets', () => {
  it('never appear in an answer or a log line', () => {
    const seen = senders.replies.map((reply) => reply.text).join('\n') + output.text();

    expect(senders.replies.length).toBeGreaterThan(20);
    for (const secret of Object.values(SENDER_PARAMETERS)) expect(seen).not.toContain(secret);
  });
});
