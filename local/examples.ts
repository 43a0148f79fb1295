/**
 * The ready-to-paste example `npm start` prints: a fixture from `fixtures/`, its start moved to
 * tomorrow so it is not refused as past, signed as its sender signs.
 */
import { readFileSync } from 'node:fs';
import type { LocalEnvironment } from './environment';
import { SIGNERS } from './sign';

const FIXTURES: Record<string, string> = {
  calendly: 'fixtures/calendly/invitee-created.json',
  generic: 'fixtures/generic/booking-created-offset.json',
};

/** Tomorrow at 13:00 UTC in the fixture's own spelling of its March 2026 start. */
function moveToTomorrow(body: string, now: Date): string {
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return body.replaceAll('2026-03-10', tomorrow);
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function exampleRequest(
  local: LocalEnvironment,
  parameters: Record<string, string>,
  now: Date,
): { description: string; curl: string } | undefined {
  const source = local.config.sources.find((s) => FIXTURES[s.kind] !== undefined);
  const signer = source && SIGNERS[source.kind];
  const fixture = source && FIXTURES[source.kind];
  if (!source || !signer || !fixture) return undefined;

  const body = moveToTomorrow(readFileSync(fixture, 'utf8').trim(), now);
  const secret = parameters[source.secretParameter] ?? '';
  const headers = signer({ body, secret, now, url: local.webhookUrl(source.name) });
  const headerArgs = Object.entries(headers).map(([n, v]) => `-H ${shellQuote(`${n}: ${v}`)}`);
  const signedFor =
    source.kind === 'calendly' ? ', signed for the next 3 minutes' : ', with the sandbox token';
  return {
    description: `${fixture}${signedFor}`,
    curl: ['curl -sS -X POST', shellQuote(local.webhookUrl(source.name)), ...headerArgs]
      .concat(`--data-binary ${shellQuote(body)}`)
      .join(' \\\n  '),
  };
}
