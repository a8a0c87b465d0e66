// Issue 15: the cluster profile, started as a person starts it (`npm run start:cluster` on free
// ports, its data in a temp folder): PostgreSQL, the Temporal server itself, three workers, two
// HTTP servers behind HAProxy. 200 cases (ARENDE_CLUSTER_CASES) through their whole lifecycle over
// the public address; one worker and one HTTP server killed with SIGKILL during it (the supervisor
// starts them again). Asserted: every write answered 2xx in the end, every case completed (the
// read model and Temporal agree), each event recorded once, every delivery sent and each message
// caught under one Message-ID, the workflow tasks spread over every worker; every metrics endpoint
// answers. The figures (throughput, CPU per case per process kind) are printed and kept in
// test-results/cluster-figures.json; test/cluster/dev-server.test.ts runs the same on `npm start`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { workflowIdForDnr, type Dnr } from '../../domain/dnr';
import { until } from '../faults/support';
import { Driver, PARTIES, dnrOf } from './drive';
import { describeFigures, runFigures, saveFigures } from './figures';
import { CpuSampler, findProcess } from './process-tree';
import { caughtMessageIds, metricSum, metricValue, stackPorts, startStack, type StackProcess } from './support';
import type { ClusterPorts } from '../../scripts/cluster/config';

const CASES = Number(process.env.ARENDE_CLUSTER_CASES ?? 200);
const CONCURRENCY = 8;

interface ClusterInfo {
  pid: number;
  namespace: string;
  taskQueue: string;
  ports: ClusterPorts;
  secretsFile: string;
  mailDir: string;
  logDir: string;
}

let stack: StackProcess;
let info: ClusterInfo;
let driver: Driver;
let startedInMs = 0;

beforeAll(async () => {
  const began = Date.now();
  stack = startStack('cluster', 'scripts/start-cluster.js', { ...(await stackPorts()) });
  // The first start builds the Temporal server from its Go module (about 11 minutes here).
  await stack.waitFor(/Ärendeflöde is running on the cluster profile/, 1_500_000);
  startedInMs = Date.now() - began;
  info = JSON.parse(readFileSync(join(stack.dataDir, 'cluster', 'cluster.json'), 'utf8')) as ClusterInfo;
  const secrets = JSON.parse(readFileSync(info.secretsFile, 'utf8')) as { administratorToken: string };
  driver = new Driver(`http://127.0.0.1:${info.ports.public}`, secrets.administratorToken);
  console.log(`the cluster profile started in ${(startedInMs / 1000).toFixed(1)} s:\n${stack.output().split('Ärendeflöde is running')[1]?.trim() ?? ''}`);
}, 1_600_000);

afterAll(async () => {
  await stack?.stop();
}, 200_000);

test(`${CASES} cases through the lifecycle over three workers and two HTTP servers; kill -9 of a worker and an HTTP server during it: nothing lost`, async () => {
  const cpu = new CpuSampler(info.pid);
  const worker = () => findProcess(info.pid, /dist\/worker\/main\.js/, `ARENDE_METRICS_ADDRESS=127.0.0.1:${info.ports.workerMetrics[1]}`);
  const http = () => findProcess(info.pid, /dist\/client\/http\/server\.js/, `ARENDE_HTTP_PORT=${info.ports.http[0]}`);
  const kills: string[] = [];
  const kill = (what: string, find: typeof worker) => {
    const p = find();
    if (!p) throw new Error(`${what}: no such process`);
    process.kill(p.pid, 'SIGKILL');
    kills.push(`${what} (pid ${p.pid}) killed with SIGKILL after ${(Date.now() - started) / 1000} s`);
  };

  cpu.start();
  const started = Date.now();
  await driver.runCases(CASES, CONCURRENCY, (done) => {
    if (done === Math.floor(CASES / 4)) kill('worker-2', worker);
    if (done === Math.floor(CASES / 2)) kill('http-1', http);
  });
  const completed = await until('every case completed', async () => ((await driver.completed()) === CASES ? CASES : undefined), 600_000, 1_000);
  const ms = Date.now() - started;
  const used = cpu.stop();

  // Both were started again by the supervisor, and serve.
  expect(kills).toHaveLength(2);
  await until('worker-2 back', async () => worker() ?? undefined, 60_000);
  await until('http-1 back', async () => http() ?? undefined, 60_000);
  const restarted = stack.output().match(/(worker-2|http-1) restarted/g) ?? [];
  expect([...new Set(restarted)].sort()).toEqual(['http-1 restarted', 'worker-2 restarted']);

  // Every write answered 2xx in the end; every case completed in the read model.
  expect(driver.stats.refused).toEqual([]);
  expect(completed).toBe(CASES);

  // Temporal agrees: every case workflow completed; the workflow tasks went to every worker.
  const connection = await Connection.connect({ address: `127.0.0.1:${info.ports.frontend}` });
  const identities = new Map<string, number>();
  const notCompleted: string[] = [];
  try {
    const client = new Client({ connection, namespace: info.namespace });
    for (let n = 0; n < CASES; n++) {
      const handle = client.workflow.getHandle(workflowIdForDnr(dnrOf(n) as Dnr));
      const description = await handle.describe();
      if (description.status.name !== 'COMPLETED') notCompleted.push(`${dnrOf(n)}: ${description.status.name}`);
      const history = await handle.fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskCompletedEventAttributes?.identity;
        if (identity) identities.set(identity, (identities.get(identity) ?? 0) + 1);
      }
    }
  } finally {
    await connection.close();
  }
  expect(notCompleted).toEqual([]);
  // Three workers from the start, and the killed one's replacement: at least three did the work.
  expect(identities.size).toBeGreaterThanOrEqual(3);

  // Each event once: per case, registration, RSR's decision, its justering and anslag, and one decision per huvudman.
  const doubled: string[] = [];
  let deliveries = 0;
  const unsent: string[] = [];
  for (let n = 0; n < CASES; n++) {
    const dnr = encodeURIComponent(dnrOf(n));
    const { json: events } = await driver.request('GET', `/api/v1/cases/${dnr}/events`);
    const log = events as { type: string; party?: string }[];
    // party undefined: the case's own event (RSR's justering and anslag), not a huvudman's.
    const count = (type: string, party?: string) => log.filter((e) => e.type === type && e.party === party).length;
    for (const type of ['registered', 'rsr-decided', 'justering-recorded', 'anslag-posted']) if (count(type) !== 1) doubled.push(`${dnrOf(n)} ${type} × ${count(type)}`);
    for (const party of PARTIES) if (count('huvudman-decided', party) !== 1) doubled.push(`${dnrOf(n)} ${party} decisions × ${count('huvudman-decided', party)}`);
    const { json: status } = await driver.request('GET', `/api/v1/cases/${dnr}`);
    type Deliveries = { deliveries?: { status: string; key: string }[] };
    const { deliveries: own = [], trackStatus = [] } = status as Deliveries & { trackStatus?: Deliveries[] };
    const sent = [...own, ...trackStatus.flatMap((t) => t.deliveries ?? [])];
    deliveries += sent.length;
    for (const d of sent) if (d.status !== 'sent') unsent.push(`${d.key}: ${d.status}`);
  }
  expect(doubled).toEqual([]);
  expect(unsent).toEqual([]);
  // Every delivery reached the SMTP server, under one Message-ID each; a copy sent twice (a worker
  // killed between the send and its record) keeps the same Message-ID.
  const ids = caughtMessageIds(info.mailDir);
  const distinct = new Set(ids);
  expect(distinct.size).toBe(deliveries);

  const figures = runFigures('cluster', CASES, CONCURRENCY, ms, driver.stats, used, [
    `started in ${(startedInMs / 1000).toFixed(1)} s (npm run start:cluster, Temporal server build cached or not: see its output)`,
    ...kills,
    `restarted by the supervisor: ${restarted.join(', ') || 'none seen'}`,
    `workflow tasks of the case workflows by worker: ${[...identities.values()].join(', ')} (${identities.size} worker identities)`,
    `${deliveries} deliveries, ${ids.length} messages caught, ${distinct.size} distinct Message-IDs (${ids.length - distinct.size} sent twice)`,
  ]);
  console.log(describeFigures(figures));
  saveFigures(figures);
}, 1_500_000);

test('every metrics endpoint answers: the Temporal server, each worker (SDK telemetry), each HTTP server', async () => {
  const scrape = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    return response.text();
  };
  const server = await scrape(info.ports.temporalMetrics);
  expect(metricSum(server, 'service_requests')).toBeGreaterThan(0);
  const lines: string[] = [`Temporal server: ${server.split('\n').length} lines, service_requests ${metricSum(server, 'service_requests')}`];
  for (const [i, port] of info.ports.workerMetrics.entries()) {
    const text = await scrape(port);
    const tasks = metricSum(text, 'temporal_workflow_task_execution_latency_count') ?? metricSum(text, 'temporal_workflow_task_execution_latency_seconds_count');
    lines.push(`worker-${i + 1}: ${text.split('\n').length} lines, workflow tasks ${tasks}`);
    expect(text).toMatch(/^temporal_/m);
  }
  for (const [i, port] of info.ports.httpMetrics.entries()) {
    const text = await scrape(port);
    // Both read the one read model: each sees every case completed, every delivery sent.
    const completed = metricValue(text, 'arende_cases{stage="completed"}');
    const sent = metricValue(text, 'arende_deliveries{outcome="sent"}');
    const requests = metricSum(text, 'arende_http_request_duration_seconds_count');
    lines.push(`http-${i + 1}: ${text.split('\n').length} lines, cases completed ${completed}, deliveries sent ${sent}, requests timed ${requests}, projection lag ${metricValue(text, 'arende_readmodel_projection_lag_seconds')} s`);
    expect(completed).toBe(CASES);
    expect(sent).toBeGreaterThan(0);
  }
  console.log(`metrics scraped:\n  ${lines.join('\n  ')}`);
}, 60_000);
