// A delivery whose SMTP server keeps answering "try again later" is retried with backoff for a day
// (real durations, skipped on the time-skipping server); then it is recorded as failed with the
// server's own reason, so the administrator sees why and can retry it.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment, workflowBundle } from '../helpers/temporal';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const HOUR = 60 * 60 * 1000;

describe('a delivery that never gets through', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
  }, STACK_STOP_TIMEOUT_MS);

  test('is retried for a day, then recorded as failed with the SMTP reply', async () => {
    let attempts = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'give-up',
      workflowBundle: await workflowBundle(require.resolve('../fixtures/give-up-workflows')),
      activities: {
        async deliverNotification() {
          attempts++;
          throw ApplicationFailure.retryable('451 4.3.0 Mailbox temporarily unavailable', 'SmtpTemporary:451');
        },
      },
    });
    const notification = {
      kind: 'paminnelse',
      dnr: 'RS/62/2026',
      occurrence: '2026-04-16',
      recipient: { label: 'Krokoms kommun (registrator)', email: 'registrator@krokom.example', party: 'krokom' },
    };
    const startedAt = await env.currentTimeMs();
    const record = await worker.runUntil(
      env.client.workflow.execute('deliverOnce', { args: [notification], taskQueue: 'give-up', workflowId: 'give-up-1' }),
    );
    expect(record).toMatchObject({ status: 'failed', key: 'RS/62/2026|registrator@krokom.example|paminnelse|2026-04-16', attempts: 1 });
    expect(record.detail).toBe('leveransen gav upp: 451 4.3.0 Mailbox temporarily unavailable');
    // Retried with backoff (10 s doubling, at most hourly) until the day was up.
    expect(attempts).toBeGreaterThan(20);
    expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(24 * HOUR);
  });
});
