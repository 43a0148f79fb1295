/**
 * Harness of the security suite (`test/security`): one source of every sender kind, HubSpot's
 * token variant, and twins whose secret in SSM is blank, missing or unusable; requests signed
 * the way each sender signs them, sent over real HTTP (repeated header names kept, as on the
 * wire) or handed to the handler in-process as the local gateway builds them. Every answer is
 * kept, so a test can search them all for secrets.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Config, parseConfig, type SourceConfig } from '../../lambda/config/schema';
import type { ReceivedCall } from '../../local/conpeek-sandbox';
import { type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { toEvent } from '../../local/gateway';
import { SIGNERS } from '../../local/sign';
import { FIXTURE_NOW, TestClock } from './local';

/** Every sender kind the product has. */
export const KINDS = [
  'calendly',
  'calcom',
  'hubspot',
  'pipedrive',
  'livespace',
  'standard',
  'generic',
] as const;
export type Kind = (typeof KINDS)[number];

/** The sources that verify with a working secret: one per kind, and HubSpot's token variant. */
export const VERIFYING_SOURCES = [...KINDS, 'hubspot-token'] as const;

/** The headers that carry each verifying source's proof, as its sender names them. */
export const PROOF_HEADERS: Readonly<Record<string, readonly string[]>> = {
  calendly: ['calendly-webhook-signature'],
  calcom: ['x-cal-signature-256'],
  hubspot: ['x-hubspot-signature-v3', 'x-hubspot-request-timestamp'],
  'hubspot-token': ['x-webhook-token'],
  pipedrive: ['authorization'],
  livespace: ['x-livespace-signature'],
  standard: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  generic: ['authorization'],
};

/** Secrets by SSM parameter; none may ever show in an answer or a log line. */
export const SECURITY_PARAMETERS: Readonly<Record<string, string>> = {
  '/sec/conpeek-key': 'sec-conpeek-key-6b1f0c93d2',
  '/sec/calendly': 'sec-calendly-signing-key-a71c',
  '/sec/calcom': 'sec-calcom-secret-5d20e',
  '/sec/hubspot': 'sec-hubspot-client-secret-9e44',
  '/sec/hubspot-token': 'sec-hubspot-token-0c7b1a',
  '/sec/pipedrive': 'pipedrive-hook:sec-pipedrive-password-3fa9',
  '/sec/livespace': 'sec-livespace-secret-81d6',
  '/sec/standard': 'whsec_c2VjLXN0YW5kYXJkLXdlYmhvb2tzLWtleS0yYzRl',
  '/sec/generic': 'sec-generic-token-e5a0b8',
  // Misconfigurations: nothing may verify against these.
  '/sec/blank': '   ',
  '/sec/pipedrive-no-password': 'pipedrive-hook:',
  '/sec/standard-empty-key': 'whsec_',
};

/** Personal data in the fixtures' bodies; none may show in an answer or a log line. */
export const PERSONAL_DATA = [
  'Kowalski',
  'Anna Nowak',
  'jan.kowalski@example.com',
  'anna.nowak@example.com',
];

/** Projects the Conpeek sandbox knows; any other well-formed project is refused by it (404). */
export const KNOWN_PROJECTS = ['PSKQMXUAZ', 'PRJ0042'];

const PIPEDRIVE_PROJECT_FIELD = '9f3c2a0b7d1e4c55aa00112233445566778899aa';

/** Options of each kind's source, so that the fixtures map as `fixtures/README.md` says. */
const OPTIONS: Readonly<Record<Kind, Record<string, unknown>>> = {
  calendly: { projectFrom: 'payload.tracking.utm_content' },
  calcom: { projectFrom: 'payload.metadata.projectId' },
  hubspot: {
    projectFrom: 'project_id',
    publicUrl: 'https://hooks.example.com/prod/webhooks/hubspot',
  },
  pipedrive: { projectFrom: `data.custom_fields.${PIPEDRIVE_PROJECT_FIELD}.value` },
  livespace: {
    projectFrom: 'data.custom_fields.project_code',
    publicUrl: 'https://hooks.example.com/prod/webhooks/livespace',
    startField: 'data.custom_fields.meeting_start',
  },
  standard: { projectFrom: 'data.project_id' },
  generic: {},
};

function source(name: string, kind: Kind, parameter: string, extra: object = {}) {
  return {
    name,
    kind,
    secretParameter: parameter,
    project: 'PSKQMXUAZ',
    ...OPTIONS[kind],
    ...extra,
  };
}

/** The security suite's config: defaults everywhere else (secrets cached, 256 KB bodies). */
export function securityConfig(): Config {
  return parseConfig(
    {
      conpeek: { url: 'http://127.0.0.1:9/api', keyParameter: '/sec/conpeek-key', timeoutMs: 1000 },
      sources: [
        ...KINDS.map((kind) => source(kind, kind, `/sec/${kind}`)),
        source('hubspot-token', 'hubspot', '/sec/hubspot-token', { auth: 'token' }),
        ...KINDS.map((kind) => source(`${kind}-blank`, kind, '/sec/blank')),
        ...KINDS.map((kind) => source(`${kind}-missing`, kind, '/sec/missing')),
        source('pipedrive-no-password', 'pipedrive', '/sec/pipedrive-no-password'),
        source('standard-empty-key', 'standard', '/sec/standard-empty-key'),
      ],
    },
    'the security test config',
  );
}

export interface Signing {
  /** Another secret than the stored one, to forge. */
  readonly secret?: string;
  /** When the sender signed; the clock's now by default. */
  readonly signedAt?: Date;
}

/** An answer, over HTTP or in-process. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field in tests.
  readonly json: any;
}

/** Header pairs in wire order; a name may repeat, as a sender may repeat it. */
export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

function reply(status: number, headers: Record<string, string>, text: string): Reply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

/** POSTs with node:http, so that repeated header names reach the gateway as sent. */
function rawPost(url: string, body: Buffer, pairs: HeaderPairs): Promise<Reply> {
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  const flat: string[] = pairs.flat();
  if (!names.has('content-length')) flat.push('content-length', String(body.length));
  if (!names.has('host')) flat.push('host', new URL(url).host);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers: flat }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) headers[name] = `${value}`;
        resolve(reply(response.statusCode ?? 0, headers, Buffer.concat(chunks).toString('utf8')));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export const pairsOf = (headers: Record<string, string>): HeaderPairs => Object.entries(headers);

export class SecurityHarness {
  readonly clock = new TestClock(FIXTURE_NOW);
  /** Every answer received, to search for secrets. */
  readonly replies: Reply[] = [];
  #env: LocalEnvironment | undefined;

  constructor(private readonly options: { conpeekUrl?: string; logger?: Logger } = {}) {}

  get env(): LocalEnvironment {
    if (!this.#env) throw new Error('the harness is not started');
    return this.#env;
  }

  async start(): Promise<this> {
    this.#env = await startLocalEnvironment({
      config: securityConfig(),
      parameters: { ...SECURITY_PARAMETERS },
      now: this.clock.now,
      sandboxProjects: KNOWN_PROJECTS,
      ...(this.options.conpeekUrl ? { conpeekUrl: this.options.conpeekUrl } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    return this;
  }

  close(): Promise<void> {
    return this.#env?.close() ?? Promise.resolve();
  }

  /** Calls that reached the Conpeek sandbox, in order. */
  received(): readonly ReceivedCall[] {
    return this.env.sandbox?.received ?? [];
  }

  source(name: string): SourceConfig {
    const found = this.env.config.sources.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no source ${name} in the security config`);
    return found;
  }

  secretOf(name: string): string {
    return SECURITY_PARAMETERS[this.source(name).secretParameter] ?? '';
  }

  /** The headers the source's sender sends for `body`: its URL, its secret, its clock. */
  headersFor(name: string, body: string | Buffer, signing: Signing = {}): Record<string, string> {
    const config = this.source(name);
    const secret = signing.secret ?? this.secretOf(name);
    if (config.kind === 'hubspot' && config.auth === 'token') {
      return { 'content-type': 'application/json', [config.tokenHeader]: secret };
    }
    const signer = SIGNERS[config.kind];
    if (!signer) throw new Error(`no signer for ${config.kind}`);
    return signer({
      body,
      secret,
      now: signing.signedAt ?? this.clock.now(),
      url: 'publicUrl' in config && config.publicUrl ? config.publicUrl : this.env.webhookUrl(name),
    });
  }

  /** Over real HTTP, through the local gateway; `query` is appended to the webhook URL. */
  async send(
    name: string,
    body: string | Buffer,
    headers: HeaderPairs | Record<string, string>,
    query = '',
  ): Promise<Reply> {
    const pairs = Array.isArray(headers) ? headers : pairsOf(headers as Record<string, string>);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const answer = await rawPost(`${this.env.webhookUrl(name)}${query}`, bytes, pairs);
    this.replies.push(answer);
    return answer;
  }

  sendSigned(name: string, body: string | Buffer, signing: Signing = {}): Promise<Reply> {
    return this.send(name, body, this.headersFor(name, body, signing));
  }

  /**
   * In-process: the event the local gateway would build for these bytes and headers, handed to
   * the handler. `base64` re-encodes a text body too, as a REST API with binary media types does.
   */
  async invoke(
    name: string,
    body: Buffer,
    headers: HeaderPairs,
    base64 = false,
  ): Promise<Reply & { readonly intact: boolean }> {
    const request = {
      url: `/webhooks/${name}`,
      method: 'POST',
      rawHeaders: headers.flat(),
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const built = toEvent(request, body, this.clock.now());
    const event =
      base64 && body.length > 0
        ? { ...built, body: body.toString('base64'), isBase64Encoded: true }
        : built;
    // A text body that is not UTF-8 reaches the function changed, as through API Gateway.
    const delivered = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const answer = await this.env.wired.handleWebhook(event, () => 12_000);
    const headersOut: Record<string, string> = {};
    for (const [header, value] of Object.entries(answer.headers ?? {})) {
      headersOut[header] = String(value);
    }
    const result = reply(answer.statusCode, headersOut, answer.body ?? '');
    this.replies.push(result);
    return { ...result, intact: delivered.equals(body) };
  }
}

/** The replay window of a source in seconds; undefined for a sender that signs no time. */
export function windowOf(source: SourceConfig): number | undefined {
  if (source.kind === 'calendly' || source.kind === 'standard') return source.toleranceSeconds;
  if (source.kind === 'hubspot' && source.auth === 'signature-v3') return source.toleranceSeconds;
  return undefined;
}
