/**
 * No leaks: the whole corpus, every signature attack and every misconfigured secret go through
 * the local server, then every answer and every log line is searched for each secret, each
 * credential sent, and the personal data of the fixtures. Conpeek's own error text (from a
 * stand-in that echoes our key back, with credentials, e-mails and kilobytes of noise) reaches
 * the sender and the log only cut short and without anything shaped like a credential.
 *
 * Inputs tried: the corpus on each of the 7 kinds, the attacks on each verifying source, the
 * 14 blank or missing secrets (about 330 requests); 5 leaky Conpeek answers; 600 texts for the
 * redaction property (fast-check seed 20260302), independent of the kind.
 */
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact } from '../../lambda/conpeek/redact';
import { listen, type RunningServer, readBody } from '../../local/http-server';
import { ATTACKS, SLOTS } from '../support/attacks';
import { bookingText } from '../support/bookings';
import { type Capture, captureOutput } from '../support/capture';
import { CORPUS } from '../support/corpus';
import {
  type HeaderPairs,
  KINDS,
  PERSONAL_DATA,
  SECURITY_PARAMETERS,
  SecurityHarness,
  VERIFYING_SOURCES,
} from '../support/security';

const KEY = SECURITY_PARAMETERS['/sec/conpeek-key'] ?? '';
/** What the leaky Conpeek puts beside our key in its error text. */
const ITS_TOKEN = 'tok-3c1d7e99';
const ITS_SECRET = 'two words';

let conpeek: RunningServer;
let trap: RunningServer;
let trapped = 0;
const harness = new SecurityHarness();
let leaky: SecurityHarness;
let output: Capture;

function send(response: ServerResponse, status: number, text: string, headers = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain', ...headers });
  response.end(text);
}

/** A Conpeek that fails by project, echoing the key it received into each error text. */
async function startLeakyConpeek(trapUrl: string): Promise<RunningServer> {
  return listen(async (request, response) => {
    const body = JSON.parse((await readBody(request)).toString('utf8'));
    const key = String(request.headers.authorization);
    const said = `Key ${key} refused for jan.kowalski@example.com; access_token=${ITS_TOKEN}; `;
    const noise = `${'x '.repeat(3_000)}${key}`;
    const project: string = body.project_target_identifier;
    if (project === 'LEAK400') {
      const message = `${said}client_secret: "${ITS_SECRET}" ${noise}`;
      send(response, 400, JSON.stringify({ message }));
    } else if (project === 'LEAK500') {
      send(response, 500, `<html>Authorization: ${key}\n${said}${noise}</html>`);
    } else if (project === 'LEAK200') {
      send(response, 200, JSON.stringify({ oops: key, _id: said }));
    } else if (project === 'LEAK302') {
      send(response, 302, said, { location: `${trapUrl}/steal?key=${key}` });
    } else {
      send(response, 418, `${said}${noise}`);
    }
  });
}

beforeAll(async () => {
  output = captureOutput();
  trap = await listen((_request, response) => {
    trapped += 1;
    response.end();
  });
  conpeek = await startLeakyConpeek(trap.url);
  leaky = await new SecurityHarness({ conpeekUrl: `${conpeek.url}/api` }).start();
  await harness.start();
});
afterAll(async () => {
  await leaky.close();
  await harness.close();
  await conpeek.close();
  await trap.close();
  output.restore();
});

/** Headers that carry a credential (a webhook-id, say, is a booking id and is answered). */
const CREDENTIAL_HEADERS = new Set(Object.values(SLOTS).map((slot) => slot.header));

/** Every credential the requests carried, long enough to be told apart from other text. */
const sentCredentials = new Set<string>();
function remember(headers: HeaderPairs): HeaderPairs {
  for (const [name, value] of headers) {
    if (CREDENTIAL_HEADERS.has(name) && value.length >= 12) sentCredentials.add(value);
  }
  return headers;
}

function hiddenValues(): string[] {
  const secrets = Object.values(SECURITY_PARAMETERS).filter((value) => value.trim().length >= 8);
  const parts = secrets.flatMap((secret) => secret.split(/[:_]/).filter((p) => p.length >= 12));
  return [...secrets, ...parts, ...sentCredentials, ...PERSONAL_DATA, ITS_TOKEN, ITS_SECRET];
}

describe('the whole corpus, every attack and every misconfigured secret', () => {
  it('leave no secret, credential or personal data in any answer or log line', async () => {
    let sent = 0;
    for (const kind of KINDS) {
      for (const corpusCase of CORPUS) {
        const { body, headers } = corpusCase.request(kind, harness);
        await harness.send(kind, body, remember(headers));
        sent += 1;
      }
    }
    for (const source of VERIFYING_SOURCES) {
      for (const attack of ATTACKS.filter((a) => a.expected(source) !== undefined)) {
        const { body, headers } = attack.build(source, harness);
        await harness.send(source, body, remember(headers));
        sent += 1;
      }
    }
    for (const source of harness.env.config.sources.filter((s) =>
      /-(blank|missing)$/.test(s.name),
    )) {
      const body = bookingText(source.kind);
      await harness.send(
        source.name,
        body,
        remember(Object.entries(harness.headersFor(source.name, body))),
      );
      sent += 1;
    }

    const answers = harness.replies.map((reply) => `${JSON.stringify(reply.headers)}${reply.text}`);
    const seen = [...answers, output.text()].join('\n');
    expect(harness.replies.length).toBe(sent);
    expect(sent).toBeGreaterThan(300);
    expect(hiddenValues().filter((hidden) => seen.includes(hidden))).toEqual([]);
  });
});

describe("Conpeek's own error text", () => {
  it.each([
    ['LEAK400', 422, 'conpeek_refused'],
    ['LEAK500', 202, undefined],
    ['LEAK200', 502, 'conpeek_unreadable'],
    ['LEAK302', 502, 'conpeek_unreadable'],
    ['LEAK418', 502, 'conpeek_unreadable'],
  ])(
    '%s: answered %i, cut short, without our key or its credentials',
    async (project, status, code) => {
      const body = bookingText('generic', { project });
      const logFrom = output.text().length;

      const reply = await leaky.send('generic', body, leaky.headersFor('generic', body));

      expect(reply.status).toBe(status);
      if (code) expect(reply.json.error.code).toBe(code);
      const said: string = reply.json.error?.message ?? reply.json.reason;
      expect(said.length).toBeLessThanOrEqual(400);
      const logged = output.text().slice(logFrom);
      for (const text of [reply.text, logged]) {
        for (const hidden of [KEY, ITS_TOKEN, ITS_SECRET, 'jan.kowalski@example.com']) {
          expect(text).not.toContain(hidden);
        }
      }
      // A redirect is not followed: the key goes to the configured endpoint and nowhere else.
      expect(trapped).toBe(0);
    },
  );
});

describe('the retry worker, giving up on the booking Conpeek failed with a leaky 500', () => {
  it("logs its last error without our key or Conpeek's credentials", async () => {
    const logFrom = output.text().length;
    leaky.clock.advance(10 * 86_400_000);

    await leaky.env.runWorker();
    leaky.clock.advance(-10 * 86_400_000);

    const logged = output.text().slice(logFrom);
    expect(logged).toMatch(/parked booking failed.*Conpeek/);
    for (const hidden of [KEY, ITS_TOKEN, 'jan.kowalski@example.com']) {
      expect(logged).not.toContain(hidden);
    }
  });
});

describe('redacting third-party text', () => {
  const value = fc.stringMatching(/^[A-Za-z0-9._~+/-]{8,40}$/);
  const name = fc.constantFrom(
    'token',
    'access_token',
    'refresh_token',
    'client_secret',
    'api_key',
    'X-Api-Key',
    'apikey',
    'password',
    'passwd',
    'pwd',
    'Authorization',
    'session',
    'signature',
  );
  const shape = fc.oneof(
    fc.tuple(name, value).map(([n, v]) => [`${n}=${v}`, v] as const),
    fc.tuple(name, value).map(([n, v]) => [`${n}: ${v}`, v] as const),
    fc.tuple(name, value).map(([n, v]) => [`{"${n}":"${v}"}`, v] as const),
    fc.tuple(name, value).map(([n, v]) => [`'${n}': '${v} ${v}'`, v] as const),
    fc
      .tuple(fc.constantFrom('Bearer', 'Basic', 'Token'), value)
      .map(([s, v]) => [`Authorization: ${s} ${v}`, v] as const),
    fc.stringMatching(/^[A-Za-z0-9_-]{32,64}$/).map((v) => [v, v] as const),
    fc
      .tuple(value, value)
      .map(
        ([l, d]) =>
          [
            `${l.replace(/[^\w]/g, 'x')}@${d.replace(/[^\w]/g, 'y')}.example`,
            `@${d.replace(/[^\w]/g, 'y')}`,
          ] as const,
      ),
  );
  const noise = fc.string({ unit: 'binary', maxLength: 120 });
  const secret = fc.stringMatching(/^[!-~]{8,40}$/);

  it('removes every credential shape and known secret, however it is spelled', () => {
    fc.assert(
      fc.property(
        noise,
        shape,
        noise,
        secret,
        fc.constantFrom('raw', 'json', 'url'),
        (before, [text, hidden], after, key, spelling) => {
          const spelled = {
            raw: key,
            json: JSON.stringify(key).slice(1, -1),
            url: encodeURIComponent(key),
          }[spelling];

          const safe = redact(`${before} ${text} ${spelled} ${after}`, [key]);

          expect(safe).not.toContain(hidden);
          expect(safe).not.toContain(spelled);
          expect(safe.length).toBeLessThanOrEqual(201);
          expect(safe).not.toMatch(/\p{Cc}/u);
        },
      ),
      { seed: 20260302, numRuns: 600 },
    );
  });

  it('reads a megabyte of text in bounded time and never keeps a secret cut at the end', () => {
    // Read whole, the dotted run would take the e-mail pattern minutes (it did, before 4 KB).
    const text = `${'a'.repeat(3_990)} ${KEY} ${'a.'.repeat(500_000)}`;
    const started = performance.now();

    const safe = redact(text, [KEY]);

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(safe).not.toContain(KEY.slice(0, 6));
  });
});
