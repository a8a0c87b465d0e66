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
// `retryDelivery` update.
import { ApplicationFailure } from '@temporalio/common';
import { DeliveryOutcome, Notification } from '../domain/notifications';
import { validate } from '../domain/errors';
import { withHeartbeats } from './heartbeat';
import { carriedText } from './mail/carried-text';

export interface CaseActivities {
  deliverNotification(notification: Notification): Promise<DeliveryOutcome>;
}

export interface ActivityDeps {
  /**
   * Sends one notification (the e-mail implementation). Follows the contract above. `signal` aborts
   * when Temporal cancels or times out the attempt: stop sending and rethrow `signal.reason`.
   */
  deliver(notification: Notification, options?: { signal?: AbortSignal }): Promise<DeliveryOutcome>;
}

/** The activities the worker registers, around the delivery implementation it is given. */
export function createActivities(deps: ActivityDeps): CaseActivities {
  return {
    async deliverNotification(input) {
      // A malformed payload is a bug in the workflow, not a transient problem: fail without retrying.
      // Text recorded under older rules is made acceptable first (carried-text.ts), never refused.
      const parsed = validate(Notification, carriedText(input));
      if (!parsed.ok) throw ApplicationFailure.nonRetryable(`ogiltig notifiering: ${parsed.summary}`, 'InvalidNotification');
      const outcome = await withHeartbeats((signal) => deps.deliver(parsed.value, signal ? { signal } : {}));
      // From the server's 250 to the completion Temporal records is the one window in which a worker
      // that dies leaves a sent message unrecorded (it goes out again, same Message-ID): nothing
      // slow from here on.
      const checked = validate(DeliveryOutcome, outcome);
      if (!checked.ok) throw ApplicationFailure.nonRetryable(`ogiltigt leveransresultat: ${checked.summary}`, 'InvalidDeliveryOutcome');
      return checked.value;
    },
  };
}
