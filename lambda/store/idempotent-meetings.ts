/**
 * Exactly one meeting per booking. The one function that creates a meeting is wrapped with
 * Powertools idempotency (`makeIdempotent`), keyed by source + booking id + start, on a DynamoDB
 * table; the webhook path and the retry worker both go through it, so a sender's retry and the
 * worker can never both create a meeting.
 *
 * A delivery's life, as the idempotency record sees it:
 *
 *   first delivery   ──put INPROGRESS──▶ Conpeek ──▶ put COMPLETED(meeting) ──▶ 200 created
 *   repeat, during   ──put fails, record INPROGRESS──────────────────────────▶ 409 Retry-After
 *   repeat, after    ──put fails, record COMPLETED───────────────────────────▶ 200 duplicate
 *   Conpeek down     ──put INPROGRESS──▶ Conpeek ✗ ──▶ record deleted, booking parked ─▶ 202
 *
 * The INPROGRESS lock expires with the invocation's remaining time, so an attempt killed by
 * the Lambda timeout does not block its booking for good.
 */
import { randomUUID } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { type Booking, bookingKey } from '../booking/booking';
import { ConpeekTransientError, type MeetingCreator } from '../booking/create-meeting';
import type { BookingOutcome, MeetingService } from '../booking/meeting-service';
import type { Meeting } from '../conpeek/client';
import {
  BookingInProgressError,
  ConpeekUnreadableError,
  DependencyUnavailableError,
  WebhookError,
} from '../errors';
import type { BookingMetrics } from '../observability/metrics';
import type { ParkedBookings } from './parked-bookings';
import { nextAttemptAt, type RetryPolicy } from './retry-policy';

/** What the idempotency record stores for a booking. */
type StoredResult =
  | { readonly kind: 'meeting'; readonly meeting: Meeting; readonly attemptId: string }
  | { readonly kind: 'unreadable'; readonly message: string; readonly conpeekStatus: number };

interface Attempt {
  /** The only part that is hashed into the idempotency key. */
  readonly key: string;
  readonly booking: Booking;
  readonly attemptId: string;
  /** Epoch ms by which Conpeek must have answered, leaving time to save the record. */
  readonly deadline: number;
  /** Set as soon as Conpeek created the meeting, even if storing that fails afterwards. */
  meeting?: Meeting;
}

/** Both the webhook path and the worker see one of these per attempt. */
export type AttemptOutcome =
  | { readonly status: 'created' | 'duplicate'; readonly meeting: Meeting }
  | { readonly status: 'transient'; readonly error: ConpeekTransientError };

/** Time kept back from Conpeek calls to save the idempotency record afterwards. */
const SAVE_MARGIN_MS = 1_500;

/** All parts of a booking's key live under this prefix, whichever function writes them. */
const KEY_PREFIX = 'conpeek-meet-webhook#booking';

export interface IdempotentMeetingsOptions {
  readonly creator: MeetingCreator;
  readonly persistence: BasePersistenceLayer;
  readonly parked: ParkedBookings;
  readonly metrics: BookingMetrics;
  readonly retry: RetryPolicy;
  readonly recordDays: number;
  readonly now: () => Date;
}

export class IdempotentMeetingService implements MeetingService {
  readonly #config: IdempotencyConfig;
  readonly #createOnce: (attempt: Attempt) => Promise<StoredResult>;

  constructor(private readonly options: IdempotentMeetingsOptions) {
    this.#config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      expiresAfterSeconds: options.recordDays * 86_400,
      // A repeat in the same warm container is answered without a DynamoDB call.
      useLocalCache: true,
      maxLocalCacheSize: 1_000,
    });
    this.#createOnce = makeIdempotent(
      async (attempt: Attempt): Promise<StoredResult> => {
        try {
          attempt.meeting = await options.creator.create(attempt.booking, attempt.deadline);
          return { kind: 'meeting', meeting: attempt.meeting, attemptId: attempt.attemptId };
        } catch (error) {
          // Kept as the record's result, not thrown: the meeting may exist, so no repeat may
          // call Conpeek again for this booking.
          if (error instanceof ConpeekUnreadableError) {
            return {
              kind: 'unreadable',
              message: error.message,
              conpeekStatus: Number(error.details.conpeekStatus ?? 0),
            };
          }
          throw error;
        }
      },
      { persistenceStore: options.persistence, config: this.#config, keyPrefix: KEY_PREFIX },
    );
  }

  /** One attempt through the idempotency guard; throws WebhookErrors for final outcomes. */
  async attempt(booking: Booking, remainingMs: number): Promise<AttemptOutcome> {
    const attempt: Attempt = {
      key: bookingKey(booking),
      booking,
      attemptId: randomUUID(),
      deadline: Date.now() + remainingMs - SAVE_MARGIN_MS,
    };
    // The in-progress lock lasts as long as this invocation can.
    this.#config.registerLambdaContext({
      getRemainingTimeInMillis: () => remainingMs,
    } as Context);

    let result: StoredResult;
    try {
      result = await this.#createOnce(attempt);
    } catch (error) {
      if (error instanceof ConpeekTransientError) return { status: 'transient', error };
      if (error instanceof WebhookError) throw error;
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new BookingInProgressError(
          'This booking is being processed right now; retry shortly.',
          Math.max(1, Math.ceil(remainingMs / 1000)),
        );
      }
      if (attempt.meeting) {
        // Conpeek created it but the record could not be saved: the meeting is real, say so.
        this.options.metrics.meetingCreated();
        return { status: 'created', meeting: attempt.meeting };
      }
      throw new DependencyUnavailableError(
        'The booking could not be stored durably right now; please retry later.',
        30,
        {},
        { cause: error },
      );
    }

    if (result.kind === 'unreadable') {
      throw new ConpeekUnreadableError(result.message, { conpeekStatus: result.conpeekStatus });
    }
    if (result.attemptId === attempt.attemptId) {
      this.options.metrics.meetingCreated();
      return { status: 'created', meeting: result.meeting };
    }
    this.options.metrics.duplicate();
    return { status: 'duplicate', meeting: result.meeting };
  }

  /** The webhook path: a transient failure parks the booking for the worker (202). */
  async book(booking: Booking, remainingMs: number): Promise<BookingOutcome> {
    const outcome = await this.attempt(booking, remainingMs);
    if (outcome.status !== 'transient') return outcome;

    const now = this.options.now().getTime();
    const reason = outcome.error.reason;
    try {
      await this.options.parked.park(
        booking,
        now,
        nextAttemptAt(this.options.retry, 0, now, outcome.error.retryAfterSeconds),
        reason,
      );
    } catch (error) {
      // Not parked means not safe: the sender must keep the booking and retry.
      throw new DependencyUnavailableError(
        'Conpeek is unavailable and the booking could not be queued; please retry later.',
        outcome.error.retryAfterSeconds ?? 60,
        {},
        { cause: error },
      );
    }
    this.options.metrics.parked();
    return {
      status: 'queued',
      reason: `Conpeek is unavailable (${reason}); we will retry.`,
      conpeekStatus: outcome.error.conpeekStatus,
    };
  }
}
