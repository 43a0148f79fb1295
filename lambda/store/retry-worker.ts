/**
 * The retry worker: every minute (EventBridge), it takes the parked bookings that are due and
 * tries each again through the same idempotent function the webhook path uses. A booking ends
 * as created, or as failed when its start has passed, Conpeek refuses it, or attempts run out;
 * a failed booking stays in the table with its last error for the operator.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Booking } from '../booking/booking';
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
/** Stop starting new attempts with less time than this left (one Conpeek timeout + margin). */
const RESERVE_MS = 10_000;

export interface RetryWorkerOptions {
  readonly meetings: IdempotentMeetingService;
  readonly parked: ParkedBookings;
  readonly metrics: BookingMetrics;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
}

function startOf(booking: Booking): number {
  return Date.parse(`${booking.fromDate.replace(' ', 'T')}Z`);
}

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
      if (remainingMs() < RESERVE_MS + 2_000) {
        tally.skipped += 1;
        continue;
      }
      await this.#retry(booking, remainingMs() - RESERVE_MS, tally);
    }
    metrics.publish();
    logger.info('worker run', { ...tally, waiting: waiting.length });
    return tally;
  }

  async #retry(booking: ParkedBooking, budgetMs: number, tally: WorkerRun): Promise<void> {
    const { parked, metrics, logger, retry } = this.options;
    const now = this.options.now().getTime();
    const attempts = booking.attempts + 1;
    const fail = async (lastError: string) => {
      await parked.settle(booking.bookingKey, {
        state: 'failed',
        attempts,
        nextAttemptAt: now,
        lastError,
      });
      metrics.failed();
      tally.failed += 1;
      logger.error('parked booking failed', {
        source: booking.source,
        bookingId: booking.bookingId,
        fromDate: booking.fromDate,
        project: booking.project,
        attempts,
        lastError,
      });
    };

    if (startOf(booking) <= now) {
      await fail(
        `${booking.lastError}; the start ${booking.fromDate} UTC passed before Conpeek recovered`,
      );
      return;
    }
    metrics.retried();
    try {
      const outcome = await this.options.meetings.attempt(booking, budgetMs);
      if (outcome.status === 'transient') {
        if (attempts >= retry.maxAttempts) {
          await fail(`${outcome.error.reason}; gave up after ${attempts} attempts`);
          return;
        }
        const next = nextAttemptAt(retry, attempts, now, outcome.error.retryAfterSeconds);
        await parked.settle(booking.bookingKey, {
          state: 'parked',
          attempts,
          nextAttemptAt: next,
          lastError: outcome.error.reason,
        });
        tally.rescheduled += 1;
        return;
      }
      await parked.settle(
        booking.bookingKey,
        { state: 'created', attempts, nextAttemptAt: now, lastError: '' },
        outcome.meeting.id,
      );
      tally[outcome.status === 'created' ? 'created' : 'duplicates'] += 1;
    } catch (error) {
      if (error instanceof WebhookError && error.status === 409) {
        // Someone (a sender's retry) is creating it right now; look again next run.
        tally.skipped += 1;
        return;
      }
      if (error instanceof WebhookError && error.status === 503) {
        // SSM, DynamoDB or the key is the problem, not this booking: back off and keep it.
        if (attempts >= retry.maxAttempts) {
          await fail(`${error.message}; gave up after ${attempts} attempts`);
          return;
        }
        const next = nextAttemptAt(retry, attempts, now, error.retryAfterSeconds);
        await parked.settle(booking.bookingKey, {
          state: 'parked',
          attempts,
          nextAttemptAt: next,
          lastError: error.message,
        });
        tally.rescheduled += 1;
        return;
      }
      await fail(error instanceof WebhookError ? error.message : 'unexpected error');
    }
  }
}
