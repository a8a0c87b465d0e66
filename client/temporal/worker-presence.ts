// Whether a worker serves the task queue: checked before a request that needs one is sent (so a
// 503 can say truthfully that nothing was sent), and by the readiness endpoint (/readyz).
//
// The signal is Temporal's list of the queue's pollers (DescribeTaskQueue) and when each last
// started a poll. Its limits: a worker's poll is a long poll, so an idle, healthy worker last
// started one up to ~60 s ago, and Temporal keeps a dead worker in the list for minutes. So a
// poller counts when it started a poll within POLLER_FRESH_MS, and only after the last call that
// no worker answered in time (NoWorkerAnswer; a live worker that is sent a task polls again at
// once, a dead one never does). A worker killed a moment ago still counts until a request finds
// it silent (that request answers 503 within the bound, client/temporal/worker-answer.ts) or its
// last poll is POLLER_FRESH_MS old.
import type { ConnectionLike } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { temporal } from '@temporalio/proto';

/** A healthy idle worker starts a poll at least once a minute (Temporal's long poll); 10 s to spare. */
export const POLLER_FRESH_MS = 70_000;
/** One DescribeTaskQueue serves every request of this half second. */
const CACHE_MS = 500;
/** Temporal must answer this fast to count as reachable. */
const DESCRIBE_DEADLINE_MS = 2_000;

export type Presence =
  | { temporal: 'ok'; polling: true; pollers: number; lastPollMsAgo: number }
  | { temporal: 'ok'; polling: false; pollers: number; lastPollMsAgo?: number }
  | { temporal: 'unreachable'; polling: false; error: string };

/** Pure: whether the pollers (their last poll's start, ms since the epoch) show a live worker at `now`. */
export function presenceOf(lastPolls: number[], now: number, silentSince?: number): Presence {
  const latest = lastPolls.length ? Math.max(...lastPolls) : undefined;
  const since = Math.max(now - POLLER_FRESH_MS, silentSince ?? -Infinity);
  const lastPollMsAgo = latest === undefined ? undefined : Math.max(0, now - latest);
  if (latest !== undefined && latest > since) return { temporal: 'ok', polling: true, pollers: lastPolls.length, lastPollMsAgo: lastPollMsAgo! };
  return { temporal: 'ok', polling: false, pollers: lastPolls.length, ...(lastPollMsAgo === undefined ? {} : { lastPollMsAgo }) };
}

export class WorkerPresence {
  private silentSince: number | undefined;
  private cached: { at: number; lastPolls: Promise<number[]> } | undefined;

  constructor(
    private readonly connection: ConnectionLike,
    private readonly namespace: string,
    readonly taskQueue: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A call sent at `sentAt` got no answer from a worker in time: pollers whose last poll began
   * before it no longer count (a live worker polls again when it takes the call's task).
   */
  noAnswer(sentAt: number = this.now()): void {
    this.silentSince = Math.max(this.silentSince ?? -Infinity, sentAt);
    this.cached = undefined;
  }

  /**
   * The presence once a worker polls, or after `withinMs` without one: a worker that has just
   * started may not have polled yet (its first poll reaches Temporal a moment after "worker ready").
   */
  async waitForPolling(withinMs: number): Promise<Presence> {
    const deadline = this.now() + withinMs;
    for (;;) {
      const presence = await this.check();
      if (presence.polling || this.now() >= deadline) return presence;
      await sleep(Math.min(250, Math.max(0, deadline - this.now())));
    }
  }

  async check(): Promise<Presence> {
    try {
      const lastPolls = await this.lastPolls();
      return presenceOf(lastPolls, this.now(), this.silentSince);
    } catch (err) {
      return { temporal: 'unreachable', polling: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private lastPolls(): Promise<number[]> {
    const now = this.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.lastPolls;
    const lastPolls = this.connection
      .withDeadline(now + DESCRIBE_DEADLINE_MS, () =>
        this.connection.workflowService.describeTaskQueue({
          namespace: this.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      )
      .then((queue) =>
        (queue.pollers ?? []).flatMap((p) => (p.lastAccessTime ? [Number(p.lastAccessTime.seconds ?? 0) * 1000 + Math.floor((p.lastAccessTime.nanos ?? 0) / 1e6)] : [])),
      );
    this.cached = { at: now, lastPolls };
    // A failure is not kept: the next request asks again.
    lastPolls.catch(() => {
      if (this.cached?.lastPolls === lastPolls) this.cached = undefined;
    });
    return lastPolls;
  }
}
