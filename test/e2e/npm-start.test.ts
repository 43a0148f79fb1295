/**
 * End to end: `npm start`'s server as a child process, exactly as a newcomer runs it, pointed
 * at a Conpeek sandbox this test owns (via CONPEEK_URL) so the test sees what Conpeek received.
 * Every relevant Calendly and generic fixture is posted signed with the example secrets; then
 * every answer and every line the server printed is searched for each secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConpeekSandbox, startConpeekSandbox } from '../../local/conpeek-sandbox';
import { SIGNERS } from '../../local/sign';
import { fixture, post, type Reply } from '../support/local';

const PARAMETERS = JSON.parse(readFileSync('local/parameters.example.json', 'utf8')) as Record<
  string,
  string
>;
const KEY = PARAMETERS['/conpeek-meet-webhook/conpeek-key'] ?? '';
const CALENDLY = PARAMETERS['/conpeek-meet-webhook/calendly-signing-key'] ?? '';
const TOKEN = PARAMETERS['/conpeek-meet-webhook/generic-token'] ?? '';
const CLOCK = '2026-03-02T09:15:05Z';

let sandbox: ConpeekSandbox;
let server: ChildProcess;
let baseUrl = '';
let printed = '';
const answers: Reply[] = [];

async function send(path: string, body: string, headers: Record<string, string>): Promise<Reply> {
  const reply = await post(`${baseUrl}${path}`, body, headers);
  answers.push(reply);
  return reply;
}

const calendlyHeaders = (body: string) =>
  SIGNERS.calendly?.({ body, secret: CALENDLY, now: new Date(CLOCK) }) ?? {};
const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

beforeAll(async () => {
  sandbox = await startConpeekSandbox({ key: KEY, prefix: '/v1' });
  server = spawn('node_modules/.bin/tsx', ['local/start.ts'], {
    env: { ...process.env, PORT: '0', LOCAL_CLOCK: CLOCK, CONPEEK_URL: sandbox.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    printed += chunk.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  baseUrl = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${printed}`)));
    server.stdout?.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
      if (match?.[1]) resolve(match[1]);
    });
  });
});

afterAll(async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await exited;
  await sandbox.close();
});

describe('npm start', () => {
  it('prints each webhook URL and a signed example request', () => {
    expect(printed).toContain(`${baseUrl}/webhooks/calendly`);
    expect(printed).toContain(`${baseUrl}/webhooks/generic`);
    expect(printed).toMatch(/curl -sS -X POST/);
    expect(printed).toMatch(/calendly-webhook-signature: t=\d+,v1=[0-9a-f]{64}/);
  });

  it('turns the Calendly invitee.created fixture into the exact Conpeek request', async () => {
    const body = fixture('calendly/invitee-created.json');
    const reply = await send('/webhooks/calendly', body, calendlyHeaders(body));

    expect(reply.status).toBe(200);
    expect(reply.json.meeting.url).toMatch(/^https:\/\//);
    const call = sandbox.received.at(-1);
    expect(call?.path).toBe('/v1/meets/meet');
    expect(call?.authorization).toBe(KEY);
    expect(JSON.parse(call?.body ?? '')).toEqual({
      from_date: '2026-03-10 13:00:00',
      project_target_identifier: 'PRJ0042',
    });
  });

  it('ignores the Calendly cancel half of a reschedule', async () => {
    const body = fixture('calendly/invitee-canceled-rescheduled.json');
    const before = sandbox.received.length;
    const reply = await send('/webhooks/calendly', body, calendlyHeaders(body));
    expect(reply.json.status).toBe('ignored');
    expect(sandbox.received.length).toBe(before);
  });

  it.each([
    ['generic/booking-created-offset.json', '2026-03-10 13:00:00', 'PRJ0042'],
    ['generic/booking-created-local-zone.json', '2026-07-15 07:30:00', 'PSKQMXUAZ'],
    ['generic/conpeek-shape.json', '2026-03-10 13:00:00', 'PSKQMXUAZ'],
  ])('turns %s into from_date %s for project %s', async (file, fromDate, project) => {
    const reply = await send('/webhooks/generic', fixture(file), bearer);

    expect(reply.status).toBe(200);
    const call = sandbox.received.at(-1);
    expect(call?.authorization).toBe(KEY);
    expect(JSON.parse(call?.body ?? '')).toEqual({
      from_date: fromDate,
      project_target_identifier: project,
    });
  });

  it('refuses forged and unsigned requests without calling Conpeek', async () => {
    const body = fixture('calendly/invitee-created.json');
    const before = sandbox.received.length;
    const forged = await send(
      '/webhooks/calendly',
      body.replace('PRJ0042', 'PRJ0043'),
      calendlyHeaders(body),
    );
    const unsigned = await send('/webhooks/generic', fixture('generic/conpeek-shape.json'), {
      'content-type': 'application/json',
    });
    const wrongToken = await send('/webhooks/generic', fixture('generic/conpeek-shape.json'), {
      ...bearer,
      authorization: `Bearer ${TOKEN}x`,
    });
    expect([forged.status, unsigned.status, wrongToken.status]).toEqual([401, 401, 401]);
    expect(sandbox.received.length).toBe(before);
  });

  it('never shows a secret in an answer or in anything the server printed', async () => {
    // A failure path too: Conpeek refusing the key makes the server log an error.
    sandbox.setKey('another-key');
    const body = JSON.stringify({ booking_id: 'S-1', start: '2026-03-11T10:00:00Z' });
    const refused = await send('/webhooks/generic', body, bearer);
    sandbox.setKey(KEY);
    expect(refused.status).toBe(503);

    const everything = [printed, ...answers.map((a) => a.text)].join('\n');
    for (const secret of Object.values(PARAMETERS)) expect(everything).not.toContain(secret);
    // The start banner prints a fixture on purpose; the logs and answers must not carry people.
    const logs = printed.split('\n').filter((line) => line.startsWith('{'));
    const logsAndAnswers = [...logs, ...answers.map((a) => a.text)].join('\n');
    expect(logs.length).toBeGreaterThan(5);
    for (const person of ['Jan Kowalski', 'jan.kowalski@example.com', 'zofia.w@example.com']) {
      expect(logsAndAnswers).not.toContain(person);
    }
  });
});
