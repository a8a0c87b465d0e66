// Sending a notification from workflow code and recording what happened. The activity follows the
// contract in activities/index.ts: temporary failures are retried by Temporal (here for up to a
// day, with backoff); a permanent failure comes back as `failed` and is recorded, never dropped.
import { ActivityFailure, isCancellation, patched, proxyActivities, log } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { type DeliveryRecord, type Notification } from '../domain/notifications';
import { MESSAGE_KEY_VERSION, notificationKey } from '../domain/notification-key';
import { DISTINCT_MESSAGE_KEYS_PATCH } from './patches';

// One message per activity. A worker that dies mid-send is noticed by the heartbeat timeout: the
// activity heartbeats every second while it sends (activities/heartbeat.ts; the worker passes one
// to the server at most every second, worker/main.ts maxHeartbeatThrottleInterval), so 5 s without
// one means the worker is gone (a live one would have to stall for 4 s), and Temporal retries the
// attempt elsewhere after the first retry interval, 1 s; with the worker's 3 s sticky timeout
// (worker/main.ts) a new worker has sent everything within about 11 s of a crash, inside the 15 s of
// issue 14 (test/faults/worker-crash-dispatch.test.ts). Before: heartbeat timeout 10 s, first retry
// after 10 s, the SDK's 10 s sticky timeout (about 20–30 s), and before that only start-to-close, a
// minute. The retries of SMTP's temporary failures start at 1 s too and double to an hour. The start-to-close
// bounds a live worker whose SMTP exchange trickles on; the transport's own timeouts (connect and
// greeting 10 s, an idle socket 30 s: activities/mail/transport.ts) end first.
// What a crash costs (docs/delivery.md): a message is sent twice only when the server had it whole
// and the worker died before Temporal recorded the completion; that copy has the same Message-ID.
//
// Changing these options is safe for running cases: on replay the SDK core compares a scheduled
// activity's id and type with the command, not its timeouts or retry policy (sdk-core
// worker/workflow/machines/activity_state_machine.rs, ScheduleCommandCreated::on_activity_task_scheduled,
// in @temporalio/core-bridge 1.24); the recorded histories in test/workflow/replay.test.ts replay.
// An activity already scheduled keeps the options it was scheduled with.
const { deliverNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/**
 * The key version of a notification built now (see DISTINCT_MESSAGE_KEYS_PATCH): from the input of
 * a workflow started with it, else the patch; stored in the notification, so its retries keep it.
 */
export function keyVersionNow(input: { messageKeys?: typeof MESSAGE_KEY_VERSION }): { keyVersion?: typeof MESSAGE_KEY_VERSION } {
  return input.messageKeys === MESSAGE_KEY_VERSION || patched(DISTINCT_MESSAGE_KEYS_PATCH) ? { keyVersion: MESSAGE_KEY_VERSION } : {};
}

/** Delivers and returns the record to keep; an activity that gave up is recorded as failed. */
export async function deliver(n: Notification, previous?: DeliveryRecord): Promise<DeliveryRecord> {
  const key = notificationKey(n);
  const base = { key, kind: n.kind, occurrence: n.occurrence, recipient: n.recipient, attempts: (previous?.attempts ?? 0) + 1 };
  try {
    const outcome = await deliverNotification(n);
    return { ...base, status: outcome.status, messageId: outcome.messageId, attemptedAt: outcome.attemptedAt, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('delivery gave up', { key, error: String(err) });
    // An ActivityFailure only says "activity failed"; the SMTP reason is its cause.
    const reason = err instanceof ActivityFailure && err.cause ? err.cause.message : (err as Error).message;
    return { ...base, status: 'failed', messageId: '', attemptedAt: new Date(Date.now()).toISOString(), detail: `leveransen gav upp: ${reason}` };
  }
}

/** Replaces the record with the same key, or adds it. */
export function upsertDelivery(list: DeliveryRecord[], record: DeliveryRecord): void {
  const i = list.findIndex((d) => d.key === record.key);
  if (i >= 0) list[i] = record;
  else list.push(record);
}
