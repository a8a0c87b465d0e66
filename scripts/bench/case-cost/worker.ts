// A worker child process of the case-cost benchmark (main.ts starts two: `--tree project` with the
// project's workflows and activities around a no-op delivery, `--tree bare` with
// scripts/bench/bare-workflows.ts). A process of its own so that /proc/<pid>/stat gives each tree's
// worker CPU. Answers `stats` requests over IPC: the cache, the V8 heap of its main thread and of the
// SDK's workflow thread(s) (read through the inspector, after a full GC when asked), RSS, and the
// workflow task durations the SDK's metrics report. Run with --expose-gc.
//   node --expose-gc --import tsx scripts/bench/case-cost/worker.ts --tree project|bare --address H:P --namespace NS --task-queue Q [--cache N]
import { Session } from 'node:inspector';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { DefaultLogger, MetricsBuffer, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../../../worker/workflow-bundle';
import { defaultMaxCachedWorkflows } from '../../../worker/workflow-cache';
import type { BareActivities } from '../bare-workflows';
import type { FromWorker, ToWorker, Tree, WorkerStats, WorkflowTaskStats } from './protocol';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function send(message: FromWorker) {
  process.send?.(message);
}

// Every workflow task's duration, from the SDK's own metric (exact values, not histogram buckets).
const metrics = new MetricsBuffer({ maxBufferSize: 200_000 });
Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: { buffer: metrics } } });
const tasks: WorkflowTaskStats = { count: 0, maxMs: 0, over5s: 0, failed: 0 };
function drainMetrics() {
  for (const update of metrics.retrieveUpdates()) {
    const name = update.metric.name;
    if (name.endsWith('workflow_task_execution_latency')) {
      tasks.count += 1;
      tasks.maxMs = Math.max(tasks.maxMs, update.value);
      if (update.value > 5000) tasks.over5s += 1;
    } else if (name.endsWith('workflow_task_execution_failed')) {
      tasks.failed += update.value;
    }
  }
}

// The workflow threads' heaps: the main thread's inspector reaches the worker threads (NodeWorker
// domain), whose Runtime.getHeapUsage is that isolate's V8 heap; HeapProfiler.collectGarbage is a full GC there.
async function threadHeaps(gc: boolean): Promise<number[]> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((ok, fail) => session.post(method, params, (err, result) => (err ? fail(err) : ok(result as T))));
  const workers: string[] = [];
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  session.on('NodeWorker.attachedToWorker', (m: { params: { sessionId: string } }) => workers.push(m.params.sessionId));
  session.on('NodeWorker.receivedMessageFromWorker', (m: { params: { message: string } }) => {
    const reply = JSON.parse(m.params.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result);
  });
  const inWorker = <T>(sessionId: string, method: string) =>
    new Promise<T>((ok) => {
      const id = ++nextId;
      pending.set(id, ok as (result: unknown) => void);
      void post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
    });
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await new Promise((r) => setTimeout(r, 100)); // the attach events for existing threads
    const heaps: number[] = [];
    for (const sessionId of workers) {
      if (gc) await inWorker(sessionId, 'HeapProfiler.collectGarbage');
      heaps.push((await inWorker<{ usedSize: number }>(sessionId, 'Runtime.getHeapUsage')).usedSize);
    }
    await post('NodeWorker.disable');
    return heaps;
  } finally {
    session.disconnect();
  }
}

async function main() {
  const tree = option('tree') as Tree;
  if (tree !== 'project' && tree !== 'bare') throw new Error('--tree project|bare');
  const taskQueue = option('task-queue')!;
  const maxCachedWorkflows = option('cache') ? Number(option('cache')) : defaultMaxCachedWorkflows(getHeapStatistics().heap_size_limit);
  // The project's workflows exactly as the worker bundles them (worker/workflow-bundle.ts: preloaded
  // graph); the bare tree the same way, its one module preloaded, so neither pays per workflow for code.
  const logger = new DefaultLogger('WARN');
  const bare = resolve(__dirname, '../bare-workflows.ts');
  const workflowBundle = await bundleWorkflowCode(tree === 'project' ? workflowBundleOptions(logger) : { workflowsPath: bare, preloadModules: [bare], logger });
  const activities = tree === 'project' ? await projectActivities() : bareActivities();
  const connection = await NativeConnection.connect({ address: option('address')! });
  // The production worker's options (worker/main.ts), the cache as given.
  const worker = await Worker.create({ connection, namespace: option('namespace')!, taskQueue, workflowBundle, activities, maxCachedWorkflows });
  const drain = setInterval(drainMetrics, 500);

  process.on('message', (message: ToWorker) => {
    if (message.type !== 'stats') return;
    void (async () => {
      if (message.gc) global.gc?.();
      const heapThreads = message.heap ? await threadHeaps(message.gc) : [];
      drainMetrics();
      const status = worker.getStatus();
      const stats: WorkerStats = {
        cached: status.numCachedWorkflows,
        inFlightActivations: status.numInFlightWorkflowActivations,
        inFlightActivities: status.numInFlightActivities,
        heapMain: getHeapStatistics().used_heap_size,
        heapThreads,
        rss: process.memoryUsage.rss(),
        workflowTasks: { ...tasks },
      };
      send({ type: 'stats', id: message.id, stats });
    })().catch((err) => send({ type: 'failed', error: String(err) }));
  });
  // The benchmark ended (or died): stop polling and exit.
  process.on('disconnect', () => worker.shutdown());

  const running = worker.run();
  send({ type: 'ready', maxCachedWorkflows });
  await running;
  clearInterval(drain);
  await connection.close();
}

/**
 * The project's activities (activities/index.ts: validation included) around a delivery that sends
 * nothing, and the read model's projection into a SQLite file of the benchmark's own, as the
 * embedded default has it.
 */
async function projectActivities() {
  const { createActivities } = await import('../../../activities');
  const { createReadModelActivities } = await import('../../../activities/read-model');
  const { openReadModel } = await import('../../../readmodel/open');
  const dir = mkdtempSync(join(tmpdir(), 'arende-bench-readmodel-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const readModel = await openReadModel({ kind: 'embedded', file: join(dir, 'readmodel.sqlite') });
  return {
    ...createActivities({
      async deliver(n) {
        return { status: 'sent', messageId: `<${n.kind}.${n.occurrence}.${n.recipient.email ?? n.recipient.label}@bench.example>`, attemptedAt: new Date().toISOString() };
      },
    }),
    ...createReadModelActivities(readModel),
  };
}

function bareActivities(): BareActivities {
  return {
    async deliver(kind, to) {
      return `<${kind}.${to}@bench.example>`;
    },
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    console.error(err);
    process.exit(1);
  },
);
