/**
 * A booking once read and mapped: everything needed to create its meeting, and its key.
 */

export interface Booking {
  readonly source: string;
  readonly bookingId: string;
  /** Conpeek's `from_date`, UTC `YYYY-MM-DD HH:mm:ss`. */
  readonly fromDate: string;
  readonly project: string;
}

/**
 * The dedupe key: source + booking id + start. The start is in it so that a reschedule (same
 * booking, new time) gets its own meeting, while every retry of one delivery maps to one key.
 */
export function bookingKey(booking: Pick<Booking, 'source' | 'bookingId' | 'fromDate'>): string {
  return `${booking.source}#${booking.bookingId}#${booking.fromDate}`;
}

/** The booking's start as epoch ms, read back from its Conpeek `from_date` (UTC). */
export function bookingStart(booking: Pick<Booking, 'fromDate'>): number {
  return Date.parse(`${booking.fromDate.replace(' ', 'T')}Z`);
}
