// Heartbeats while an activity's work is in progress. Two things depend on them:
//   - a lost worker (kill -9, a machine gone) is noticed within the activity's heartbeat timeout
//     (workflows/deliveries.ts: seconds) instead of its start-to-close timeout, and the activity
//     is retried on another worker;
//   - the activity hears of its own end: Temporal answers a heartbeat with "cancelled" or "not found"
//     (the attempt timed out, or the workflow cancelled it), which aborts `signal`, and the work
//     (the SMTP exchange) stops instead of finishing a send no one waits for.
// The SDK sends at most one heartbeat per 80 % of the heartbeat timeout to the server, so beating
// more often here costs nothing; a send that ends within the first interval sends none at all.
import { Context } from '@temporalio/activity';

/** How often to beat for a heartbeat timeout: a few times per timeout, between 0.2 and 5 s. */
export function heartbeatIntervalMs(heartbeatTimeoutMs: number | undefined): number {
  if (!heartbeatTimeoutMs) return 5_000;
  return Math.min(Math.max(Math.floor(heartbeatTimeoutMs / 5), 200), 5_000);
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not running as an activity (a test calling the function directly)
  }
}

/**
 * Runs `work` with heartbeats until it settles. `signal` aborts when Temporal cancels or times out
 * this attempt; outside an activity there is no signal and no heartbeat.
 */
export async function withHeartbeats<T>(work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(undefined);
  const timer = setInterval(() => context.heartbeat(), heartbeatIntervalMs(context.info.heartbeatTimeoutMs));
  try {
    return await work(context.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}
