/**
 * The booking metrics, as CloudWatch EMF lines through Powertools Metrics. Names come from
 * `metric-names.ts`, which the stack's alarms read too.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, METRICS_NAMESPACE } from './metric-names';

export class BookingMetrics {
  readonly #metrics: Metrics;

  constructor(serviceName: string, metrics?: Metrics) {
    this.#metrics = metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  }

  meetingCreated(): void {
    this.#metrics.addMetric(METRIC.meetingsCreated, MetricUnit.Count, 1);
  }

  duplicate(): void {
    this.#metrics.addMetric(METRIC.duplicates, MetricUnit.Count, 1);
  }

  parked(): void {
    this.#metrics.addMetric(METRIC.bookingsParked, MetricUnit.Count, 1);
  }

  retried(): void {
    this.#metrics.addMetric(METRIC.bookingsRetried, MetricUnit.Count, 1);
  }

  failed(): void {
    this.#metrics.addMetric(METRIC.bookingsFailed, MetricUnit.Count, 1);
  }

  oldestParkedAge(seconds: number): void {
    this.#metrics.addMetric(METRIC.oldestParkedAgeSeconds, MetricUnit.Seconds, seconds);
  }

  /** Writes what was counted, if anything (an empty flush would only log a warning). */
  publish(): void {
    if (this.#metrics.hasStoredMetrics()) this.#metrics.publishStoredMetrics();
  }
}
