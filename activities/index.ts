// `proxyActivities<CaseActivities>()`; the worker registers `createActivities(deps)`.
//
// deliverNotification contract (see domain/notifications.ts):
//   - idempotent per `notificationKey(n)` (domain/notification-key.ts): a retry, or the
//     same notification scheduled again, never produces a second e-mail; the Message-ID derives
//     from the key;
//   - temporary failure (SMTP 4xx, connection refused, timeout): THROW — Temporal retries with backoff;
//   - permanent failure (SMTP 5xx, rejected address): RETURN { status: 'failed', detail };
//   - no address to send to: RETURN { status: 'undeliverable', detail };
//   - otherwise RETURN { status: 'sent', messageId, attemptedAt }.
// While it sends, the activity heartbeats (activities/heartbeat.ts): a lost worker is noticed within
// the heartbeat timeout, and a cancelled or timed-out attempt aborts its SMTP exchange (`signal`).
// The workflow records every outcome on the case; an administrator retries a failed one with the
// `retryDelivery` update. A temporary failure is also reported to `recordFailedAttempt` (the read
// model's delivery_attempt, activities/failed-attempt.ts) before it is thrown: the workflow hears of
// a delivery only once it is done, so this is how the case shows it as being retried meanwhile.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryAttemptRow } from '../domain/delivery-attempts';
import { DeliveryOutcome, Notification } from '../domain/notifications';
import { validate } from '../domain/errors';
import { withHeartbeats } from './heartbeat';
import { carriedText } from './mail/carried-text';
import { failedAttemptRow } from './failed-attempt';
import { countDeliveryAttempt } from './metrics';

export interface CaseActivities {
  deliverNotification(notification: Notification): Promise<DeliveryOutcome>;
}

export interface ActivityDeps {
  /**
   * Sends one notification (the e-mail implementation). Follows the contract above. `signal` aborts
   * when Temporal cancels or times out the attempt: stop sending and rethrow `signal.reason`.
   */
  deliver(notification: Notification, options?: { signal?: AbortSignal }): Promise<DeliveryOutcome>;
  /** Stores a failed attempt (the worker: readmodel/delivery-attempts.ts recordFailedAttempt). Without it nothing is shown until the outcome. */
  recordFailedAttempt?(attempt: Omit<DeliveryAttemptRow, 'recordAttempts'>): Promise<void>;
}

/** How long reporting a failed attempt may hold up its retry: the store is a display, the retry is the delivery. */
const REPORT_TIMEOUT_MS = 2_000;

/** Reports a temporary failure of this attempt; never throws (the attempt's own error is what counts). */
async function reportFailedAttempt(deps: ActivityDeps, n: Notification, err: unknown): Promise<void> {
  if (!deps.recordFailedAttempt) return;
  if (err instanceof ApplicationFailure && err.nonRetryable) return;
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // not running as an activity
  }
  // Cancelled or timed out: the attempt is over, not a failure of the SMTP server.
  if (context.cancellationSignal.aborted) return;
  const row = failedAttemptRow(n, context.info, err, Date.now());
  if (!row) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.recordFailedAttempt(row),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${REPORT_TIMEOUT_MS} ms`)), REPORT_TIMEOUT_MS);
      }),
    ]);
  } catch (reportErr) {
    context.log.warn('could not record the failed delivery attempt in the read model', { key: row.key, attempt: row.attempt, error: String(reportErr) });
  } finally {
    clearTimeout(timer);
  }
}

/** The activities the worker registers, around the delivery implementation it is given. */
export function createActivities(deps: ActivityDeps): CaseActivities {
  return {
    async deliverNotification(input) {
      // A malformed payload is a bug in the workflow, not a transient problem: fail without retrying.
      // Text recorded under older rules is made acceptable first (carried-text.ts), never refused.
      const parsed = validate(Notification, carriedText(input));
      if (!parsed.ok) throw ApplicationFailure.nonRetryable(`ogiltig notifiering: ${parsed.summary}`, 'InvalidNotification');
      let outcome: DeliveryOutcome;
      try {
        outcome = await withHeartbeats((signal) => deps.deliver(parsed.value, signal ? { signal } : {}));
      } catch (err) {
        countDeliveryAttempt('error');
        await reportFailedAttempt(deps, parsed.value, err);
        throw err;
      }
      // From the server's 250 to the completion Temporal records is the one window in which a worker
      // that dies leaves a sent message unrecorded (it goes out again, same Message-ID): nothing
      // slow from here on.
      const checked = validate(DeliveryOutcome, outcome);
      if (!checked.ok) throw ApplicationFailure.nonRetryable(`ogiltigt leveransresultat: ${checked.summary}`, 'InvalidDeliveryOutcome');
      countDeliveryAttempt(checked.value.status);
      return checked.value;
    },
  };
}
