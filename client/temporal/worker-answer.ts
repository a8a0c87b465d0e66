// Calls that need a worker, bounded: an update or a query waits for a worker to take it, and with
// no worker running Temporal holds it (a query ~30 s, then fails; an update indefinitely). So an
// update waits at most `withinMs` (default 3 s) for a worker to accept it and a query as long for
// its answer; past that, NoWorkerAnswer says so (the API answers 503 "ingen worker svarar" within
// 5 s: the bound leaves 2 s for the rest of the request on a loaded machine).
//
// An update Temporal admitted but no worker accepted may still be applied when a worker comes
// back; every update here carries a stable update id (client/cases.ts requestUpdateId), so sending
// the same request again joins that update or finds it done: it is recorded once either way.
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage, isGrpcServiceError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';

/** How long a worker has to accept an update or answer a query (ARENDE_WORKER_ANSWER_SECONDS). */
export const DEFAULT_WORKER_ANSWER_MS = 3_000;

/** The pause before an update refused for a failed workflow task is sent again. */
const RETRY_FAILED_TASK_MS = 250;
/** Without a bound, how long a failed workflow task is waited out (Temporal retries it within seconds). */
const UNBOUNDED_FAILED_TASK_MS = 60_000;

/** No worker took an update, or answered a query, within the bound. */
export class NoWorkerAnswer extends Error {
  override name = 'NoWorkerAnswer';
  constructor(
    /** update: it may still be applied when a worker comes back (the same request again is recorded once); query: nothing changed. */
    readonly kind: 'update' | 'query',
    readonly withinMs: number,
  ) {
    super(`no worker ${kind === 'update' ? 'accepted the update' : 'answered the query'} within ${withinMs} ms`);
  }
}

/** gRPC DEADLINE_EXCEEDED or CANCELLED: our bound ran out. */
function timedOut(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(cause) && (cause.code === 4 || cause.code === 1);
}

/**
 * FAILED_PRECONDITION "Workflow Task in failed state": the workflow's last task failed or timed out
 * (e.g. its worker was killed mid-task) and Temporal has not yet given it to another worker. It
 * takes no update until then; the same update a moment later is accepted.
 */
export function workflowTaskFailed(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(cause) && cause.code === 9 && /workflow task in failed state/i.test(cause.details ?? cause.message);
}

/**
 * Sends the update and waits at most `withinMs` for a worker to accept it (run its validator);
 * then waits for its result as long as it takes (an accepted update is in the history, and its
 * handler may send e-mail first). Without `withinMs` it waits for a worker however long it takes
 * (the API always passes one: TemporalCaseGateway).
 */
export async function acceptedUpdate<Ret, Arg>(
  client: Client,
  handle: WorkflowHandle,
  def: UpdateDefinition<Ret, [Arg]>,
  options: { args: [Arg]; updateId: string },
  withinMs?: number,
): Promise<Ret> {
  if (withinMs === undefined) {
    // No bound (the CLI straight to Temporal): a failed workflow task is waited out too.
    for (let attempt = 1; ; attempt++) {
      try {
        return await handle.executeUpdate(def, options);
      } catch (err) {
        if (!workflowTaskFailed(err) || attempt * RETRY_FAILED_TASK_MS > UNBOUNDED_FAILED_TASK_MS) throw err;
        await new Promise((r) => setTimeout(r, RETRY_FAILED_TASK_MS));
      }
    }
  }
  const deadline = Date.now() + withinMs;
  for (;;) {
    let update;
    try {
      update = await client.withDeadline(deadline, () =>
        handle.startUpdate(def, { args: options.args, updateId: options.updateId, waitForStage: WorkflowUpdateStage.ACCEPTED }),
      );
    } catch (err) {
      if (timedOut(err)) throw new NoWorkerAnswer('update', withinMs);
      // Sent again with the same update id until the bound: a retried workflow task takes it.
      if (workflowTaskFailed(err) && Date.now() + RETRY_FAILED_TASK_MS < deadline) {
        await new Promise((r) => setTimeout(r, RETRY_FAILED_TASK_MS));
        continue;
      }
      if (workflowTaskFailed(err)) throw new NoWorkerAnswer('update', withinMs);
      throw err;
    }
    return update.result();
  }
}

/** The query's answer, or NoWorkerAnswer when no worker gives one within `withinMs` (without it: Temporal's own time-out). */
export async function answeredQuery<Ret, Args extends unknown[]>(
  client: Client,
  handle: WorkflowHandle,
  def: QueryDefinition<Ret, Args>,
  withinMs: number | undefined,
  ...args: Args
): Promise<Ret> {
  if (withinMs === undefined) return handle.query(def, ...args);
  try {
    return await client.withDeadline(Date.now() + withinMs, () => handle.query(def, ...args));
  } catch (err) {
    if (timedOut(err)) throw new NoWorkerAnswer('query', withinMs);
    throw err;
  }
}
