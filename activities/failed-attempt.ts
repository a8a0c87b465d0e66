// What a failed delivery attempt reports into the read model (domain/delivery-attempts.ts), so the
// case shows the message as being retried while Temporal retries it: the attempt's number, when it
// failed, the error in words, when the next attempt and the giving up are due. Built from the
// attempt's own info (the SDK's Context.current().info), the notification and the error.
import { ApplicationFailure } from '@temporalio/common';
import type { Info } from '@temporalio/activity';
import { nextAttemptAtMs, recordingWorkflowId, sendErrorWords, specificCode, type DeliveryAttemptRow } from '../domain/delivery-attempts';
import { parseWorkflowId } from '../domain/dnr';
import type { Notification } from '../domain/notifications';
import { notificationKey } from '../domain/notification-key';

/** What deliver.ts attaches to a temporary failure (ApplicationFailure details[0]). */
export interface TemporaryFailureDetails {
  code: string;
  detail: string;
}

/** The error's code and text: deliver.ts's details, else the error's own code or name. */
export function failureOf(err: unknown): TemporaryFailureDetails {
  if (err instanceof ApplicationFailure) {
    const details = err.details?.[0] as Partial<TemporaryFailureDetails> | undefined;
    if (details?.code) return { code: details.code, detail: details.detail ?? err.message };
    return { code: err.type ?? 'ERROR', detail: err.message };
  }
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'ERROR';
  return { code, detail: typeof e?.message === 'string' ? e.message : String(err) };
}

export type AttemptInfo = Pick<Info, 'attempt' | 'scheduledTimestampMs' | 'scheduleToCloseTimeoutMs' | 'retryPolicy'> & { workflowExecution?: { workflowId: string } };

/** The row for attempt `info.attempt` of `n`, which failed at `nowMs` with `err`; undefined outside a workflow. */
export function failedAttemptRow(n: Notification, info: AttemptInfo, err: unknown, nowMs: number): Omit<DeliveryAttemptRow, 'recordAttempts'> | undefined {
  const executing = info.workflowExecution?.workflowId;
  if (!executing) return undefined;
  const workflowId = recordingWorkflowId(executing);
  const { code, detail } = failureOf(err);
  const givesUpAtMs = info.scheduleToCloseTimeoutMs ? info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs : undefined;
  const policy = info.retryPolicy;
  const next = nextAttemptAtMs(nowMs, info.attempt, policy && {
    ...(typeof policy.initialInterval === 'number' ? { initialIntervalMs: policy.initialInterval } : {}),
    ...(typeof policy.maximumInterval === 'number' ? { maximumIntervalMs: policy.maximumInterval } : {}),
    ...(policy.backoffCoefficient ? { backoffCoefficient: policy.backoffCoefficient } : {}),
    ...(policy.maximumAttempts ? { maximumAttempts: policy.maximumAttempts } : {}),
  }, givesUpAtMs);
  const track = parseWorkflowId(workflowId)?.partyId;
  return {
    workflowId,
    key: notificationKey(n),
    dnr: n.dnr,
    ...(track ? { track } : {}),
    kind: n.kind,
    recipientLabel: n.recipient.label,
    ...(n.recipient.email ? { recipientEmail: n.recipient.email } : {}),
    attempt: info.attempt,
    failedAt: new Date(nowMs).toISOString(),
    errorCode: specificCode(code, detail),
    error: sendErrorWords(code, detail),
    ...(detail ? { detail: detail.slice(0, 1000) } : {}),
    ...(next !== undefined ? { nextAttemptAt: new Date(next).toISOString() } : {}),
    ...(givesUpAtMs ? { givesUpAt: new Date(givesUpAtMs).toISOString() } : {}),
  };
}
