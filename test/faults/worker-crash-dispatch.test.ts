// A worker killed with SIGKILL in the middle of an expediering to 50 recipients, with real processes:
// a Temporal dev server (SQLite file), a real SMTP server in this process that is a little slow and
// counts what each recipient got by Message-ID, and the project's worker (worker/main.ts: the real
// workflows, activities and nodemailer) as a child process. A new worker finishes the dispatch.
//
// What may happen, and is asserted (issue 14, fault a): every recipient gets the message; a message
// the server had already kept when the worker died (its 250 never reached the activity) is sent once
// more, with the same Message-ID; no recipient gets more than two (one crash, at most one duplicate);
// and the last message arrives within 15 s of the new worker's start, a stated requirement (heartbeat
// timeout 5 s + first retry 2 s: workflows/deliveries.ts). The figures (messages per recipient,
// duplicates, how long the new worker took) are printed for docs/delivery.md and docs/reliability.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import type { DeliveryRecord, Notification } from '../../domain/notifications';
import { TEST_NAMESPACE, createDevServerEnvironment, workflowBundle } from '../helpers/temporal';
import { TEST_LINK_SECRET, TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { notificationOf } from '../helpers/notifications';
import { startProcess, stopAll, type TestProcess } from '../helpers/processes';

const ROOT = resolve(__dirname, '../..');
const TASK_QUEUE = 'crash-dispatch';
const RECIPIENTS = 50;
/** The first worker dies when the server has kept this many messages (before it replies to the last). */
const KILL_AT = 20;
/** Issue 14: every message delivered within this long of the new worker's start. */
const RECOVERY_BOUND_MS = 15_000;

let dir: string;
let env: TestWorkflowEnvironment | undefined;
let smtp: TestSmtpServer | undefined;
let bundleFile: string;
let first: TestProcess | undefined;
let killedAt: number | undefined;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function startWorker(name: string): TestProcess {
  return startProcess(name, process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env!.address,
      TEMPORAL_NAMESPACE: TEST_NAMESPACE,
      ARENDE_TASK_QUEUE: TASK_QUEUE,
      ARENDE_SMTP_HOST: '127.0.0.1',
      ARENDE_SMTP_PORT: String(smtp!.port),
      ARENDE_LINK_SECRET: TEST_LINK_SECRET,
      // Both workers project into this test's own read model (a crash mid-projection is retried too).
      ARENDE_READ_MODEL_FILE: join(dir, 'readmodel.sqlite'),
      // The workflows bundled once by this test: both workers start in a second or two, so the
      // recovery figure is Temporal's and the activity options', not the bundler's.
      ARENDE_WORKFLOW_BUNDLE: bundleFile,
    },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arende-crash-'));
  // 100–200 ms between the end of each message and the server's 250.
  smtp = await new TestSmtpServer({
    replyDelayMs: () => 100 + Math.floor(Math.random() * 100),
    onReceived: () => {
      if (killedAt === undefined && smtp!.received.length === KILL_AT && first?.child.pid) {
        // kill -9, synchronously, before the server replies to this message.
        process.kill(first.child.pid, 'SIGKILL');
        killedAt = Date.now();
      }
    },
  }).start(0);
  bundleFile = join(dir, 'workflow-bundle.js');
  writeFileSync(bundleFile, (await workflowBundle(require.resolve('../../workflows'))).code);
  env = await createDevServerEnvironment({ dbFilename: join(dir, 'temporal.sqlite') });
}, 180_000);

afterAll(async () => {
  await stopAll();
  await smtp?.stop();
  await env?.teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('kill -9 of the worker mid-dispatch: everyone gets the message, a duplicate at most, with the same Message-ID', async () => {
  first = startWorker('worker-1');
  await first.waitFor(/worker ready/, 60_000);

  const notifications: Notification[] = Array.from({ length: RECIPIENTS }, (_, i) =>
    notificationOf('protokollsutdrag', { recipient: { label: `Mottagare ${i + 1}`, email: `mottagare${i + 1}@kommun${i % 8}.example` } }),
  );
  const started = Date.now();
  const handle = await env!.client.workflow.start('expedieringWorkflow', {
    args: [{ notifications }],
    taskQueue: TASK_QUEUE,
    workflowId: 'crash-dispatch',
  });

  // The SMTP server kills the first worker when it has kept KILL_AT messages.
  const how = await first.exited;
  expect(how).toBe('SIGKILL');
  expect(killedAt).toBeDefined();
  const keptBeforeKill = smtp!.received.length;

  const secondStart = Date.now();
  const second = startWorker('worker-2');
  await second.waitFor(/worker ready/, 60_000);
  const secondReady = Date.now();
  const records: DeliveryRecord[] = await handle.result();
  const done = Date.now();

  // What each recipient received, by Message-ID.
  const byRecipient = new Map<string, ReceivedMail[]>();
  for (const mail of smtp!.received) for (const to of mail.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail]);
  const counts = notifications.map((n) => byRecipient.get(n.recipient.email!)?.length ?? 0);
  const duplicated = notifications.filter((n) => (byRecipient.get(n.recipient.email!)?.length ?? 0) > 1).map((n) => n.recipient.email!);
  const afterKill = smtp!.received.filter((m) => m.at > killedAt!);
  const lastDelivered = Math.max(...smtp!.received.map((m) => m.at));
  const histogram = counts.reduce<Record<number, number>>((h, c) => ({ ...h, [c]: (h[c] ?? 0) + 1 }), {});

  console.log(
    [
      `worker crash mid-dispatch (${RECIPIENTS} recipients, SMTP 100–200 ms per message):`,
      `  killed when the server had kept ${KILL_AT} messages, ${seconds(killedAt! - started)} after the start; kept by then ${keptBeforeKill}`,
      `  messages per recipient: ${Object.entries(histogram).map(([c, n]) => `${n} × ${c}`).join(', ')}; ${smtp!.received.length} messages in all`,
      `  duplicates: ${duplicated.length} (${duplicated.join(', ') || 'none'}), each with the same Message-ID`,
      `  new worker: ready ${seconds(secondReady - secondStart)} after its start; first message after the kill ${
        afterKill.length ? `${seconds(afterKill[0]!.at - secondStart)} after its start` : 'none'
      }; last message ${seconds(lastDelivered - secondStart)} after its start (bound ${seconds(RECOVERY_BOUND_MS)}); dispatch complete ${seconds(
        done - secondStart,
      )} after its start (${seconds(done - killedAt!)} after the kill)`,
    ].join('\n'),
  );

  // The crash happened mid-dispatch.
  expect(keptBeforeKill).toBeGreaterThanOrEqual(KILL_AT);
  expect(keptBeforeKill).toBeLessThan(RECIPIENTS);
  // Everyone got it; nobody more than twice (one crash, at most one duplicate each).
  expect(records.map((r) => r.status)).toEqual(notifications.map(() => 'sent'));
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
  expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  // A duplicate is the same message: the same Message-ID, the one the case records.
  for (const n of notifications) {
    const mails = byRecipient.get(n.recipient.email!)!;
    const record = records.find((r) => r.recipient.email === n.recipient.email)!;
    expect({ to: n.recipient.email, ids: [...new Set(mails.map((m) => m.messageId))] }).toEqual({ to: n.recipient.email, ids: [record.messageId] });
  }
  // The message the server kept as the worker died was never confirmed to it: it went out again.
  expect(duplicated.length).toBeGreaterThanOrEqual(1);
  // Issue 14: all delivered within 15 s of the new worker's start (the new worker's start-up included).
  expect(lastDelivered - secondStart).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
  // And mailparser reads the same Message-ID as the header scan above.
  const parsed = await Promise.all(smtp!.received.slice(0, 3).map((m) => simpleParser(m.raw)));
  expect(parsed.map((m) => m.messageId)).toEqual(smtp!.received.slice(0, 3).map((m) => m.messageId));
}, 300_000);
