// Real Temporal servers for tests, started on free loopback ports and stopped by the test that
// started them:
//   - the time-skipping test server, for timers, deadlines and reminders;
//   - the CLI dev server, for list queries (visibility) and update-heavy paths, with the project's
//     namespace and search attributes registered by the same code `npm start` uses.
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureNamespace, indexedValueTypes } from '../../client/temporal/namespace';
import { searchAttributeKeys } from '../../domain/search-attributes';
import { WORKFLOWS_PATH, workflowBundleOptions } from '../../worker/workflow-bundle';

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

export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binary('ARENDE_TEMPORAL_TEST_SERVER') } },
  });
  // The test server cannot list search attributes, only add them; it starts with none.
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: indexedValueTypes(searchAttributeKeys) });
  return env;
}

/** `dbFilename`: keep the server's SQLite in that file, as `npm start` does (default: in memory). */
export async function createDevServerEnvironment(options: { dbFilename?: string } = {}): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: binary('ARENDE_TEMPORAL_CLI') },
      ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
      ip: '127.0.0.1',
      namespace: TEST_NAMESPACE,
      ui: false,
      extraArgs: ['--log-level', 'error', '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
    },
  });
  try {
    await ensureNamespace(env.connection, { namespace: TEST_NAMESPACE, retentionDays: 1 });
  } catch (err) {
    // The server is running: stop it before giving up, or it would outlive the test.
    await env.teardown().catch(() => undefined);
    throw err;
  }
  return env;
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
