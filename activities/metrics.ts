// The project's own worker metrics, through the SDK's metric meter: the worker's Prometheus endpoint
// (ARENDE_METRICS_ADDRESS, worker/logging.ts installSdkRuntime) serves them beside the SDK's. Outside
// an activity (a test calling the function directly), or with no endpoint, they cost nothing.
import { Context } from '@temporalio/activity';
import type { DeliveryOutcome } from '../domain/notifications';

/** What one delivery attempt came to: an outcome the workflow records, or `error` (thrown: Temporal retries it). */
export type AttemptResult = DeliveryOutcome['status'] | 'error';

/** Prometheus: arende_delivery_attempts_total{outcome, activity_type, task_queue, namespace}. */
export const DELIVERY_ATTEMPTS = 'arende_delivery_attempts';

export function countDeliveryAttempt(result: AttemptResult): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // not running as an activity
  }
  context.metricMeter.createCounter(DELIVERY_ATTEMPTS, undefined, 'Delivery attempts (one e-mail each) by what they came to').add(1, { outcome: result });
}
