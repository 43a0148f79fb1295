/**
 * What the operator's command line does with parked and failed bookings: list them, and put
 * failed ones back in the queue once the cause is fixed. Used by `npm run bookings`.
 */
import { bookingStart } from '../booking/booking';
import type { ParkedBooking, ParkedBookings, ParkedState } from './parked-bookings';

/** The columns an operator sees: no personal data is stored, so none can be shown. */
export interface BookingRow {
  readonly state: ParkedState;
  readonly source: string;
  readonly bookingId: string;
  readonly start: string;
  readonly project: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly key: string;
}

const LIST_LIMIT = 1_000;

function row(booking: ParkedBooking): BookingRow {
  return {
    state: booking.state,
    source: booking.source,
    bookingId: booking.bookingId,
    start: `${booking.fromDate} UTC`,
    project: booking.project,
    attempts: booking.attempts,
    lastError: booking.lastError,
    key: booking.bookingKey,
  };
}

export async function listBookings(
  parked: ParkedBookings,
  states: readonly ParkedState[] = ['parked', 'failed'],
): Promise<BookingRow[]> {
  const lists = await Promise.all(states.map((state) => parked.list(state, LIST_LIMIT)));
  return lists.flat().map(row);
}

/** Why one replay did not happen, in words for the operator. */
export class ReplayRefusedError extends Error {
  override readonly name = 'ReplayRefusedError';
}

/**
 * Puts one failed booking back in the queue, due now, with its attempts reset. A start that
 * has passed is refused: Conpeek would create a meeting nobody can attend.
 */
export async function replayBooking(
  parked: ParkedBookings,
  key: string,
  now: number,
): Promise<BookingRow> {
  const booking = await parked.get(key);
  if (!booking) throw new ReplayRefusedError(`No parked or failed booking has the key ${key}.`);
  if (booking.state !== 'failed') {
    throw new ReplayRefusedError(
      `Booking ${key} is ${booking.state}, not failed; nothing to replay.`,
    );
  }
  const start = bookingStart(booking);
  if (start <= now) {
    throw new ReplayRefusedError(
      `Booking ${key} started at ${booking.fromDate} UTC, which has passed; ` +
        'it cannot be replayed. ' +
        'Ask the sender to book a new time.',
    );
  }
  await parked.settle(key, {
    state: 'parked',
    attempts: 0,
    nextAttemptAt: now,
    lastError: `replayed by the operator after: ${booking.lastError}`,
  });
  return row({ ...booking, state: 'parked', attempts: 0 });
}

/** Replays every failed booking whose start is still ahead; reports the others. */
export async function replayAllFailed(
  parked: ParkedBookings,
  now: number,
): Promise<{ replayed: BookingRow[]; refused: string[] }> {
  const replayed: BookingRow[] = [];
  const refused: string[] = [];
  for (const booking of await parked.list('failed', LIST_LIMIT)) {
    try {
      replayed.push(await replayBooking(parked, booking.bookingKey, now));
    } catch (error) {
      if (!(error instanceof ReplayRefusedError)) throw error;
      refused.push(error.message);
    }
  }
  return { replayed, refused };
}
