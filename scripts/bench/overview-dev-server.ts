// The overview of 1,000 open cases on a real Temporal dev server (issue #8: under 1 s), end to end:
//   npm run bench:dev-server [-- cases] [--concurrency 4] [--runs 20] [--cache 500] [--snapshot 30] [--data DIR]
// (= `npx tsx scripts/bench/overview-dev-server.ts …`; 1,000 cases take about 12 minutes to set up on
// 2 cores; `--data DIR` keeps the dev server's SQLite there and a later run with the same DIR and
// count reuses the cases and only measures, in a few minutes).
//
// Starts, on free 127.0.0.1 ports, a Temporal dev server (SQLite in a file with WAL, as `npm start`
// runs it; the project's namespace and search attributes), a worker with the real workflows and an
// in-memory delivery (test/workflow/support.ts), and the HTTP server (buildServer: API and web
// pages). Registers the cases through the HTTP API, `--concurrency` at a time, with a progress bar:
// the RS/62/2026 content and its nine huvudmän, a Dnr per case, `senast` ahead for most and passed
// for about one in seven; records the RSR decision and its justering (each case starts its nine
// decision tracks and its expediering: 11 workflows a case), the case's anslag for half, and 0–5
// huvudman decisions a case (bifall; with justering; with anslag; laga kraft; avslag; återremiss),
// so every case stays open. Waits until visibility lists every case and track in its state, then
// explicitly for one complete refresh of the HTTP server's track snapshot (client/web/track-snapshot.ts,
// refreshed every `--snapshot` seconds in the background; the refresh is timed too), so the overview
// shows every track in its final state. Then measures over real HTTP, one request at a time: GET /
// signed in as a manager (the overview; warm-up runs, then `--runs`), GET / while a snapshot refresh
// runs beside it, and for reference GET /oversikt/matris, /oversikt.csv, /api/v1/outstanding and
// /api/v1/cases; then the overview's list steps alone, in this process, and the dev server's CPU
// time per request. Prints setup time and memory (RSS), stops everything it started and checks with
// ps that no process is left behind; exits non-zero when GET / takes 1 s or more. docs/benchmarks.md.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@temporalio/client';
import { SingleBar } from 'cli-progress';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { buildServer } from '../../client/http/server';
import { TemporalTrackSource } from '../../client/web/overview-data';
import { addDays, stockholmDate, type IsoDate } from '../../domain/dates';
import { dnrSlug, type Dnr } from '../../domain/dnr';
import { DnrAttribute, StageAttribute } from '../../domain/search-attributes';
import { CASE_WORKFLOW, TRACK_WORKFLOW } from '../../workflows/messages';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually } from '../../test/helpers/temporal';
import { createCaseWorker, demoCase, recordingDelivery, registrationFrom, registry } from '../../test/workflow/support';
import { childProcesses, cpuMsOf } from './processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTemporalBinaries, binaryEnv } = require('../temporal-binaries');

const TASK_QUEUE = 'bench';
const TOKENS = { administrator: 'administrator-token-for-the-benchmark', manager: 'manager-token-for-the-benchmark-01' };
const LINK_SECRET = 'link-secret-for-the-benchmark-0123456789abcdef';
const WARM_UP = 3;
/** The reference requests and the breakdown: fewer runs, each takes seconds when the overview does. */
const REFERENCE = { warmUp: 1, runs: 5 };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// ------------------------------------------------------------------ the cases

type Variant = { outcome: 'bifall' | 'avslag' | 'aterremiss'; justering?: boolean; anslag?: 'recent' | 'old'; state: string };
// What the j-th deciding huvudman of a case reports, and the state its track ends in.
const VARIANTS: Variant[] = [
  { outcome: 'bifall', state: 'decided' },
  { outcome: 'bifall', justering: true, state: 'justerat' },
  { outcome: 'bifall', justering: true, anslag: 'recent', state: 'anslag' },
  { outcome: 'bifall', justering: true, anslag: 'old', state: 'laga-kraft' },
  { outcome: 'avslag', state: 'rejected' },
  { outcome: 'aterremiss', state: 'requested' },
];

interface Plan {
  dnr: Dnr;
  meetingDate: IsoDate;
  senast: IsoDate;
  overdue: boolean;
  caseAnslag: boolean;
  decisions: { party: string; variant: Variant }[];
}

/** Case i: `senast` passed for about one in seven; 0–5 of its nine huvudmän have decided, so every case stays open. */
function plan(i: number, today: IsoDate, parties: readonly string[]): Plan {
  const overdue = i % 7 === 3;
  // RSR met 40–79 days ago (at least 25 days before today: an anslag after it can be past its appeal period).
  const meetingDate = addDays(today, -40 - (i % 40));
  const senast = overdue ? addDays(today, -1 - (i % 30)) : addDays(today, 14 + ((i * 7) % 150));
  const count = i % 6;
  const decisions = parties.slice(0, count).map((party, j) => ({ party, variant: VARIANTS[(i + j) % VARIANTS.length]! }));
  return { dnr: `RS/${10_000 + i}/2026` as Dnr, meetingDate, senast, overdue, caseAnslag: i % 2 === 0, decisions };
}

/** Tracks expected in 'requested' or 'overdue' (not decided, or sent back by återremiss). */
function openTracks(plans: readonly Plan[], parties: number): number {
  return plans.reduce((sum, p) => sum + parties - p.decisions.filter((d) => d.variant.state !== 'requested').length, 0);
}

// ------------------------------------------------------------------ HTTP

interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
}

async function timedGet(url: string, headers: Record<string, string>): Promise<Timed> {
  const start = performance.now();
  const response = await fetch(url, { headers, redirect: 'manual' });
  const body = await response.text();
  return { ms: performance.now() - start, status: response.status, bytes: Buffer.byteLength(body), body };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Cookie `name=value` pairs from a response's Set-Cookie headers. */
function cookies(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

/** Signs in at /logga-in as the dashboard does (CSRF token and cookie, then the session cookie). */
async function signIn(base: string, token: string): Promise<string> {
  const form = await fetch(`${base}/logga-in`);
  const csrfCookies = cookies(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on /logga-in');
  const cookieHeader = Object.entries(csrfCookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const signedIn = await fetch(`${base}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader },
    body: new URLSearchParams({ token, _csrf: csrf, next: '/' }).toString(),
  });
  const session = cookies(signedIn).arende_session;
  if (signedIn.status !== 303 || !session) throw new Error(`sign-in answered ${signedIn.status}`);
  return `${cookieHeader}; arende_session=${session}`;
}

// ------------------------------------------------------------------ processes and memory

function rssOf(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ main

async function main() {
  const count = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 1000);
  const concurrency = Number(option('concurrency') ?? 4);
  const runs = Number(option('runs') ?? 20);
  const keep = option('data');
  const started = performance.now();
  // tsx's own esbuild service is a child of this process already; only what we start must be gone at the end.
  const before = new Set(childProcesses().map((p) => p.pid));

  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli'])));
  const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'arende-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const env = await createDevServerEnvironment({ dbFilename: join(dataDir, 'temporal.sqlite') });
  const serverProcess = childProcesses().find((p) => !before.has(p.pid) && p.command.startsWith('temporal'));
  // Should this process die before its teardown (a crash, Ctrl-C), the dev server must not outlive it.
  const killServer = () => {
    if (serverProcess && rssOf(serverProcess.pid) !== undefined) process.kill(serverProcess.pid, 'SIGKILL');
  };
  process.once('exit', killServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killServer();
      process.exit(130);
    });
  }
  const client = new Client({ connection: env.connection, namespace: TEST_NAMESPACE });
  const gateway = new TemporalCaseGateway(client, registry, TASK_QUEUE);
  const snapshotSeconds = Number(option('snapshot') ?? 30);
  const app = await buildServer({
    connection: env.connection,
    target: { address: '127.0.0.1', namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    api: { cases: gateway, access: new AccessControl(parseApiTokens(`administrator=${TOKENS.administrator},manager=${TOKENS.manager}`)), linkSecret: LINK_SECRET },
    web: { snapshotSeconds },
  });
  const snapshot = app.trackSnapshot!;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The SDK's default cache (about 2,300 workflows for a 4 GB heap) exhausts the workflow thread's
  // heap near 1,500 of these workflows (docs/benchmarks.md); the benchmark needs ~100 at a time.
  const cache = Number(option('cache') ?? 500);
  const worker = await createCaseWorker(env.nativeConnection, TASK_QUEUE, recordingDelivery().activities, TEST_NAMESPACE, undefined, { maxCachedWorkflows: cache });
  let workerFailure: unknown;
  const workerRun = worker.run().catch((err) => {
    workerFailure = err;
  });
  const stackReady = performance.now();

  try {
    const rs62 = demoCase('RS-62-2026.json');
    const asked = rs62.registration.recommendation.huvudman;
    const columns = registry.huvudman().length;
    const today = stockholmDate(Date.now());
    const plans = Array.from({ length: count }, (_, i) => plan(i, today, asked));
    const decisions = plans.reduce((n, p) => n + p.decisions.length, 0);
    const runningCases = async () => (await client.workflow.count(`WorkflowType = '${CASE_WORKFLOW}' AND ExecutionStatus = 'Running'`)).count;
    const reused = keep ? await runningCases() : 0;
    if (reused !== 0 && reused !== count) throw new Error(`${dataDir} holds ${reused} running cases, not ${count}: remove it or pass ${reused}`);

    // --- setup: every case through the HTTP API, `concurrency` cases at a time
    const latencies: Record<string, number[]> = {};
    const admin = { authorization: `Bearer ${TOKENS.administrator}`, 'content-type': 'application/json' };
    const post = async (kind: string, path: string, body: unknown) => {
      for (let attempt = 1; ; attempt++) {
        if (workerFailure) throw workerFailure;
        const start = performance.now();
        const response = await fetch(`${base}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
        const text = await response.text();
        (latencies[kind] ??= []).push(performance.now() - start);
        if (response.ok) return;
        // A 5xx under load (a timed-out update) is retried; a refusal or bad input is a bug in the plan.
        if (response.status < 500 || attempt === 3) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
      }
    };
    const setUp = async (p: Plan) => {
      const slug = dnrSlug(p.dnr);
      await post('register', '/api/v1/cases', registrationFrom(rs62.registration, {
        dnr: p.dnr,
        title: `${rs62.registration.title} (${p.dnr})`,
        rsrMeetingDate: p.meetingDate,
        recommendation: { ...rs62.registration.recommendation, senast: p.senast },
      }));
      await post('rsr-beslut', `/api/v1/cases/${slug}/rsr-beslut`, { meetingDate: p.meetingDate, paragraf: 2, beslut: ['Rekommendationen antas.'] });
      const justerad = addDays(p.meetingDate, 2);
      await post('justering (starts the tracks)', `/api/v1/cases/${slug}/justering`, { justerare: ['Alex Exempel'], date: justerad });
      if (p.caseAnslag) await post('anslag', `/api/v1/cases/${slug}/anslag`, { posted: addDays(justerad, 1) });
      for (const [j, { party, variant }] of p.decisions.entries()) {
        const meetingDate = addDays(p.meetingDate, 3);
        const justering = addDays(meetingDate, 2);
        await post('beslut', `/api/v1/cases/${slug}/beslut`, {
          party,
          organ: 'Kommunstyrelsen',
          meetingDate,
          paragraf: j + 10,
          outcome: variant.outcome,
          ...(variant.justering ? { justering: { justerare: ['Robin Exempel'], date: justering } } : {}),
          ...(variant.anslag ? { anslag: { posted: variant.anslag === 'old' ? addDays(justering, 1) : addDays(today, -2) } } : {}),
        });
      }
    };
    if (reused) {
      console.log(`Reusing the ${reused} cases in ${dataDir}.`);
    } else {
      console.log(`Registering ${count} cases × ${asked.length} huvudmän through the HTTP API (${decisions} decisions, ${concurrency} cases at a time) …`);
      const bar = new SingleBar({ format: '  {bar} {value}/{total} cases | {duration_formatted} | eta {eta_formatted}', hideCursor: true, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 30_000 });
      bar.start(count, 0);
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < plans.length) {
            await setUp(plans[next++]!);
            bar.increment();
          }
        }),
      );
      bar.stop();
    }
    const registered = performance.now();

    // --- visibility is eventually consistent: wait until it lists every case and track (and, when just
    // registered, the open tracks in their state)
    const trackQuery = `WorkflowType = '${TRACK_WORKFLOW}'`;
    const expected = { cases: count, tracks: count * asked.length, open: reused ? undefined : openTracks(plans, asked.length) };
    console.log(`Waiting for visibility: ${expected.cases} running cases, ${expected.tracks} tracks${expected.open === undefined ? '' : `, ${expected.open} of them requested or overdue`} …`);
    await eventually(
      async () => {
        const [cases, tracks, open] = await Promise.all([
          runningCases(),
          client.workflow.count(trackQuery),
          client.workflow.count(`${trackQuery} AND ExecutionStatus = 'Running' AND ${StageAttribute.name} IN ('requested', 'overdue')`),
        ]);
        const done = cases === expected.cases && tracks.count === expected.tracks && (expected.open === undefined || open.count === expected.open);
        return done ? true : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );
    const visible = performance.now();
    const workflows = (await client.workflow.count()).count;

    // --- the track snapshot: the background refreshes ran all along (every `--snapshot` s), the last
    // one possibly before visibility was complete; wait explicitly for one that began after it.
    const refreshCpuBefore = serverProcess ? cpuMsOf(serverProcess.pid) : 0;
    const refreshStart = performance.now();
    const refreshWallStart = Date.now();
    await snapshot.refresh();
    // refresh() joins one under way, which may have begun before visibility was complete: then once more.
    if ((snapshot.asOf() ?? 0) < refreshWallStart) await snapshot.refresh();
    const firstRefresh = { ms: performance.now() - refreshStart, serverCpu: serverProcess ? cpuMsOf(serverProcess.pid) - refreshCpuBefore : 0 };
    console.log(`Snapshot refreshed (${fmt(firstRefresh.ms)}); measuring.`);

    // --- measurements over real HTTP, one request at a time
    const session = await signIn(base, TOKENS.manager);
    const manager = { authorization: `Bearer ${TOKENS.manager}` };
    const measure = async (label: string, url: string, headers: Record<string, string>, plan = REFERENCE, check: (r: Timed) => void = () => undefined) => {
      const samples: number[] = [];
      let bytes = 0;
      let serverCpu = 0;
      for (let i = 0; i < plan.warmUp + plan.runs; i++) {
        const cpuBefore = serverProcess ? cpuMsOf(serverProcess.pid) : 0;
        const r = await timedGet(`${base}${url}`, headers);
        if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}: ${r.body.slice(0, 300)}`);
        check(r);
        if (i >= plan.warmUp) {
          samples.push(r.ms);
          serverCpu += serverProcess ? cpuMsOf(serverProcess.pid) - cpuBefore : 0;
        }
        bytes = r.bytes;
      }
      return { label: `${label} (${plan.runs} runs)`, ...stats(samples), size: `${(bytes / 1024).toFixed(0)} KiB`, serverCpu: serverCpu / plan.runs };
    };
    const rows = (body: string) => body.match(/<tr[^>]* data-dnr="/g)?.length ?? 0;
    const everyCase = (r: Timed) => {
      if (rows(r.body) !== count) throw new Error(`the overview shows ${rows(r.body)} cases, not ${count}`);
    };
    const overviewResult = await measure('GET / (the overview, manager session)', '/', { cookie: session }, { warmUp: WARM_UP, runs }, everyCase);
    // The worst case: a request while the background refresh reads every track (started 200 ms before).
    const duringRefresh: number[] = [];
    for (let i = 0; i < REFERENCE.runs; i++) {
      const refreshing = snapshot.refresh();
      await new Promise((r) => setTimeout(r, 200));
      const r = await timedGet(`${base}/`, { cookie: session });
      if (r.status !== 200) throw new Error(`GET / answered ${r.status}`);
      everyCase(r);
      duringRefresh.push(r.ms);
      await refreshing;
    }
    const results = [
      overviewResult,
      { label: `GET / while a snapshot refresh runs (${REFERENCE.runs} runs)`, ...stats(duringRefresh), size: overviewResult.size, serverCpu: NaN },
      await measure('GET /oversikt/matris (the 15 s self-refresh)', '/oversikt/matris', { cookie: session }),
      await measure('GET /oversikt.csv', '/oversikt.csv', { cookie: session }),
      await measure('GET /api/v1/outstanding', '/api/v1/outstanding', manager),
      await measure('GET /api/v1/outstanding?overdue=true', '/api/v1/outstanding?overdue=true', manager),
      await measure('GET /api/v1/cases', '/api/v1/cases', manager, REFERENCE, (r) => {
        if ((JSON.parse(r.body) as unknown[]).length !== count) throw new Error('/api/v1/cases does not list every case');
      }),
      await measure('GET /api/v1/cases?overdue=true', '/api/v1/cases?overdue=true', manager),
    ];

    // --- where GET / spends its time: its two list steps alone, in this process (no HTTP, no rendering),
    // and the track queries' visibility calls without the SDK's decoding
    const tracks = new TemporalTrackSource(client);
    const dnrs = (await gateway.list({})).map((c) => c.dnr);
    const timeIt = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      let serverCpu = 0;
      for (let i = 0; i < REFERENCE.warmUp + REFERENCE.runs; i++) {
        const cpuBefore = serverProcess ? cpuMsOf(serverProcess.pid) : 0;
        const start = performance.now();
        await fn();
        if (i >= REFERENCE.warmUp) {
          samples.push(performance.now() - start);
          serverCpu += serverProcess ? cpuMsOf(serverProcess.pid) - cpuBefore : 0;
        }
      }
      return { ...stats(samples), serverCpu: serverCpu / REFERENCE.runs };
    };
    const batches = Math.ceil(dnrs.length / 100);
    const rawTrackQueries = () =>
      Promise.all(
        Array.from({ length: batches }, (_, b) =>
          client.workflowService.listWorkflowExecutions({
            namespace: TEST_NAMESPACE,
            query: `WorkflowType = '${TRACK_WORKFLOW}' AND ${DnrAttribute.name} IN (${dnrs.slice(b * 100, b * 100 + 100).map((d) => `'${d}'`).join(', ')})`,
          }),
        ),
      );
    const parts = [
      { label: `the first snapshot refresh after setup (waited for before measuring)`, ...stats([firstRefresh.ms]), serverCpu: firstRefresh.serverCpu, size: '' },
      { label: `a snapshot refresh (in the background every ${snapshotSeconds} s: case list + tracks)`, ...(await timeIt(() => snapshot.refresh())), size: `${count * asked.length} tracks` },
      { label: 'the case list query (gateway.list)', ...(await timeIt(() => gateway.list({}))), size: `${dnrs.length} cases` },
      { label: `the track queries (TemporalTrackSource.tracksOf, ${batches} in parallel)`, ...(await timeIt(() => tracks.tracksOf(dnrs))), size: `${count * asked.length} tracks` },
      { label: `the same ${batches} track queries, raw ListWorkflowExecutions`, ...(await timeIt(rawTrackQueries)), size: '' },
    ];
    const benchRss = process.memoryUsage().rss;
    const serverRss = serverProcess ? rssOf(serverProcess.pid) : undefined;

    console.log('');
    console.log(`Overview on a Temporal dev server (SQLite file with WAL, as npm start): ${count} open cases × ${asked.length} huvudmän (${columns} columns); ${workflows} workflows in the namespace.`);
    console.log(`Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; GET / ${runs} runs after ${WARM_UP} warm-up, the others ${REFERENCE.runs} after ${REFERENCE.warmUp}; one request at a time over HTTP on 127.0.0.1; worker cache ${cache} workflows; track snapshot every ${snapshotSeconds} s.`);
    console.log(
      `Setup: the stack (dev server, HTTP server, worker) ${((stackReady - started) / 1000).toFixed(1)} s; ` +
        (reused ? 'cases reused; ' : `registering the cases ${((registered - stackReady) / 1000).toFixed(0)} s; `) +
        `visibility complete ${((visible - registered) / 1000).toFixed(1)} s later; ${((visible - started) / 1000).toFixed(0)} s in all.`,
    );
    if (!reused) {
      console.log(`Setup requests (ms): ${Object.entries(latencies).map(([kind, v]) => `${kind} median ${stats(v).median.toFixed(0)}, p95 ${stats(v).p95.toFixed(0)}`).join('; ')}.`);
    }
    console.log('');
    console.log('| request | median | p95 | max | response | dev server CPU per request |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of results) console.log(`| ${r.label} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.size} | ${Number.isNaN(r.serverCpu) ? '' : fmt(r.serverCpu)} |`);
    for (const r of parts) console.log(`| (in process) ${r.label} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.size} | ${fmt(r.serverCpu)} |`);
    console.log('');
    console.log(`Memory (RSS): this process (HTTP server, worker, clients) ${mib(benchRss)}, peak ${mib(process.resourceUsage().maxRSS * 1024)}; the Temporal dev server ${serverRss ? mib(serverRss) : 'unknown'}.`);
    const overview = results[0]!;
    if (results[1]!.max >= 1000) console.warn(`GET / during a snapshot refresh took up to ${fmt(results[1]!.max)}`);
    if (overview.max >= 1000) {
      console.error(`SLOWER than the 1 s budget: GET / took up to ${fmt(overview.max)}`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
    if (!workerFailure) worker.shutdown();
    await workerRun;
    if (workerFailure) console.error('the worker failed:', workerFailure);
    await env.teardown();
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    const left = childProcesses().filter((p) => !before.has(p.pid));
    if (serverProcess && rssOf(serverProcess.pid) !== undefined && !left.some((p) => p.pid === serverProcess.pid)) left.push(serverProcess);
    if (left.length) {
      console.error(`processes left behind: ${left.map((p) => `${p.pid} ${p.command}`).join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(`Stopped the HTTP server, the worker and the Temporal dev server${serverProcess ? ` (pid ${serverProcess.pid})` : ''}; no process left behind (ps).`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
