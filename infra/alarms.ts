/**
 * The alarms that make every failure visible: bookings given up, bookings parked too long,
 * function errors and throttles, a worker that stopped running, API 5xx. Each notifies the
 * alarm topic, and again when it is over.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Settings } from '../lambda/config/schema';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../lambda/observability/metric-names';

const PERIOD = Duration.minutes(5);

/** What the alarms watch. */
export interface AlarmTargets {
  readonly settings: Settings;
  readonly topic: ITopic;
  readonly webhook: IFunction;
  readonly worker: IFunction;
  readonly api: HttpApi;
}

/** A booking metric as Powertools Metrics emits it: our namespace, the `service` dimension. */
export function bookingMetric(metricName: string, statistic: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    // Powertools Metrics adds `service` to every metric it emits.
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: PERIOD,
  });
}

/** Every alarm of the stack. */
export class WebhookAlarms extends Construct {
  readonly #topic: ITopic;

  constructor(scope: Construct, id: string, targets: AlarmTargets) {
    super(scope, id);
    this.#topic = targets.topic;
    const { settings, webhook, worker, api } = targets;

    this.#atLeastOnce(
      'BookingsFailed',
      bookingMetric(METRIC.bookingsFailed, Stats.SUM),
      'A parked booking was given up (start passed or attempts ran out): it has no meeting. ' +
        'See `npm run bookings -- list --state failed`; `replay` puts one back in the queue.',
    );
    const limitSeconds = settings.parkedAlarmMinutes * 60;
    this.#alarm(
      'BookingsParkedTooLong',
      bookingMetric(METRIC.oldestParkedAgeSeconds, Stats.MAXIMUM),
      limitSeconds,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
      `A booking has waited more than ${settings.parkedAlarmMinutes} minutes for Conpeek; ` +
        'the worker keeps retrying. Check whether Conpeek is reachable.',
    );
    for (const [name, fn] of [
      ['Webhook', webhook],
      ['Worker', worker],
    ] as const) {
      this.#atLeastOnce(
        `${name}Errors`,
        fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
        `The ${name.toLowerCase()} function failed (an unhandled error or a timeout). ` +
          'Its log group has the details.',
      );
      this.#atLeastOnce(
        `${name}Throttles`,
        fn.metricThrottles({ period: PERIOD, statistic: Stats.SUM }),
        `The ${name.toLowerCase()} function was throttled: its concurrency limit was reached.`,
      );
    }
    // The schedule starts the worker every minute; silence means parked bookings wait forever.
    // Here missing data is the failure, so it counts as breaching.
    this.#alarm(
      'WorkerNotRunning',
      worker.metricInvocations({ period: Duration.minutes(15), statistic: Stats.SUM }),
      1,
      ComparisonOperator.LESS_THAN_THRESHOLD,
      'The retry worker has not run for 15 minutes: parked bookings are not being retried. ' +
        'Check the EventBridge schedule rule and the worker function.',
      TreatMissingData.BREACHING,
    );
    this.#atLeastOnce(
      'ApiServerErrors',
      api.metricServerError({ period: PERIOD, statistic: Stats.SUM }),
      'The webhook API answered 5xx: Conpeek unreadable (502), storage unavailable (503) or a ' +
        'bug (500). The access log and the function log have the details.',
    );
  }

  #atLeastOnce(id: string, metric: IMetric, description: string): Alarm {
    return this.#alarm(
      id,
      metric,
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description,
    );
  }

  #alarm(
    id: string,
    metric: IMetric,
    threshold: number,
    comparisonOperator: ComparisonOperator,
    description: string,
    // No data means nothing happened (no failures, nothing parked), not an unknown state.
    treatMissingData = TreatMissingData.NOT_BREACHING,
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: 1,
      alarmDescription: description,
      treatMissingData,
    });
    const action = new SnsAction(this.#topic);
    alarm.addAlarmAction(action);
    // The operator also learns when it is over.
    alarm.addOkAction(action);
    return alarm;
  }
}
