/**
 * Metric names, shared by the code that emits them (Powertools Metrics, EMF) and the alarms in
 * the stack, so the two cannot disagree.
 */
/** The Powertools service name: the `service` field of every log line and metric dimension. */
export const SERVICE_NAME = 'conpeek-meet-webhook';

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
