/**
 * How the handler gets a meeting for a booking. The plain service creates it directly; the
 * idempotent one (see `store/`) adds exactly-once and parking on top of the same creator.
 */
import type { Meeting } from '../conpeek/client';
import type { Booking } from './booking';
import type { MeetingCreator } from './create-meeting';

export type BookingOutcome =
  | { readonly status: 'created' | 'duplicate'; readonly meeting: Meeting }
  | { readonly status: 'queued'; readonly reason: string };

export interface MeetingService {
  /** `remainingMs` is the invocation's time left, which bounds any lock taken. */
  book(booking: Booking, remainingMs: number): Promise<BookingOutcome>;
}

/** No dedupe, no parking: every call creates. Used where no store is configured. */
export class DirectMeetingService implements MeetingService {
  constructor(private readonly creator: MeetingCreator) {}

  async book(booking: Booking): Promise<BookingOutcome> {
    return { status: 'created', meeting: await this.creator.create(booking) };
  }
}
