/**
 * Signature primitives shared by the sender kinds: HMAC over raw bytes, and comparisons that
 * take the same time whatever the inputs (and do not leak their lengths).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../errors';

/** HMAC-SHA256 over the parts in order, bytes as given (never re-serialised). */
export function hmacSha256(secret: string | Buffer, parts: ReadonlyArray<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * Constant-time equality of two strings of any length: both are hashed to 32 bytes first, so
 * neither the content nor the length of the expected value shows in the timing.
 */
export function safeEqual(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Refuses a timestamp outside ±`toleranceSeconds` of now. `timestampMs` is already in ms; the
 * caller converts from the sender's unit, which is where a unit mix-up would happen.
 */
export function requireFresh(
  timestampMs: number,
  now: Date,
  toleranceSeconds: number,
  header: string,
): void {
  const ageSeconds = (now.getTime() - timestampMs) / 1000;
  if (ageSeconds > toleranceSeconds) {
    throw new UnauthenticatedError(
      `The ${header} timestamp is ${Math.round(ageSeconds)} s old; the limit is ` +
        `${toleranceSeconds} s (a replay, or the sender's clock is wrong).`,
    );
  }
  if (-ageSeconds > toleranceSeconds) {
    throw new UnauthenticatedError(
      `The ${header} timestamp is ${Math.round(-ageSeconds)} s in the future; the limit ` +
        `is ${toleranceSeconds} s.`,
    );
  }
}

/** The header's value, or a 401 naming it. */
export function requireHeader(value: string | undefined, header: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UnauthenticatedError(`The ${header} header is missing.`);
  }
  return value.trim();
}
