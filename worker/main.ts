// The worker process: runs the case workflows and their activities for one task queue.
// Stateless; run as many as the load needs against the same Temporal namespace.
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { getHeapStatistics } from 'node:v8';
import { MetricsEnvironment, ReadModelEnvironment, TemporalEnvironment, WorkerEnvironment, readEnvironment, readModelStore } from '../config/environment';
import { openReadModel } from '../readmodel/open';
import { attemptRecorder, createReadModelActivities } from '../activities/read-model';
import { defaultMaxCachedWorkflows } from './workflow-cache';
import { PRELOADED_MODULES } from './workflow-bundle';
import { workflowSource } from './workflow-source';
import { loadParties } from '../config/load-parties';
import { connectionOptions, describeTarget, temporalTarget } from '../config/temporal-connection';
import { createActivities } from '../activities';
import { createDeliver } from '../activities/mail/deliver';
import { createMailTransport, mailSettingsFromEnvironment, verifyTransport } from '../activities/mail/transport';
import { processLogger } from '../lib/logger';
import { installSdkRuntime } from './logging';

// Every line the worker, the SDK, the workflows and the activities log goes through it (worker/logging.ts).
const log = processLogger('worker');
import { stopDuringStartup, waitForTemporal } from '../lib/wait-for-temporal';

/** Prometheus: arende_worker_ready{task_queue} (worker/logging.ts names the SDK's). */
const WORKER_READY = 'arende_worker_ready';

/** A configuration problem: reported as its message alone, which names what to fix. */
class StartupError extends Error {}

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
}

async function main() {
  // One Runtime for the SDK's logs and, with ARENDE_METRICS_ADDRESS, its Prometheus endpoint.
  const metricsAddress = configured(() => readEnvironment(MetricsEnvironment)).ARENDE_METRICS_ADDRESS;
  try {
    installSdkRuntime(log, { metricsAddress });
  } catch (err) {
    // The core binds the metrics address here: a taken one stops the worker, naming the variable.
    throw new StartupError(`ARENDE_METRICS_ADDRESS=${metricsAddress}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (metricsAddress) log.info(`metrics: http://${metricsAddress}/metrics`);
  // A stop before the worker runs (waiting for Temporal, bundling) ends it at once: nothing is in hand yet.
  const startup = stopDuringStartup(() => {
    log.info('worker stopped during start-up');
    process.exit(0);
  });
  // Configuration first: a bad variable or party file stops the worker before it takes any task.
  const target = configured(() => temporalTarget(readEnvironment(TemporalEnvironment)));
  log.info(`Temporal: ${describeTarget(target)}`);
  const mail = configured(() => mailSettingsFromEnvironment());
  const registry = configured(() => loadParties());
  const workerEnv = configured(() => readEnvironment(WorkerEnvironment));
  const maxCachedWorkflows = workerEnv.ARENDE_WORKER_MAX_CACHED_WORKFLOWS ?? defaultMaxCachedWorkflows(getHeapStatistics().heap_size_limit);
  const workflows = configured(() => workflowSource({ bundleFile: workerEnv.ARENDE_WORKFLOW_BUNDLE, workerFile: __filename }));
  const store = configured(() => readModelStore(readEnvironment(ReadModelEnvironment)));
  const transporter = createMailTransport(mail);
  const check = await verifyTransport(transporter, mail);
  if (!check.ok && check.fatal) throw new StartupError(check.message);
  if (!check.ok) log.warn(check.message);
  else log.info(`SMTP ${mail.host}:${mail.port} ready; mail from ${mail.from.address}`);

  // The workflows project their rows into it (activities/read-model.ts); its migrations run here too.
  const readModel = await openReadModel(store);
  const connection = await waitForTemporal(() => NativeConnection.connect(connectionOptions(target)), { address: target.address, signal: startup.signal, say: (line) => log.warn(line) }).catch(async (err: unknown) => {
    await readModel.destroy();
    throw err;
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: target.namespace,
      taskQueue: target.taskQueue,
      ...(workflows.kind === 'bundle'
        ? { workflowBundle: workflows.workflowBundle }
        : { workflowsPath: workflows.workflowsPath, bundlerOptions: { preloadModules: [...PRELOADED_MODULES] } }),
      activities: {
        // A failed attempt is shown on its case while Temporal retries it (activities/failed-attempt.ts).
        ...createActivities({ deliver: createDeliver({ transporter, settings: mail, registry }), recordFailedAttempt: attemptRecorder(readModel) }),
        ...createReadModelActivities(readModel),
      },
      maxCachedWorkflows,
      // Every activity is one e-mail, so this is how many messages the worker has on the wire at
      // most, and what a crash of it can send twice (each once more, same Message-ID). Ten keep a
      // dispatch quick (50 recipients in a few seconds) and a relay's connection limit far off.
      maxConcurrentActivityTaskExecutions: workerEnv.ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES,
      // A delivery's heartbeat reaches Temporal within a second (the SDK's default would wait 80 % of
      // its 5 s heartbeat timeout), so only a worker stalled for 4 s is taken for dead: a short
      // timeout notices a crash quickly without retrying live sends (workflows/deliveries.ts).
      maxHeartbeatThrottleInterval: '1 second',
      // A workflow's next task goes to the queue of the worker that ran its last one; if that worker
      // was killed, Temporal moves the task to the shared queue only after this long (SDK default
      // 10 s, which alone would break the 15 s recovery of issue 14). A live worker takes a task
      // well within 3 s; one that does not costs a replay elsewhere, not a lost task.
      stickyQueueScheduleToStartTimeout: '3 seconds',
      // SIGTERM (the Runtime's shutdown signals): the worker stops polling, and the deliveries in
      // hand have this long to finish; then they are cancelled (their SMTP exchange aborts, the
      // attempt fails and Temporal retries it on another worker: handed back, not lost). Both
      // below `npm start`'s 15 s before SIGKILL (scripts/stack/supervisor.ts); a send takes seconds.
      shutdownGraceTime: '10 seconds',
      shutdownForceTime: '13 seconds',
    });
    log.info(
      `worker ready: task queue ${target.taskQueue}, up to ${maxCachedWorkflows} workflows cached, ${workerEnv.ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES} deliveries at once; workflows: ${workflows.description}`,
    );
    // Runs until SIGINT/SIGTERM, then finishes the tasks in hand before it exits.
    startup.release();
    // 1 while it takes tasks, 0 once it stops (the metrics endpoint answering: the process is alive).
    const ready = Runtime.instance().metricMeter.createGauge(WORKER_READY, 'int', undefined, 'Whether this worker polls its task queue (1) or is stopping (0)');
    ready.set(1, { task_queue: target.taskQueue });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => ready.set(0, { task_queue: target.taskQueue }));
    await worker.run();
    log.info('worker stopped: the tasks in hand are done');
  } finally {
    transporter.close();
    await connection.close();
    await readModel.destroy();
  }
}

main().catch((err) => {
  if (err instanceof StartupError) log.fatal(`worker could not start: ${err.message}`);
  else log.fatal({ err }, `worker stopped: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
