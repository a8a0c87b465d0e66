// `arende reindex` (issue 13): the read model rebuilt from, or checked against, the workflows
// themselves. Every case and decision track workflow that Temporal still has (open, or closed within
// the namespace's retention) is listed (visibility: this is an operator's tool, not a list users
// read), the latest run of each id is queried (closed ones too: Temporal replays them on a worker)
// and its rows computed by the workflows' own projection (readmodel/reindex-rows.ts). Cases go
// first: a track's rows take its party snapshot from its case.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { parseWorkflowId, type Dnr } from '../domain/dnr';
import type { Projection } from '../domain/read-model';
import type { TrackStatus } from '../domain/track-rules';
import { applyProjection } from '../readmodel/apply';
import type { ReadModel } from '../readmodel/open';
import {
  caseRowsFromSnapshot,
  compareWorkflowRows,
  rowsOfProjection,
  trackFactsOf,
  trackRowsFromStatus,
  type Difference,
  type TrackFacts,
} from '../readmodel/reindex-rows';
import { readModelIsEmpty, removeWorkflowRows, storedWorkflowIds, storedWorkflowRows } from '../readmodel/workflow-rows';
import { CASE_WORKFLOW, TRACK_WORKFLOW, caseSnapshotQuery, caseStatusQuery, trackStatusQuery } from '../workflows/messages';
import { isSlowAnswer } from './cases';

export interface RebuildOptions {
  /** Queries at a time (default 8). */
  concurrency?: number;
  /** How long one query may take (default 15 s). */
  queryTimeoutMs?: number;
  /** After the list is read: how many workflows will be read. */
  onListed?: (counts: { cases: number; tracks: number }) => void;
  /** After each workflow. */
  onProgress?: (done: number, total: number) => void;
  /** --check: how long to wait before reading a differing workflow again (default 1 s; it may have been projecting just then). */
  settleMs?: number;
}

/** A workflow that could not be read: its rows are left as they are. */
export interface ReadFailure {
  workflowId: string;
  dnr?: string;
  party?: string;
  reason: string;
}

export interface RebuildSummary {
  cases: number;
  tracks: number;
  /** Workflows whose rows were removed: Temporal no longer has them. */
  removed: number;
  failures: ReadFailure[];
  ms: number;
}

export interface CheckResult {
  cases: number;
  tracks: number;
  differences: Difference[];
  failures: ReadFailure[];
  ms: number;
}

/** No worker answers the queries: nothing more can be read (the message says what to do). */
export class WorkerNotAnswering extends Error {
  override name = 'WorkerNotAnswering';
}

interface Listed {
  workflowId: string;
  taskQueue: string;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_QUERY_TIMEOUT_MS = 15_000;
/** Queries that time out before the whole run gives up (no worker, most likely). */
const TIMEOUTS_BEFORE_GIVING_UP = 3;

/** Rebuilds the read model: every workflow's rows replaced by what it says now; rows of workflows Temporal no longer has removed. */
export async function reindexReadModel(client: Client, db: ReadModel, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const started = Date.now();
  const read = await readWorkflows(client, options, async (projection) => {
    await applyProjection(db, projection, { reindex: true });
  });
  const gone = await workflowsGone(client, db, read.seen);
  await removeWorkflowRows(db, gone);
  return { cases: read.cases, tracks: read.tracks, removed: gone.length, failures: read.failures, ms: Date.now() - started };
}

/**
 * Compares the read model with the workflows and writes nothing: the differences per workflow,
 * rows missing from the store and rows of workflows Temporal does not have. A workflow that
 * differs is read again after `settleMs` (it may have changed, and not yet projected, in between);
 * only what still differs is reported.
 */
export async function checkReadModel(client: Client, db: ReadModel, options: RebuildOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const differing = new Set<string>();
  const compare = async (projection: Projection) => {
    const found = compareWorkflowRows(rowsOfProjection(projection), await storedWorkflowRows(db, projection.workflowId));
    if (found.length > 0) differing.add(projection.workflowId);
    return found;
  };
  const read = await readWorkflows(client, options, compare);
  let differences: Difference[] = [];
  if (differing.size > 0) {
    await new Promise((r) => setTimeout(r, options.settleMs ?? 1_000));
    const again = await readWorkflows(client, { ...options, onListed: undefined, onProgress: undefined }, async (projection) => {
      differences.push(...(await compare(projection)));
    }, [...differing]);
    read.failures.push(...again.failures);
  }
  for (const workflowId of await workflowsGone(client, db, read.seen)) {
    differences.push(...compareWorkflowRows(undefined, await storedWorkflowRows(db, workflowId)));
  }
  differences = differences.sort((a, b) => a.dnr.localeCompare(b.dnr, 'sv') || (a.partyName ?? '').localeCompare(b.partyName ?? '', 'sv'));
  return { cases: read.cases, tracks: read.tracks, differences, failures: read.failures, ms: Date.now() - started };
}

/** For `npm start`: how many cases Temporal holds when the read model holds none (0 when the read model has rows, or there are no cases). */
export async function casesToRebuild(client: Client, db: ReadModel): Promise<number> {
  if (!(await readModelIsEmpty(db))) return 0;
  return (await client.workflow.count(`WorkflowType = '${CASE_WORKFLOW}'`)).count;
}

interface Read {
  cases: number;
  tracks: number;
  /** Ids read, or that failed (their rows are kept): not gone. */
  seen: Set<string>;
  failures: ReadFailure[];
}

/**
 * Reads every listed case, then every track (or only `only`), and hands each one's rows to `use`.
 * A workflow that no longer exists is skipped; one that fails is a failure; after a few timeouts
 * the whole read stops: no worker answers.
 */
async function readWorkflows(client: Client, options: RebuildOptions, use: (p: Projection) => Promise<unknown>, only?: string[]): Promise<Read> {
  const { cases, tracks } = await listWorkflows(client, only);
  options.onListed?.({ cases: cases.length, tracks: tracks.length });
  await assertWorkers(client, [...cases, ...tracks]);
  const total = cases.length + tracks.length;
  const timeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const read: Read = { cases: 0, tracks: 0, seen: new Set(), failures: [] };
  const facts = new Map<Dnr, TrackFacts>();
  let done = 0;
  let timeouts = 0;
  let stop: WorkerNotAnswering | undefined;
  const now = () => new Date().toISOString();

  const one = async (listed: Listed, kind: 'case' | 'track') => {
    const ids = parseWorkflowId(listed.workflowId);
    const handle = client.workflow.getHandle(listed.workflowId);
    let projection: Projection;
    try {
      if (kind === 'case') {
        const [snapshot, status] = await client.withDeadline(Date.now() + timeoutMs, () => Promise.all([handle.query(caseSnapshotQuery), handle.query(caseStatusQuery)]));
        facts.set(snapshot.state.dnr, trackFactsOf(snapshot));
        projection = caseRowsFromSnapshot(listed.workflowId, snapshot, status, now);
      } else {
        const status: TrackStatus = await client.withDeadline(Date.now() + timeoutMs, () => handle.query(trackStatusQuery));
        projection = trackRowsFromStatus(listed.workflowId, status, ids ? facts.get(ids.dnr) : undefined, now);
      }
    } catch (err) {
      options.onProgress?.(++done, total);
      // Gone since it was listed (retention): not read, and not kept.
      if (err instanceof WorkflowNotFoundError) return;
      read.seen.add(listed.workflowId);
      const slow = isSlowAnswer(err);
      const reason = slow
        ? `svarade inte inom ${Math.round(timeoutMs / 1000)} s. ${workerHint(listed.taskQueue)}`
        : `kunde inte läsas: ${err instanceof Error ? err.message : String(err)}`;
      read.failures.push({ workflowId: listed.workflowId, ...(ids ? { dnr: ids.dnr } : {}), ...(ids?.partyId ? { party: ids.partyId } : {}), reason });
      if (slow && ++timeouts >= TIMEOUTS_BEFORE_GIVING_UP) {
        stop ??= new WorkerNotAnswering(`${timeouts} arbetsflöden svarade inte inom ${Math.round(timeoutMs / 1000)} s; läsningen avbröts. ${workerHint(listed.taskQueue)}`);
      }
      return;
    }
    // A store that fails is no failure of this workflow's: it stops the run.
    read.seen.add(listed.workflowId);
    await use(projection);
    read[kind === 'case' ? 'cases' : 'tracks']++;
    options.onProgress?.(++done, total);
  };

  for (const [kind, list] of [['case', cases], ['track', tracks]] as const) {
    await eachLimited(list, options.concurrency ?? DEFAULT_CONCURRENCY, (listed) => one(listed, kind), () => stop !== undefined);
    if (stop) throw stop;
  }
  return read;
}

function workerHint(taskQueue: string): string {
  return `Frågorna besvaras av arbetaren (workern), också för avslutade arbetsflöden, som Temporal spelar upp på den: starta den för kön ${taskQueue} (npm start, eller worker/main.ts) och försök igen.`;
}

/** The latest run of each case and track workflow id (visibility lists every run; a query without a run id goes to the latest). */
async function listWorkflows(client: Client, only?: string[]): Promise<{ cases: Listed[]; tracks: Listed[] }> {
  const latest = new Map<string, { listed: Listed; type: string; started: number }>();
  const wanted = only ? new Set(only) : undefined;
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${CASE_WORKFLOW}' OR WorkflowType = '${TRACK_WORKFLOW}'` })) {
    if (wanted && !wanted.has(wf.workflowId)) continue;
    const seen = latest.get(wf.workflowId);
    const started = wf.startTime.getTime();
    if (!seen || started >= seen.started) latest.set(wf.workflowId, { listed: { workflowId: wf.workflowId, taskQueue: wf.taskQueue }, type: wf.type, started });
  }
  const byId = (a: Listed, b: Listed) => (a.workflowId < b.workflowId ? -1 : 1);
  const all = [...latest.values()];
  return {
    cases: all.filter((w) => w.type === CASE_WORKFLOW).map((w) => w.listed).sort(byId),
    tracks: all.filter((w) => w.type === TRACK_WORKFLOW).map((w) => w.listed).sort(byId),
  };
}

/** Stops before the first query when a task queue has no worker at all (each query would wait out its timeout). */
async function assertWorkers(client: Client, listed: readonly Listed[]): Promise<void> {
  for (const taskQueue of new Set(listed.map((l) => l.taskQueue))) {
    const described = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if ((described.pollers?.length ?? 0) === 0) throw new WorkerNotAnswering(`Ingen arbetare (worker) hämtar uppgifter från kön ${taskQueue}. ${workerHint(taskQueue)}`);
  }
}

/**
 * The workflows the store holds rows of that Temporal does not have: not read now, and not found
 * when asked for by id (one started after the list was read is found, and kept).
 */
async function workflowsGone(client: Client, db: ReadModel, seen: ReadonlySet<string>): Promise<string[]> {
  const candidates = [...(await storedWorkflowIds(db))].filter((id) => !seen.has(id));
  const gone: string[] = [];
  await eachLimited(candidates, DEFAULT_CONCURRENCY, async (workflowId) => {
    try {
      await client.workflow.getHandle(workflowId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) gone.push(workflowId);
      else throw err;
    }
  }, () => false);
  return gone.sort();
}

/** Runs `work` over `items`, `limit` at a time, until `stopped()` or one of them throws. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stopped: () => boolean): Promise<void> {
  let next = 0;
  let thrown = false;
  const runner = async () => {
    try {
      while (next < items.length && !thrown && !stopped()) await work(items[next++]!);
    } catch (err) {
      thrown = true;
      throw err;
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, runner));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
