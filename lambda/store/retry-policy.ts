/**
 * When the worker tries a parked booking again: exponential back-off with jitter, never sooner
 * than Conpeek's own `Retry-After`.
 */

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
}

/**
 * Epoch ms of the next attempt after `attempts` failed ones. Jitter keeps a backlog from
 * hitting a recovering Conpeek all in the same minute: the delay is drawn from [½d, d].
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  now: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelaySeconds * 2 ** Math.min(attempts, 20);
  const ceiling = Math.min(policy.maxDelaySeconds, exponential);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return now + Math.max(jittered, retryAfterSeconds ?? 0) * 1000;
}
