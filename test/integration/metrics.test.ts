// Metrics and health, with the project's own processes (test/faults/support.ts: a dev server on a
// SQLite file, the worker and the HTTP server as child processes, a real SMTP server here), each with
// ARENDE_METRICS_ADDRESS on a free port:
//   - a small lifecycle through the API, then both /metrics scraped: the named series are there and
//     agree with what was done (cases by stage, mails the SMTP server got, request latency counts);
//   - SIGTERM to the worker while deliveries are in flight (an SMTP server slow to answer): they
//     finish, each mail arrives exactly once, the worker exits 0;
//   - SIGTERM to the HTTP server during a slow request (an update waiting for a paused worker): the
//     request gets its answer, /readyz answered 503 meanwhile, the server exits 0.
import { createServer } from 'node:net';
import { FaultStack, freePort, until } from '../faults/support';
import { demoCase } from '../workflow/support';
import { scrape, samplesOf, valueOf } from '../helpers/prometheus';

jest.setTimeout(300_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering, , regionDecided] = rs62.events as Record<string, unknown>[];
const enc = (dnr: string) => encodeURIComponent(dnr);
const HUVUDMAN = 9;

let workerMetrics = '';
let httpMetrics = '';
/** Milliseconds the SMTP server waits before its 250. */
let smtpDelayMs = 0;
let stack: FaultStack;

async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
  const { status, json } = await stack.api(method, path, body);
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** Registered, RSR's decision, justering: every huvudman's track starts and is asked (one mail each). */
async function justerat(dnr: string): Promise<void> {
  await ok('POST', '/api/v1/cases', { ...rs62.registration, dnr });
  await ok('POST', `/api/v1/cases/${enc(dnr)}/rsr-beslut`, rsrDecided);
  await ok('POST', `/api/v1/cases/${enc(dnr)}/justering`, justering);
}

/** Every Message-ID the SMTP server kept, with how often. */
function messageCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of stack.smtp.received) counts.set(mail.messageId ?? '?', (counts.get(mail.messageId ?? '?') ?? 0) + 1);
  return counts;
}

/**
 * Until the mail has settled: at least `atLeast` messages (Message-IDs) kept, every one recorded as
 * sent in the read model, and nothing new for two seconds (the workflows send reminders too).
 */
async function settled(atLeast: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  await until(`${atLeast} messages or more kept, each recorded as sent`, async () => {
    const sent = valueOf(await scrape(httpMetrics), 'arende_deliveries', { outcome: 'sent' }) ?? 0;
    const kept = messageCounts().size;
    if (kept !== last) [last, since] = [kept, Date.now()];
    return kept >= atLeast && sent === kept && Date.now() - since >= 2_000 ? true : undefined;
  }, 90_000, 250);
}

beforeAll(async () => {
  workerMetrics = `127.0.0.1:${await freePort()}`;
  httpMetrics = `127.0.0.1:${await freePort()}`;
  stack = new FaultStack({
    taskQueue: 'metrics',
    smtp: { replyDelayMs: () => smtpDelayMs },
    workerEnv: { ARENDE_METRICS_ADDRESS: workerMetrics },
    // A paused worker must not turn the slow request into "ingen worker svarar".
    httpEnv: { ARENDE_METRICS_ADDRESS: httpMetrics, ARENDE_HTTP_DRAIN_SECONDS: '2', ARENDE_WORKER_ANSWER_SECONDS: '30' },
  });
  await stack.start();
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

test('both /metrics: the SDK\'s and the project\'s series, agreeing with a small lifecycle', async () => {
  await ok('POST', '/api/v1/cases', { ...rs62.registration, dnr: 'RS/901/2026' });
  await justerat('RS/902/2026');
  // Every huvudman asked (one mail each), every outcome recorded in the read model.
  await settled(HUVUDMAN);
  const list = (await ok('GET', '/api/v1/cases?limit=100')) as { items: Array<{ stage: string }> };
  const stages = new Map<string, number>();
  for (const c of list.items) stages.set(c.stage, (stages.get(c.stage) ?? 0) + 1);
  const http = await scrape(httpMetrics);
  const worker = await scrape(workerMetrics);

  console.log(
    [
      'HTTP server /metrics:',
      ...['arende_cases', 'arende_tracks_overdue', 'arende_deliveries', 'arende_deliveries_retrying', 'arende_readmodel_projection_lag_seconds', 'arende_readmodel_last_projection_timestamp_seconds']
        .flatMap((name) => samplesOf(http, name).map((s) => `  ${name}${JSON.stringify(s.labels)} ${s.value}`)),
      `  arende_http_request_duration_seconds_count: ${samplesOf(http, 'arende_http_request_duration_seconds_count').map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_class}=${s.value}`).join(', ')}`,
      'worker /metrics (names):',
      `  ${[...new Set(worker.map((s) => s.name))].sort().join(' ')}`,
      `  temporal_worker_task_slots_available: ${samplesOf(worker, 'temporal_worker_task_slots_available').map((s) => `${JSON.stringify(s.labels)} ${s.value}`).join(', ')}`,
      `  temporal_num_pollers: ${samplesOf(worker, 'temporal_num_pollers').map((s) => `${JSON.stringify(s.labels)} ${s.value}`).join(', ')}`,
      `  arende_delivery_attempts_total: ${samplesOf(worker, 'arende_delivery_attempts_total').map((s) => `${JSON.stringify(s.labels)} ${s.value}`).join(', ')}`,
    ].join('\n'),
  );

  // Cases by stage: every stage present (0 where none), the counts those of the API's list.
  expect(samplesOf(http, 'arende_cases').length).toBe(8);
  for (const s of samplesOf(http, 'arende_cases')) expect([s.labels.stage, s.value]).toEqual([s.labels.stage, stages.get(s.labels.stage!) ?? 0]);
  expect(valueOf(http, 'arende_cases')).toBe(2);
  // RS/62's senast is long past: every track the justering started is overdue at once.
  expect(valueOf(http, 'arende_tracks_overdue')).toBe(HUVUDMAN);
  // Deliveries by outcome: what the SMTP server got, once each.
  expect(valueOf(http, 'arende_deliveries', { outcome: 'sent' })).toBe(messageCounts().size);
  expect(valueOf(http, 'arende_deliveries', { outcome: 'failed' })).toBe(0);
  expect(valueOf(http, 'arende_deliveries_retrying')).toBe(0);
  // Projection lag: the workflows projected just now, within seconds of their changes.
  const lag = valueOf(http, 'arende_readmodel_projection_lag_seconds')!;
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(60);
  const lastProjection = valueOf(http, 'arende_readmodel_last_projection_timestamp_seconds')!;
  expect(Date.now() / 1000 - lastProjection).toBeLessThan(300);
  expect(Date.now() / 1000 - lastProjection).toBeGreaterThan(-5);
  // Request latency: by route pattern (no Dnr in a label), the registrations counted.
  expect(valueOf(http, 'arende_http_request_duration_seconds_count', { route: '/api/v1/cases', method: 'POST', status_class: '2xx' })).toBe(2);
  expect(valueOf(http, 'arende_http_request_duration_seconds_count', { route: '/api/v1/cases/:dnr/justering', method: 'POST' })).toBe(1);
  expect(http.some((s) => Object.values(s.labels).some((v) => v.includes('RS/') || v.includes('RS%2F')))).toBe(false);
  // Node's process metrics.
  expect(valueOf(http, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  expect(valueOf(http, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

  // The worker: the SDK's worker, workflow and activity series, and the project's own.
  expect(valueOf(worker, 'arende_worker_ready')).toBe(1);
  expect(valueOf(worker, 'arende_delivery_attempts_total', { outcome: 'sent' })).toBe(messageCounts().size);
  expect(valueOf(worker, 'temporal_activity_execution_latency_seconds_count', { activity_type: 'deliverNotification' })).toBe(messageCounts().size);
  expect(valueOf(worker, 'temporal_worker_start_total')).toBeGreaterThanOrEqual(1);
  expect(samplesOf(worker, 'temporal_workflow_task_execution_latency_seconds_count').length).toBeGreaterThan(0);
});

test('SIGTERM to the worker with deliveries in flight: they finish, each mail arrives once, exit 0', async () => {
  const before = stack.smtp.received.length;
  smtpDelayMs = 4_000;
  await justerat('RS/903/2026');
  // The first mails of the new case are in the SMTP server, their 250 four seconds away.
  await until('a delivery in flight', async () => (stack.smtp.received.length > before ? true : undefined), 60_000, 50);
  const signalled = Date.now();
  const first = stack.worker!;
  first.child.kill('SIGTERM');
  // While it finishes, its endpoint still answers and says it is stopping.
  const stoppingReady = await until('the worker reporting it is stopping', async () => {
    const ready = valueOf(await scrape(workerMetrics), 'arende_worker_ready');
    return ready === 0 ? ready : undefined;
  }, 3_000, 100);
  const exit = await first.exited;
  const stoppedAfterMs = Date.now() - signalled;
  const keptByFirst = stack.smtp.received.length - before;
  expect(exit).toBe(0);
  expect(stoppingReady).toBe(0);
  expect(first.output()).toMatch(/worker stopped: the tasks in hand are done/);

  // A new worker sends what the first had not started; nothing is sent twice.
  smtpDelayMs = 0;
  stack.startWorker('worker-2');
  await stack.worker!.waitFor(/worker ready/, 90_000);
  await settled(before + HUVUDMAN);
  const counts = messageCounts();
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  console.log(`worker SIGTERM: exit ${String(exit)} after ${(stoppedAfterMs / 1000).toFixed(1)} s; mails kept while it stopped: ${keptByFirst}; all mails ${stack.smtp.received.length}, distinct ${counts.size}, duplicated ${duplicates}`);
  expect(duplicates).toBe(0);
  expect(valueOf(await scrape(httpMetrics), 'arende_deliveries', { outcome: 'sent' })).toBe(counts.size);
});

test('SIGTERM to the HTTP server during a slow request: it is answered, /readyz answers 503 meanwhile, exit 0', async () => {
  const base = stack.base;
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  // A paused worker: the update (the region's decision) waits at the server for it to accept.
  const worker = stack.worker!.child;
  worker.kill('SIGSTOP');
  let resumed = false;
  const resume = () => {
    if (!resumed) worker.kill('SIGCONT');
    resumed = true;
  };
  try {
    const started = Date.now();
    const slow = stack.api('POST', `/api/v1/cases/${enc('RS/903/2026')}/beslut`, regionDecided);
    await new Promise((r) => setTimeout(r, 500));
    const http = stack.http!;
    http.child.kill('SIGTERM');
    await http.waitFor(/stopping: \/readyz answers 503/, 10_000);
    const during = await fetch(`${base}/readyz`);
    const body = (await during.json()) as { ready: boolean; message: string };
    // The drain (ARENDE_HTTP_DRAIN_SECONDS) over, the server closes with the request still waiting.
    await http.waitFor(/closing: no new connections/, 10_000);
    let answered = false;
    void slow.then(() => (answered = true), () => (answered = true));
    await new Promise((r) => setTimeout(r, 300));
    const stillWaiting = !answered && http.child.exitCode === null;
    resume();
    const answer = await slow;
    const answeredAt = Date.now();
    const answeredAfterMs = answeredAt - started;
    const exit = await http.exited;
    const exitedAfterMs = Date.now() - answeredAt;
    console.log(`HTTP SIGTERM: /readyz during the drain ${during.status} (${body.message}); the slow request still waiting when the server closed: ${stillWaiting}, answered ${answer.status} after ${(answeredAfterMs / 1000).toFixed(1)} s; exit ${String(exit)} ${(exitedAfterMs / 1000).toFixed(1)} s after that answer`);
    expect(stillWaiting).toBe(true);
    expect(during.status).toBe(503);
    expect(body.ready).toBe(false);
    expect(answer.status).toBeLessThan(300);
    expect(exit).toBe(0);
    expect(http.output()).toMatch(/HTTP server stopped: the requests in flight are answered/);
  } finally {
    resume();
  }
});

test('a metrics address already taken: the worker and the HTTP server stop at start, naming the variable', async () => {
  // The running worker (worker-2) holds the workers' address; the stopped HTTP server's is taken here.
  const taken = createServer();
  const [host, port] = [httpMetrics.slice(0, httpMetrics.lastIndexOf(':')), Number(httpMetrics.slice(httpMetrics.lastIndexOf(':') + 1))];
  await new Promise<void>((done, fail) => taken.once('error', fail).listen(port, host, () => done()));
  try {
    const worker = stack.startWorker('worker-taken');
    const http = stack.startHttp('http-taken');
    expect(await worker.exited).toBe(1);
    expect(await http.exited).toBe(1);
    expect(worker.output()).toContain(`worker could not start: ARENDE_METRICS_ADDRESS=${workerMetrics}:`);
    expect(http.output()).toContain(`HTTP server could not start: ARENDE_METRICS_ADDRESS=${httpMetrics}:`);
    expect(http.output()).not.toMatch(/HTTP server listening/);
  } finally {
    await new Promise((done) => taken.close(done));
  }
});
