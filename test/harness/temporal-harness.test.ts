// Proves the test harness itself: each kind of server really runs a workflow end to end.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { StageAttribute } from '../../domain/search-attributes';
import { TEST_NAMESPACE, createDevServerEnvironment, createTimeSkippingEnvironment, eventually, workflowBundle } from '../helpers/temporal';
import { ensureNamespace } from '../../client/temporal/namespace';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const workflowsPath = require.resolve('../fixtures/harness-workflows');
const DAY = 24 * 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
  }, STACK_STOP_TIMEOUT_MS);

  test('a 21-day durable timer completes in seconds of wall time', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'harness',
      workflowBundle: await workflowBundle(workflowsPath),
    });
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute('waitThreeWeeks', { args: ['anslag'], taskQueue: 'harness', workflowId: 'harness-timer' }),
    );
    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(21 * DAY);
    expect(Date.now() - wallStart).toBeLessThan(21 * DAY); // time was skipped, not waited
  });
});

describe('dev server with the project namespace', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnvironment();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
  }, STACK_STOP_TIMEOUT_MS);

  test('a workflow that sets a custom search attribute is found by a visibility list query', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: TEST_NAMESPACE,
      taskQueue: 'harness',
      workflowBundle: await workflowBundle(workflowsPath),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('waitThreeWeeks', {
        args: ['beredning'],
        taskQueue: 'harness',
        workflowId: 'harness-visibility',
      });
      const found = await eventually(async () => {
        for await (const wf of env.client.workflow.list({ query: `${StageAttribute.name} = 'beredning'` })) return wf;
        return undefined;
      });
      expect(found.workflowId).toBe('harness-visibility');
      expect(found.typedSearchAttributes.get(StageAttribute)).toBe('beredning');
      await handle.terminate('harness test done');
    });
  });

  test('namespace setup is idempotent and keeps closed cases for the configured retention', async () => {
    const again = await ensureNamespace(env.connection, { namespace: TEST_NAMESPACE, retentionDays: 30 });
    expect(again).toEqual({ created: false, addedAttributes: [] });
    const described = await env.connection.workflowService.describeNamespace({ namespace: TEST_NAMESPACE });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(30 * 24 * 60 * 60);
  });
});
