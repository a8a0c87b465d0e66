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
  if (withinMs === undefined) return handle.executeUpdate(def, options);
  let update;
  try {
    update = await client.withDeadline(Date.now() + withinMs, () =>
      handle.startUpdate(def, { args: options.args, updateId: options.updateId, waitForStage: WorkflowUpdateStage.ACCEPTED }),
    );
  } catch (err) {
    if (timedOut(err)) throw new NoWorkerAnswer('update', withinMs);
    throw err;
  }
  return update.result();
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
