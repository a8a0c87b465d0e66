// Real Temporal servers for tests, started on free loopback ports and stopped by the test that
// started them:
//   - the time-skipping test server, for timers, deadlines and reminders;
//   - the CLI dev server, for list queries (visibility) and update-heavy paths, with the project's
//     namespace and search attributes registered by the same code `npm start` uses.
import { DefaultLogger, Runtime, bundleWorkflowCode, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureNamespace, indexedValueTypes } from '../../client/temporal/namespace';
import { searchAttributeKeys } from '../../domain/search-attributes';
import { WORKFLOWS_PATH, workflowBundleOptions } from '../../worker/workflow-bundle';
import { startedOrStopped, stopWhenDone } from './teardown';

export const TEST_NAMESPACE = 'arendeflode';

// Keep test output readable: the SDK's INFO lines (webpack stats, worker state) are noise here.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier test file in this worker process.
}

function binary(envVar: string): string {
  const file = process.env[envVar];
  if (!file) throw new Error(`${envVar} is not set: run the suite with \`npm test\`, which installs the Temporal binaries.`);
  return file;
}

/**
 * The server is registered for stopping before it is awaited (test/helpers/teardown.ts): a start-up
 * that outlives its beforeAll is stopped when the file ends. Its `teardown()` may be called again.
 */
function registered(name: string, starting: Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  const own = new WeakMap<TestWorkflowEnvironment, () => Promise<void>>();
  const { resource, stop } = startedOrStopped(name, starting, (env) => own.get(env)!());
  return resource.then((env) => {
    own.set(env, env.teardown.bind(env));
    return Object.assign(env, { teardown: stop });
  });
}

export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await registered(
    'time-skipping test server',
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: binary('ARENDE_TEMPORAL_TEST_SERVER') } },
    }),
  );
  // The test server cannot list search attributes, only add them; it starts with none.
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: indexedValueTypes(searchAttributeKeys) });
  return env;
}

/** `dbFilename`: keep the server's SQLite in that file, as `npm start` does (default: in memory). */
export async function createDevServerEnvironment(options: { dbFilename?: string } = {}): Promise<TestWorkflowEnvironment> {
  const env = await registered(
    'Temporal dev server',
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: binary('ARENDE_TEMPORAL_CLI') },
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
        ip: '127.0.0.1',
        namespace: TEST_NAMESPACE,
        ui: false,
        extraArgs: ['--log-level', 'error', '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
      },
    }),
  );
  try {
    await ensureNamespace(env.connection, { namespace: TEST_NAMESPACE, retentionDays: 1 });
  } catch (err) {
    // The server is running: stop it before giving up, or it would run until the file ends.
    await env.teardown().catch(() => undefined);
    throw err;
  }
  return env;
}

/** Runs `worker`; the returned stop (idempotent) shuts it down and waits for it, and runs by itself when the file ends. */
export function runWorker(worker: Worker, name = 'worker'): () => Promise<void> {
  const running = worker.run();
  return stopWhenDone(name, async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles a workflows module once per test file (bundling takes seconds; every case reuses it). */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    const logger = new DefaultLogger('WARN');
    // The project's workflows as the worker bundles them (preloaded modules included); fixtures plain.
    bundle = bundleWorkflowCode(workflowsPath === WORKFLOWS_PATH ? workflowBundleOptions(logger) : { workflowsPath, logger });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/** Polls `probe` until it returns a value that is not undefined (visibility is eventually consistent). */
export async function eventually<T>(probe: () => Promise<T | undefined>, { timeoutMs = 15_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
