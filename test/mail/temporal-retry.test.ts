// The real delivery activity in a real Temporal worker (dev server): Temporal's retries turn a
// refused first attempt into exactly one delivered message; a cancelled attempt stops its SMTP
// exchange.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, type MailTransporter } from '../../activities/mail/transport';
import type { DeliveryOutcome } from '../../domain/notifications';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually, workflowBundle } from '../helpers/temporal';
import { notificationOf } from '../helpers/notifications';
import { TestSmtpServer, closedPort, testMailSettings } from '../helpers/smtp';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const workflowsPath = require.resolve('../fixtures/delivery-workflows');
const silent = { info: () => undefined, warn: () => undefined };

let env: TestWorkflowEnvironment;
const servers: TestSmtpServer[] = [];
const transports: MailTransporter[] = [];

beforeAll(async () => {
  env = await createDevServerEnvironment();
}, 120_000);
afterAll(async () => {
  for (const t of transports) t.close();
  await Promise.all(servers.map((s) => s.stop()));
  await env?.teardown();
}, STACK_STOP_TIMEOUT_MS);

async function workerFor(port: number, taskQueue: string, transporter?: MailTransporter): Promise<Worker> {
  const settings = testMailSettings(port);
  transporter ??= createMailTransport(settings);
  transports.push(transporter);
  return Worker.create({
    connection: env.nativeConnection,
    namespace: TEST_NAMESPACE,
    taskQueue,
    workflowBundle: await workflowBundle(workflowsPath),
    activities: createActivities({ deliver: createDeliver({ transporter, settings, fallbackLog: silent }) }),
  });
}

test('a 4xx on the first attempt: Temporal retries, one message arrives, with the Message-ID the outcome records', async () => {
  const server = await new TestSmtpServer().start(0);
  servers.push(server);
  server.nextRcptReplies.push({ code: 451, message: '4.7.1 Greylisted, try again later' });
  const worker = await workerFor(server.port, 'mail-4xx');
  const outcome: DeliveryOutcome = await worker.runUntil(
    env.client.workflow.execute('deliverOnce', { args: [notificationOf('begaran')], taskQueue: 'mail-4xx', workflowId: 'mail-4xx' }),
  );
  expect(outcome.status).toBe('sent');
  expect(server.rcptAttempts).toBe(2);
  expect(server.received).toHaveLength(1);
  expect((await simpleParser(server.received[0]!.raw)).messageId).toBe(outcome.messageId);
});

test('the SMTP server is down for the first attempt and back for the retry: exactly one message', async () => {
  const port = await closedPort();
  const worker = await workerFor(port, 'mail-down');
  const outcome: DeliveryOutcome = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('deliverOnce', { args: [notificationOf('protokollsutdrag')], taskQueue: 'mail-down', workflowId: 'mail-down' });
    // Wait until Temporal has seen the refused attempt, then bring the server up.
    const failure = await eventually(async () => {
      const description = await handle.describe();
      const pending = description.raw.pendingActivities?.[0];
      return pending?.lastFailure?.message ? pending.lastFailure.message : undefined;
    });
    expect(failure).toContain('ECONNREFUSED');
    const server = await new TestSmtpServer().start(port);
    servers.push(server);
    const result = await handle.result();
    expect(server.received).toHaveLength(1);
    expect((await simpleParser(server.received[0]!.raw)).messageId).toBe(result.messageId);
    return result;
  });
  expect(outcome.status).toBe('sent');
});

test('a 5xx is not retried: the workflow gets `failed` with the reply after one attempt', async () => {
  const server = await new TestSmtpServer().start(0);
  servers.push(server);
  server.permanent.set('registrator@krokom.example', { code: 550, message: '5.1.1 User unknown' });
  const worker = await workerFor(server.port, 'mail-5xx');
  const outcome: DeliveryOutcome = await worker.runUntil(
    env.client.workflow.execute('deliverOnce', { args: [notificationOf('begaran')], taskQueue: 'mail-5xx', workflowId: 'mail-5xx' }),
  );
  expect(outcome).toMatchObject({ status: 'failed', detail: '550 5.1.1 User unknown' });
  expect(server.rcptAttempts).toBe(1);
  expect(server.received).toHaveLength(0);
});

test('a cancelled delivery aborts its SMTP exchange: the connection is closed, nothing is kept', async () => {
  // The server takes the connection and then never answers RCPT TO: only the cancellation ends it.
  const server = await new TestSmtpServer({ hangOnRcpt: true }).start(0);
  servers.push(server);
  // No socket timeout that would end the exchange by itself within the test's time.
  const patient = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, connectionTimeout: 600_000, greetingTimeout: 600_000, socketTimeout: 600_000 });
  const worker = await workerFor(server.port, 'mail-cancel', patient);
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('deliverUntilCancelled', { args: [notificationOf('begaran')], taskQueue: 'mail-cancel', workflowId: 'mail-cancel' });
    await eventually(async () => (server.rcptAttempts > 0 ? true : undefined));
    await handle.signal('cancelDelivery');
    // The workflow waits for the activity to report itself cancelled (WAIT_CANCELLATION_COMPLETED):
    // it heard of it through a heartbeat and aborted the send.
    return handle.result();
  });
  expect(result).toBe('cancelled');
  await eventually(async () => (server.closedConnections > 0 ? true : undefined));
  expect(server.received).toHaveLength(0);
});
