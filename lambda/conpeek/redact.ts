/**
 * Makes third-party error text safe to log and pass on: known secrets and anything shaped like
 * a credential are removed, and the text is cut to a readable length.
 */

const MAX_REASON = 200;

const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(authorization|api[_-]?key|token|secret|password|signature)\b["']?\s*[:=]\s*["']?[^\s"',;}]+/gi,
  /\b[A-Za-z0-9_-]{32,}\b/g,
  /[\w.+-]+@[\w-]+\.[\w.-]+/g,
];

export function redact(text: string, secrets: readonly string[]): string {
  let safe = text.replace(/[\r\n\t]+/g, ' ');
  for (const secret of secrets) {
    if (secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  }
  for (const shape of CREDENTIAL_SHAPES) safe = safe.replace(shape, '[redacted]');
  return safe.length > MAX_REASON ? `${safe.slice(0, MAX_REASON)}…` : safe;
}
