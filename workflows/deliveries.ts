// Sending a notification from workflow code and recording what happened. The activity follows the
// contract in activities/index.ts: temporary failures are retried by Temporal (here for up to a
// day, with backoff); a permanent failure comes back as `failed` and is recorded, never dropped.
import { ActivityFailure, isCancellation, proxyActivities, log } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { type DeliveryRecord, type Notification } from '../domain/notifications';
import { notificationKey } from '../domain/notification-key';

const { deliverNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

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
