/**
 * Makes third-party error text safe to log and pass on: known secrets (as written, JSON-escaped
 * or URL-encoded) and anything shaped like a credential or an e-mail address are removed,
 * control characters become spaces, and the text is cut to a readable length.
 */

/** What is kept for the sender and the log. */
const MAX_REASON = 200;

/**
 * How much of the text is read at all: far more than is kept, so that redactions shrinking the
 * start cannot pull unread text into what is kept; bounded, so that an error page of megabytes
 * costs no more than this (the patterns below are linear, but the work is still per character).
 */
const MAX_READ = 4_000;

/** Names under which a credential travels: `access_token`, `X-Api-Key`, `client_secret`, … */
const NAME_WORDS = [
  'authorization',
  'api[_-]?key',
  'token',
  'secret',
  'passw(?:or)?d',
  'pwd',
  'signature',
  'credential',
  'session',
  'cookie',
];
const NAME = String.raw`[\w-]*(?:${NAME_WORDS.join('|')})[\w-]*`;

/** A credential's value: quoted (spaces and all), or up to a delimiter, after an auth scheme. */
const VALUE = String.raw`(?:"[^"]*"|'[^']*'|(?:(?:bearer|basic|token|digest)\s+)?[^\s"',;}&]+)`;

/**
 * Every pattern starts only where a run of its characters starts (the look-behinds), so none
 * of them retries inside a long run: the work stays linear in the text's length.
 */
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /(?<![\w-])(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  new RegExp(String.raw`(?<![\w-])${NAME}["']?\s*[:=]\s*${VALUE}`, 'gi'),
  /(?<![\w-])[A-Za-z0-9_-]{32,}/g,
  /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
];

/** The ways a secret can appear in someone else's text: raw, inside JSON, in a URL. */
function spellings(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  return [...new Set(forms)].filter((form) => form.length >= 4);
}

export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  if (safe.length > MAX_READ) {
    // The last word may be a secret cut in two, which no pattern would recognise any more.
    safe = safe.slice(0, MAX_READ).replace(/\S*$/, '');
  }
  safe = safe.replace(/\p{Cc}+/gu, ' ');
  for (const form of secrets.flatMap(spellings).sort((a, b) => b.length - a.length)) {
    safe = safe.split(form).join('[redacted]');
  }
  for (const shape of CREDENTIAL_SHAPES) safe = safe.replace(shape, '[redacted]');
  return safe.length > MAX_REASON ? `${safe.slice(0, MAX_REASON)}…` : safe;
}
