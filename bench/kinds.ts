/**
 * Which sender kinds the bench drives, decided at run time: every kind in the product's
 * registry (`lambda/senders/registry.ts`) and every signer in `local/sign.ts`, each needing
 * the other, a source in the config and a fixture folder. Kinds are being added while this
 * bench exists, so nothing here lists them; a kind that lacks a piece is reported as skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config, SourceConfig } from '../lambda/config/schema';
import type { Answer } from '../lambda/http/answers';
import { SENDER_KINDS } from '../lambda/senders/registry';
import { SIGNERS } from '../local/sign';
import { FIXTURE_NOW } from '../test/support/local';
import { PROJECT_ROOT } from './options';
import {
  type BookingTemplate,
  deliveryId,
  eventOf,
  findLeaves,
  shiftDates,
  signedRequest,
} from './requests';

/** A kind with everything needed to try its fixtures. */
export interface KindCandidate {
  readonly kind: string;
  readonly source: SourceConfig;
  readonly secret: string;
  readonly fixtures: ReadonlyArray<{ readonly file: string; readonly body: string }>;
}

/** A kind the bench could not drive, and why. */
export interface Skipped {
  readonly kind: string;
  readonly reason: string;
}

/** The kinds found at run time, before any was tried. */
export interface Discovery {
  readonly candidates: readonly KindCandidate[];
  readonly skipped: readonly Skipped[];
}

const DAY_MS = 86_400_000;

/** Whole days from the fixtures' "now" to today: their meetings are then a week ahead again. */
export function daysSinceFixtures(now = Date.now()): number {
  return Math.ceil((now - FIXTURE_NOW) / DAY_MS);
}

function fixturesOf(kind: string, days: number): KindCandidate['fixtures'] {
  const folder = join(PROJECT_ROOT, 'fixtures', kind);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(folder, name), 'utf8');
      return { file: `${kind}/${name}`, body: JSON.stringify(shiftDates(JSON.parse(text), days)) };
    });
}

/** Every kind the registry or the signers know, with its first configured source. */
export function discoverKinds(
  config: Config,
  parameters: Record<string, string>,
  only: readonly string[] = [],
): Discovery {
  const registered = SENDER_KINDS.map((sender) => String(sender.kind));
  const kinds = [...new Set([...registered, ...Object.keys(SIGNERS)])].filter(
    (kind) => only.length === 0 || only.includes(kind),
  );
  const days = daysSinceFixtures();
  const candidates: KindCandidate[] = [];
  const skipped: Skipped[] = [];
  for (const kind of kinds) {
    const source = config.sources.find((s) => s.kind === kind);
    const secret = source ? parameters[source.secretParameter] : undefined;
    const fixtures = fixturesOf(kind, days);
    const missing = !registered.includes(kind)
      ? 'not in lambda/senders/registry.ts'
      : !SIGNERS[kind]
        ? 'no signer in local/sign.ts'
        : !source
          ? 'no source of this kind in the config (cdk.json)'
          : secret === undefined
            ? `no value for ${source.secretParameter} in the local parameters`
            : fixtures.length === 0
              ? `no fixtures/${kind}/*.json`
              : undefined;
    if (missing || !source || secret === undefined) {
      skipped.push({ kind, reason: missing ?? 'incomplete' });
      continue;
    }
    candidates.push({ kind, source, secret, fixtures });
  }
  return { candidates, skipped };
}

/** The URL a sender signs: the source's configured public URL, where its kind has one. */
function signUrlOf(source: SourceConfig): string {
  const configured = (source as { publicUrl?: unknown }).publicUrl;
  return typeof configured === 'string'
    ? configured
    : `https://bench.invalid/webhooks/${source.name}`;
}

/** One container's webhook handler, as the probe calls it. */
export type Handle = (event: APIGatewayProxyEventV2) => Promise<Answer>;

function outcomeOf(answer: Answer): string {
  try {
    const body = JSON.parse(answer.body ?? '{}') as Record<string, unknown>;
    const error = body.error as { code?: string; message?: string } | undefined;
    const status = body.status ?? error?.code ?? '';
    return `${answer.statusCode} ${status}${error?.message ? ` (${error.message})` : ''}`;
  } catch {
    return String(answer.statusCode);
  }
}

/**
 * Finds, per kind, a fixture the product books ("200 created") and where that booking's id is,
 * by asking the real handler (`handle`, a throwaway container): the first fixture that creates
 * wins, and the answer's `bookingId` is looked up among the body's leaves, else it is the
 * delivery id the signer sent. Kinds with neither are skipped, with every fixture's outcome.
 */
export async function probeTemplates(
  discovery: Discovery,
  handle: Handle,
): Promise<{ templates: BookingTemplate[]; skipped: Skipped[] }> {
  const templates: BookingTemplate[] = [];
  const skipped: Skipped[] = [...discovery.skipped];
  for (const candidate of discovery.candidates) {
    const outcomes: string[] = [];
    let found: BookingTemplate | undefined;
    for (const fixture of candidate.fixtures) {
      const template: BookingTemplate = {
        kind: candidate.kind,
        source: candidate.source.name,
        secret: candidate.secret,
        signUrl: signUrlOf(candidate.source),
        file: fixture.file,
        body: fixture.body,
        idPaths: [],
        idFromDelivery: false,
      };
      const now = new Date();
      let answer: Answer;
      try {
        answer = await handle(eventOf(signedRequest(template, -1, now), now));
      } catch (error) {
        // A signer that cannot sign this source (e.g. it lacks an option) skips the kind.
        outcomes.push(`${fixture.file}: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      outcomes.push(`${fixture.file}: ${outcomeOf(answer)}`);
      const reply = JSON.parse(answer.body ?? '{}') as { status?: string; bookingId?: string };
      if (answer.statusCode !== 200 || reply.status !== 'created' || !reply.bookingId) continue;
      const idPaths = findLeaves(JSON.parse(fixture.body), reply.bookingId);
      const idFromDelivery = idPaths.length === 0 && reply.bookingId === deliveryId(-1);
      if (idPaths.length === 0 && !idFromDelivery) {
        outcomes.push(`  its booking id ${reply.bookingId} is neither a body value nor a header`);
        continue;
      }
      found = { ...template, idPaths, idFromDelivery };
      break;
    }
    if (found) templates.push(found);
    else {
      skipped.push({ kind: candidate.kind, reason: `no fixture books: ${outcomes.join('; ')}` });
    }
  }
  return { templates, skipped };
}
