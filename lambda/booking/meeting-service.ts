/**
 * How the handler gets a meeting for a booking; `store/idempotent-meetings.ts` implements it
 * with exactly-once creation and parking of bookings Conpeek could not take yet.
 */
import type { Meeting } from '../conpeek/client';
import type { Booking } from './booking';

export type BookingOutcome =
  | { readonly status: 'created' | 'duplicate'; readonly meeting: Meeting }
  | {
      readonly status: 'queued';
      readonly reason: string;
      /** Conpeek's status when it answered at all (429, 5xx); absent for timeouts. */
      readonly conpeekStatus: number | undefined;
    };

export interface MeetingService {
  /** `remainingMs` is the invocation's time left, which bounds any lock taken. */
  book(booking: Booking, remainingMs: number): Promise<BookingOutcome>;
}
