/**
 * Test harness with one source of every sender kind: the local environment (real handler, SSM
 * stand-in, dynalite, Conpeek sandbox) on the fixtures' clock, and requests signed the way each
 * sender signs them, for the URL the sender was configured with.
 */
import { parseConfig, type SourceConfig } from '../../lambda/config/schema';
import { type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { SIGNERS } from '../../local/sign';
import { FIXTURE_NOW, post, type Reply, TestClock } from './local';

/** Test secrets by SSM parameter; none may ever appear in an answer or a log line. */
export const SENDER_PARAMETERS: Readonly<Record<string, string>> = {
  '/test/conpeek-key': 'test-conpeek-key-all-senders-31c7',
  '/test/calendly': 'test-calendly-key-8b02',
  '/test/generic': 'test-generic-token-55fa',
  '/test/calcom': 'test-calcom-secret-c4e9',
  '/test/hubspot': 'test-hubspot-client-secret-7a1d',
  '/test/pipedrive': 'pipedrive-hook:test-pipedrive-password-9e3b',
  '/test/livespace': 'test-livespace-secret-2f60',
  '/test/standard': 'whsec_dGVzdC1zdGFuZGFyZC13ZWJob29rcy1rZXk=',
};

const source = (kind: string, options: Record<string, unknown> = {}) => ({
  name: kind,
  kind,
  secretParameter: `/test/${kind}`,
  project: 'PSKQMXUAZ',
  ...options,
});

/** One source per kind, named after it, configured so each fixture maps as its README says. */
export const SENDERS_CONFIG = parseConfig(
  {
    conpeek: { url: 'http://127.0.0.1:9/api', keyParameter: '/test/conpeek-key', timeoutMs: 1000 },
    // No cache: every secret read reaches the SSM stand-in, so its call count shows each one.
    settings: { secretCacheSeconds: 0 },
    sources: [
      source('calendly', { projectFrom: 'payload.tracking.utm_content' }),
      source('generic'),
      source('calcom', { projectFrom: 'payload.metadata.projectId' }),
      source('hubspot', {
        projectFrom: 'project_id',
        publicUrl: 'https://hooks.example.com/prod/webhooks/hubspot',
      }),
      source('pipedrive', {
        projectFrom: 'data.custom_fields.9f3c2a0b7d1e4c55aa00112233445566778899aa.value',
      }),
      source('livespace', {
        projectFrom: 'data.custom_fields.project_code',
        publicUrl: 'https://hooks.example.com/prod/webhooks/livespace',
        startField: 'data.custom_fields.meeting_start',
      }),
      source('standard', { projectFrom: 'data.project_id' }),
    ],
  },
  'the all-senders test config',
);

export interface Signing {
  /** When the sender signed; the clock's now by default. */
  readonly signedAt?: Date;
  /** Another secret than the stored one, to forge. */
  readonly secret?: string;
  readonly deliveryId?: string;
}

export class SendersHarness {
  readonly clock = new TestClock(FIXTURE_NOW);
  /** Every answer received, to search for secrets. */
  readonly replies: Reply[] = [];
  #env: LocalEnvironment | undefined;

  get env(): LocalEnvironment {
    if (!this.#env) throw new Error('the harness is not started');
    return this.#env;
  }

  async start(): Promise<void> {
    this.#env = await startLocalEnvironment({
      config: SENDERS_CONFIG,
      parameters: { ...SENDER_PARAMETERS },
      now: this.clock.now,
      sandboxProjects: ['PSKQMXUAZ', 'PRJ0042'],
    });
  }

  close(): Promise<void> {
    return this.#env?.close() ?? Promise.resolve();
  }

  /** Calls that reached the Conpeek sandbox so far. */
  calls(): number {
    return this.env.sandbox?.received.length ?? 0;
  }

  /** The last Meets Create request Conpeek received. */
  lastMeeting(): Record<string, string> {
    return JSON.parse(this.env.sandbox?.received.at(-1)?.body ?? '{}');
  }

  minutesAgo(minutes: number): Date {
    return new Date(this.clock.ms - minutes * 60_000);
  }

  /** The headers the source's sender would send: its configured URL, its secret, its clock. */
  headersFor(name: string, body: string, signing: Signing = {}): Record<string, string> {
    const config = sourceNamed(name);
    const signer = SIGNERS[config.kind];
    if (!signer) throw new Error(`no signer for ${config.kind}`);
    return signer({
      body,
      secret: signing.secret ?? SENDER_PARAMETERS[config.secretParameter] ?? '',
      now: signing.signedAt ?? this.clock.now(),
      url: 'publicUrl' in config && config.publicUrl ? config.publicUrl : this.env.webhookUrl(name),
      ...(signing.deliveryId ? { deliveryId: signing.deliveryId } : {}),
    });
  }

  async send(name: string, body: string, headers: Record<string, string>): Promise<Reply> {
    const reply = await post(this.env.webhookUrl(name), body, headers);
    this.replies.push(reply);
    return reply;
  }

  sendSigned(name: string, body: string, signing: Signing = {}): Promise<Reply> {
    return this.send(name, body, this.headersFor(name, body, signing));
  }
}

function sourceNamed(name: string): SourceConfig {
  const found = SENDERS_CONFIG.sources.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no source ${name} in the all-senders config`);
  return found;
}
