// Shared by the workflow and integration tests and the history recorder: the party registry, case
// fixtures, a recording test double for the notification activity, and small client helpers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { createActivities } from '../../activities';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { createReadModelActivities } from '../../activities/read-model';
import { checkReadModel } from '../../client/read-model-rebuild';
import { differenceInWords } from '../../readmodel/reindex-rows';
import { loadParties } from '../../config/load-parties';
import { CaseFile } from '../../domain/case-file';
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import { type Notification } from '../../domain/notifications';
import { notificationKey } from '../../domain/notification-key';
import { parseOrThrow } from '../../domain/errors';
import { recordEvent } from '../../client/cases';
import type { Dnr } from '../../domain/dnr';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TEST_NAMESPACE, createDevServerEnvironment, createTimeSkippingEnvironment, runWorker, workflowBundle } from '../helpers/temporal';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS, stopWhenDone } from '../helpers/teardown';

export const registry = loadParties();
export const workflowsPath = require.resolve('../../workflows');

export function demoCase(file: string): CaseFile {
  return parseOrThrow(CaseFile, JSON.parse(readFileSync(path.join(__dirname, '../../demo/cases', file), 'utf8')));
}

/** A registration with the RS/62/2026 content under another Dnr and dates (for timers in the future). */
export function registrationFrom(base: CaseRegistration, patch: Omit<Partial<CaseRegistration>, 'dnr'> & { dnr: string }): CaseRegistration {
  return parseOrThrow(CaseFile, { registration: { ...base, ...patch }, events: [] }).registration;
}

export interface Sent {
  notification: Notification;
  key: string;
  at: string;
}

/**
 * The notification activity's test double: records every notification with the workflow time it
 * was sent at; addresses in `failFor` fail permanently (status 'failed').
 */
export function recordingDelivery(failFor: string[] = []) {
  const sent: Sent[] = [];
  const activities = createActivities({
    async deliver(n) {
      const attemptedAt = new Date().toISOString();
      const key = notificationKey(n);
      if (n.recipient.email && failFor.includes(n.recipient.email)) {
        return { status: 'failed', messageId: `<${key}>`, attemptedAt, detail: '550 mailbox unavailable' };
      }
      sent.push({ notification: n, key, at: attemptedAt });
      return { status: 'sent', messageId: `<${key}>`, attemptedAt };
    },
  });
  return { sent, activities };
}

export async function createCaseWorker(
  connection: NativeConnection,
  taskQueue: string,
  activities: ReturnType<typeof createActivities>,
  namespace?: string,
  bundle?: WorkflowBundleWithSourceMap,
  /**
   * More worker options, e.g. maxCachedWorkflows for the benchmark's thousands of workflows, and the
   * read model the workflows project into (default: a private in-memory one).
   */
  options: Partial<WorkerOptions> & { readModel?: ReadModel } = {},
): Promise<Worker> {
  const { readModel, ...workerOptions } = options;
  return Worker.create({
    connection,
    ...(namespace ? { namespace } : {}),
    taskQueue,
    workflowBundle: bundle ?? (await workflowBundle(workflowsPath)),
    activities: { ...activities, ...createReadModelActivities(readModel ?? (await openReadModel({ kind: 'embedded', file: ':memory:' }))) },
    maxConcurrentWorkflowTaskExecutions: 50,
    ...workerOptions,
  });
}

export const event = <T extends HumanEvent['type']>(e: Extract<HumanEvent, { type: T }> | Record<string, unknown>) => e as HumanEvent;

export async function send(client: Client, dnr: Dnr | string, e: HumanEvent, actor = 'registrator@regionjh.example') {
  return recordEvent(client, dnr as Dnr, { event: e, actor }, { registry });
}

/** Counts events in a workflow's history. */
export async function historyLength(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}

export interface CaseStack {
  env: TestWorkflowEnvironment;
  /** A client on the project's namespace. */
  client: Client;
  /** The read model the workflows project into (this stack's own), and its file (for a CLI child process: ARENDE_READ_MODEL_FILE). */
  readModel: ReadModel;
  readModelFile: string;
  /** Stops the worker, then the server. */
  stop(): Promise<void>;
}

/** A dev server with the project's namespace and search attributes, and a worker running the case workflows. */
export async function startCaseStack(taskQueue: string, activities: ReturnType<typeof createActivities>): Promise<CaseStack> {
  // A file, not memory: a CLI test's child process reads it too.
  const readModelDir = mkdtempSync(join(tmpdir(), 'arende-stack-readmodel-'));
  const readModelFile = join(readModelDir, 'readmodel.sqlite');
  // Registered before anything is awaited: a start-up cut short still stops what it started.
  const started: { env?: TestWorkflowEnvironment; readModel?: ReadModel; stopWorker?: () => Promise<void> } = {};
  const stop = stopWhenDone('case stack', async () => {
    await started.stopWorker?.();
    await started.env?.teardown();
    await started.readModel?.destroy();
    rmSync(readModelDir, { recursive: true, force: true });
  });
  const env = (started.env = await createDevServerEnvironment());
  const readModel = (started.readModel = await openReadModel({ kind: 'embedded', file: readModelFile }));
  started.stopWorker = runWorker(await createCaseWorker(env.nativeConnection, taskQueue, activities, TEST_NAMESPACE, undefined, { readModel }));
  return { env, client: env.client, readModel, readModelFile, stop };
}

/**
 * What `arende reindex --check` finds in the stack's read model against its workflows, in words
 * (an unreadable workflow counts too): [] when every row is what the workflows say.
 */
export async function readModelDifferences(stack: CaseStack): Promise<string[]> {
  const { differences, failures } = await checkReadModel(stack.client, stack.readModel);
  return [...differences.map(differenceInWords), ...failures.map((f) => `${f.workflowId}: ${f.reason}`)];
}

/**
 * For the describe block (or file) that calls it: a time-skipping server and a case worker on
 * `taskQueue` with `activities`, projecting into a read model of its own (in memory), started in
 * beforeAll (handing the environment and the read model to `started`) and stopped in afterAll,
 * also when a start-up failed half-way.
 */
export function caseWorkerOnTimeSkippingServer(
  taskQueue: string,
  activities: ReturnType<typeof createActivities>,
  started: (env: TestWorkflowEnvironment, readModel: ReadModel) => void,
): void {
  let env: TestWorkflowEnvironment | undefined;
  let readModel: ReadModel | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    readModel = await openReadModel({ kind: 'embedded', file: ':memory:' });
    env = await createTimeSkippingEnvironment();
    started(env, readModel);
    stopWorker = runWorker(await createCaseWorker(env.nativeConnection, taskQueue, activities, undefined, undefined, { readModel }));
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stopWorker?.();
    await env?.teardown();
    await readModel?.destroy();
  }, STACK_STOP_TIMEOUT_MS);
}

/** A client on `env`'s server that records the queries it sends, by query name. */
export function queryCountingClient(env: TestWorkflowEnvironment): { client: Client; queries: string[] } {
  const queries: string[] = [];
  const counter: WorkflowClientInterceptor = {
    async query(input, next) {
      queries.push(input.queryType);
      return next(input);
    },
  };
  return { client: new Client({ connection: env.client.connection, namespace: env.namespace ?? 'default', interceptors: { workflow: [counter] } }), queries };
}
