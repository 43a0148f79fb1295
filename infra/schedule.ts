/**
 * The retry worker's clock: an EventBridge rule that invokes it every minute.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** How often parked bookings are looked at; their own backoff decides which are due. */
export const WORKER_RATE = Duration.minutes(1);

/** Runs `worker` every {@link WORKER_RATE}. */
export function scheduleWorker(scope: Construct, worker: IFunction): Rule {
  return new Rule(scope, 'WorkerSchedule', {
    description: 'Retries parked conpeek-meet-webhook bookings that are due',
    schedule: Schedule.rate(WORKER_RATE),
    targets: [
      new LambdaFunction(worker, {
        // A missed run needs no redelivery: the next one is a minute away.
        retryAttempts: 0,
      }),
    ],
  });
}
