/**
 * Test harness: the local environment (real handler, SSM stand-in, dynalite, Conpeek sandbox)
 * with test secrets, a test config and a clock that lives in the fixtures' March 2026.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, parseConfig } from '../../lambda/config/schema';
import { type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { SIGNERS } from '../../local/sign';

/** When the fixtures were "sent". */
export const FIXTURE_NOW = Date.parse('2026-03-02T09:15:05Z');

/** Test secrets: each must never appear in an answer or a log line. */
export const SECRETS = {
  conpeekKey: 'test-conpeek-key-7c1e9a55d2',
  calendly: 'test-calendly-signing-key-41be0f',
  generic: 'test-generic-token-a9d3e27c',
} as const;

export const PARAMETERS: Record<string, string> = {
  '/test/conpeek-key': SECRETS.conpeekKey,
  '/test/calendly': SECRETS.calendly,
  '/test/generic': SECRETS.generic,
};

export const TEST_SOURCES = [
  {
    name: 'calendly',
    kind: 'calendly',
    secretParameter: '/test/calendly',
    project: 'PSKQMXUAZ',
    projectFrom: 'payload.tracking.utm_content',
  },
  { name: 'generic', kind: 'generic', secretParameter: '/test/generic', project: 'PSKQMXUAZ' },
];

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig(
    {
      conpeek: {
        url: 'http://127.0.0.1:9/api',
        keyParameter: '/test/conpeek-key',
        timeoutMs: 1000,
      },
      sources: TEST_SOURCES,
      ...overrides,
    },
    'the test config',
  );
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = FIXTURE_NOW) {}
  readonly now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestEnvironment extends LocalEnvironment {
  readonly clock: TestClock;
}

export async function startTestEnvironment(
  options: { config?: Config; projects?: readonly string[]; clock?: TestClock } = {},
): Promise<TestEnvironment> {
  const clock = options.clock ?? new TestClock();
  const local = await startLocalEnvironment({
    config: options.config ?? testConfig(),
    parameters: { ...PARAMETERS },
    now: clock.now,
    ...(options.projects ? { sandboxProjects: options.projects } : {}),
  });
  return Object.assign(local, { clock });
}

export function fixture(path: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures', path), 'utf8');
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field in tests.
  readonly json: any;
}

export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Posts a body to a source, signed as that source's sender signs it at the clock's time. */
export function postSigned(
  env: TestEnvironment,
  sourceName: string,
  body: string,
  extraHeaders: Record<string, string> = {},
  /** When the sender signed it; the clock's now by default. */
  signedAt: Date = env.clock.now(),
): Promise<Reply> {
  const source = env.config.sources.find((s) => s.name === sourceName);
  if (!source) throw new Error(`no source ${sourceName} in the test config`);
  const signer = SIGNERS[source.kind];
  if (!signer) throw new Error(`no signer for ${source.kind}`);
  const url = env.webhookUrl(sourceName);
  const secret = PARAMETERS[source.secretParameter] ?? '';
  const headers = signer({ body, secret, now: signedAt, url });
  return post(url, body, { ...headers, ...extraHeaders });
}

/** What the sandbox received, parsed. */
export function receivedBodies(env: LocalEnvironment): Array<Record<string, string>> {
  return (env.sandbox?.received ?? []).map((call) => JSON.parse(call.body));
}
