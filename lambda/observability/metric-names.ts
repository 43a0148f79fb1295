/**
 * Metric names, shared by the code that emits them (Powertools Metrics, EMF) and the alarms in
 * the stack, so the two cannot disagree.
 */
export const METRICS_NAMESPACE = 'ConpeekMeetWebhook';

export const METRIC = {
  /** A meeting was created in Conpeek (webhook path or worker). */
  meetingsCreated: 'MeetingsCreated',
  /** A repeat delivery was answered from the stored meeting, without calling Conpeek. */
  duplicates: 'Duplicates',
  /** A booking was parked after a transient Conpeek failure. */
  bookingsParked: 'BookingsParked',
  /** The worker retried a parked booking. */
  bookingsRetried: 'BookingsRetried',
  /** A parked booking was given up (start passed or attempts ran out). */
  bookingsFailed: 'BookingsFailed',
  /** Age in seconds of the oldest booking still parked, emitted by each worker run. */
  oldestParkedAgeSeconds: 'OldestParkedAgeSeconds',
} as const;
