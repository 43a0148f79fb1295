/**
 * The retry worker: every minute (EventBridge), it takes the parked bookings that are due and
 * tries each again through the same idempotent function the webhook path uses. A booking ends
 * as created, or as failed when its start has passed, Conpeek refuses it, or attempts run out;
 * a failed booking stays in the table with its last error for the operator.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { bookingStart } from '../booking/booking';
import { WebhookError } from '../errors';
import type { BookingMetrics } from '../observability/metrics';
import type { IdempotentMeetingService } from './idempotent-meetings';
import type { ParkedBooking, ParkedBookings } from './parked-bookings';
import { nextAttemptAt, type RetryPolicy } from './retry-policy';

/** One worker run's tally, returned to the caller and logged. */
export interface WorkerRun {
  created: number;
  duplicates: number;
  rescheduled: number;
  failed: number;
  skipped: number;
}

/** Bookings looked at in one run: the schedule comes back in a minute for the rest. */
const BATCH = 50;
/**
 * No new attempt starts with less time left than this. Each attempt's Conpeek calls end before
 * the invocation does (see MeetingCreator), so this only avoids attempts with no chance.
 */
const SHORTEST_ATTEMPT_MS = 5_000;

export interface RetryWorkerOptions {
  readonly meetings: IdempotentMeetingService;
  readonly parked: ParkedBookings;
  readonly metrics: BookingMetrics;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
}

/** What one attempt at a parked booking came to, before it is written down. */
type Verdict =
  | { readonly state: 'created'; readonly meetingId: string; readonly duplicate: boolean }
  | { readonly state: 'parked'; readonly nextAttemptAt: number; readonly lastError: string }
  | { readonly state: 'failed'; readonly lastError: string }
  | { readonly state: 'busy' };

export class RetryWorker {
  constructor(private readonly options: RetryWorkerOptions) {}

  async run(remainingMs: () => number): Promise<WorkerRun> {
    const { parked, metrics, logger } = this.options;
    const tally: WorkerRun = { created: 0, duplicates: 0, rescheduled: 0, failed: 0, skipped: 0 };
    const now = this.options.now().getTime();

    const waiting = await parked.list('parked', BATCH * 4);
    if (waiting.length > 0) {
      const oldest = Math.min(...waiting.map((booking) => booking.parkedAt));
      metrics.oldestParkedAge(Math.round((now - oldest) / 1000));
    }

    for (const booking of waiting.filter((b) => b.nextAttemptAt <= now).slice(0, BATCH)) {
      if (remainingMs() < SHORTEST_ATTEMPT_MS) {
        tally.skipped += 1;
        continue;
      }
      // The whole remaining time bounds the attempt's lock, as on the webhook path: a shorter
      // lock could lapse while Conpeek is still creating the meeting.
      const verdict = await this.#attempt(booking, remainingMs());
      await this.#record(booking, verdict, tally);
    }
    metrics.publish();
    logger.info('worker run', { ...tally, waiting: waiting.length });
    return tally;
  }

  /** Tries the booking once; never throws. */
  async #attempt(booking: ParkedBooking, remainingMs: number): Promise<Verdict> {
    const { retry } = this.options;
    const now = this.options.now().getTime();
    const attempts = booking.attempts + 1;
    const backOff = (lastError: string, retryAfterSeconds: number | undefined): Verdict =>
      attempts >= retry.maxAttempts
        ? { state: 'failed', lastError: `${lastError}; gave up after ${attempts} attempts` }
        : {
            state: 'parked',
            nextAttemptAt: nextAttemptAt(retry, attempts, now, retryAfterSeconds),
            lastError,
          };

    if (bookingStart(booking) <= now) {
      return {
        state: 'failed',
        lastError:
          `${booking.lastError}; the start ${booking.fromDate} UTC passed ` +
          'before Conpeek recovered',
      };
    }
    this.options.metrics.retried();
    try {
      const outcome = await this.options.meetings.attempt(booking, remainingMs);
      if (outcome.status === 'transient') {
        return backOff(outcome.error.reason, outcome.error.retryAfterSeconds);
      }
      return {
        state: 'created',
        meetingId: outcome.meeting.id,
        duplicate: outcome.status === 'duplicate',
      };
    } catch (error) {
      // Someone (a sender's retry) is creating it right now; look again next run.
      if (error instanceof WebhookError && error.status === 409) return { state: 'busy' };
      // SSM, DynamoDB or the key is the problem, not this booking: back off and keep it.
      if (error instanceof WebhookError && error.status === 503) {
        return backOff(error.message, error.retryAfterSeconds);
      }
      return {
        state: 'failed',
        lastError: error instanceof WebhookError ? error.message : 'unexpected error',
      };
    }
  }

  /**
   * Writes the verdict down. A failed write leaves the item as it was, to be tried again next
   * run (where a created meeting comes back as a duplicate): it never turns a created meeting
   * into a failed booking.
   */
  async #record(booking: ParkedBooking, verdict: Verdict, tally: WorkerRun): Promise<void> {
    const { parked, metrics, logger } = this.options;
    if (verdict.state === 'busy') {
      tally.skipped += 1;
      return;
    }
    const now = this.options.now().getTime();
    const attempts = booking.attempts + 1;
    try {
      if (verdict.state === 'created') {
        await parked.settle(
          booking.bookingKey,
          { state: 'created', attempts, nextAttemptAt: now, lastError: '' },
          verdict.meetingId,
        );
        tally[verdict.duplicate ? 'duplicates' : 'created'] += 1;
      } else if (verdict.state === 'parked') {
        await parked.settle(booking.bookingKey, { ...verdict, attempts });
        tally.rescheduled += 1;
      } else {
        await parked.settle(booking.bookingKey, {
          state: 'failed',
          attempts,
          nextAttemptAt: now,
          lastError: verdict.lastError,
        });
        metrics.failed();
        tally.failed += 1;
        logger.error('parked booking failed', {
          source: booking.source,
          bookingId: booking.bookingId,
          fromDate: booking.fromDate,
          project: booking.project,
          attempts,
          lastError: verdict.lastError,
        });
      }
    } catch (error) {
      tally.skipped += 1;
      logger.error('parked booking not updated', {
        source: booking.source,
        bookingId: booking.bookingId,
        verdict: verdict.state,
        error: (error as Error).name,
      });
    }
  }
}
