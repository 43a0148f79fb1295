import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConpeekClient, meetEndpoint } from '../../lambda/conpeek/client';
import { redact } from '../../lambda/conpeek/redact';
import { type ConpeekSandbox, startConpeekSandbox } from '../../local/conpeek-sandbox';

const KEY = 'client-test-key-0d9c';
const REQUEST = { from_date: '2026-03-10 13:00:00', project_target_identifier: 'PSKQMXUAZ' };

describe('the endpoint of a base URL', () => {
  it.each([
    ['https://h', 'https://h/meets/meet'],
    ['https://h/', 'https://h/meets/meet'],
    ['https://h/api', 'https://h/api/meets/meet'],
    ['https://h/api/', 'https://h/api/meets/meet'],
  ])('%s → %s (a path prefix is kept, unlike urljoin)', (base, endpoint) => {
    expect(meetEndpoint(base)).toBe(endpoint);
  });
});

describe('Conpeek outcomes, against the sandbox', () => {
  let sandbox: ConpeekSandbox;
  let client: ConpeekClient;
  beforeAll(async () => {
    sandbox = await startConpeekSandbox({ key: KEY, prefix: '/api', projects: ['PSKQMXUAZ'] });
    client = new ConpeekClient({ baseUrl: `${sandbox.url}/`, timeoutMs: 300 });
  });
  afterAll(() => sandbox.close());

  it('sends the raw key, JSON and exactly the two fields, and reads the meeting', async () => {
    const outcome = await client.createMeeting(REQUEST, KEY);
    expect(outcome).toMatchObject({
      kind: 'created',
      meeting: { start: '2026-03-10 13:00:00', end: '2026-03-10 13:30:00', title: 'Spotkanie' },
    });
    expect(sandbox.received.at(-1)).toMatchObject({
      path: '/api/meets/meet',
      authorization: KEY,
      contentType: 'application/json',
    });
  });

  it('classifies every way the call can end', async () => {
    const outcomes: Record<string, unknown> = {};
    outcomes.unknownProject = (
      await client.createMeeting({ ...REQUEST, project_target_identifier: 'NOPE' }, KEY)
    ).kind;
    outcomes.wrongKey = (await client.createMeeting(REQUEST, 'wrong')).kind;
    for (const mode of ['status-500', 'status-429', 'timeout', 'reset', 'not-a-meeting'] as const) {
      sandbox.setMode(mode);
      outcomes[mode] = (await client.createMeeting(REQUEST, KEY)).kind;
    }
    sandbox.setMode('ok');
    const unreachable = new ConpeekClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });
    outcomes.refusedConnection = (await unreachable.createMeeting(REQUEST, KEY)).kind;

    expect(outcomes).toEqual({
      unknownProject: 'refused',
      wrongKey: 'unauthorized',
      'status-500': 'transient',
      'status-429': 'transient',
      timeout: 'transient',
      reset: 'transient',
      'not-a-meeting': 'unreadable',
      refusedConnection: 'transient',
    });
  });

  it('honours Retry-After on a 429', async () => {
    sandbox.setMode('status-429');
    const outcome = await client.createMeeting(REQUEST, KEY);
    sandbox.setMode('ok');
    expect(outcome).toMatchObject({ kind: 'transient', status: 429, retryAfterSeconds: 120 });
  });
});

describe('redacting third-party error text', () => {
  it('removes the key, credential shapes and e-mails, and cuts long text', () => {
    const text = `bad key ${KEY}; Authorization: Bearer abc.def token=xyz123 mail a@b.example ${'z'.repeat(300)}`;
    const safe = redact(text, [KEY]);
    expect(safe).not.toContain(KEY);
    expect(safe).not.toMatch(/abc\.def|xyz123|a@b\.example/);
    expect(safe.length).toBeLessThanOrEqual(201);
  });
});
