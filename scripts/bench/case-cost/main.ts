// What a case costs against bare Temporal (issue 11): `npm run bench` (not part of `npm test`).
//   npm run bench [-- --cases 200] [--concurrency 4] [--batch 10] [--warmup 4] [--heap-cases 20] [--cache N] [--data DIR] [--out FILE]
//   npm run bench -- --open 10000 [--concurrency 8] [--cache N]      (the worker with N open cases)
//   npm run bench -- reads [--cases 1000] [--load 10000] [--runs 20] [--data DIR]   (the lists from the read model: scripts/bench/reads.ts)
//
// One Temporal dev server (SQLite file with WAL, as `npm start` runs it; free 127.0.0.1 ports) and
// two worker child processes, so that /proc gives each its CPU: the project's workflows
// (workflows/index.ts) with the project's activities around a no-op delivery on `bench-project`,
// and the bare tree (scripts/bench/bare-workflows.ts: the same history events by type, nothing else)
// on `bench-bare`. It drives `--cases` 9-party cases (RS/62/2026's content, a Dnr each) to laga kraft
// in each tree — every date in the past, so every appeal period has passed; senast ahead — in batches
// of `--batch`, project and bare interleaved (ABBA), `--concurrency` cases at a time, and charges each
// batch's worker and dev-server CPU to its tree. Then the heap per cached workflow in each tree: open
// cases (tracks waiting) `--heap-cases` at a time, a full GC in the worker's threads, the V8 heap of
// the worker process measured after each step; the slope is the cost of one cached workflow.
// `--open N` instead starts N open cases in the project's tree only and reports the worker's RSS,
// its longest workflow task and refusals (deliverable 8; hours for 10,000 here, not in CI).
// Prints progress and a table, writes bench-results/latest.json (open: bench-results/open-latest.json);
// `npm run bench:chart` draws docs/benchmarks/case-cost.svg from it. Exits non-zero only on errors:
// the targets are reported, not asserted. Everything it starts is stopped, also on Ctrl-C.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../../domain/dnr';
import { TEST_NAMESPACE, createDevServerEnvironment } from '../../../test/helpers/temporal';
import { demoCase, registry } from '../../../test/workflow/support';
import { CASE_WORKFLOW } from '../../../workflows/messages';
import { Drivers, QUEUES, benchDates, type CaseRun, type CaseSpec } from './drive';
import type { FromWorker, Tree, WorkerStats } from './protocol';
import type { CaseCostResult, OpenCasesResult, TreeResult } from './results';
import { childProcesses, cpuMsOf } from '../processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTemporalBinaries, binaryEnv } = require('../../temporal-binaries');

const ROOT = resolve(__dirname, '../../..');
const MIB = 1024 * 1024;
const TREES: Tree[] = ['project', 'bare'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
function numberOption(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, not "${value}"`);
  return n;
}

// ------------------------------------------------------------------ processes, from /proc

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) : undefined;
  } catch {
    return undefined;
  }
}
const rssMiB = (pid: number) => (statusKiB(pid, 'VmRSS') ?? 0) / 1024;
const peakRssMiB = (pid: number) => (statusKiB(pid, 'VmHWM') ?? 0) / 1024;

// ------------------------------------------------------------------ the worker children

class WorkerChild {
  private nextId = 0;
  private readonly waiting = new Map<number, (stats: WorkerStats) => void>();
  failure: string | undefined;
  maxCachedWorkflows = 0;
  private stopping = false;
  /** Rejects when the worker exits without being asked to: a batch waiting for it must not hang. */
  readonly died: Promise<never>;
  private die!: (err: Error) => void;

  private constructor(
    readonly tree: Tree,
    private readonly child: ChildProcess,
  ) {
    this.died = new Promise<never>((_, fail) => (this.die = fail));
    this.died.catch(() => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  static start(tree: Tree, address: string, cache: number | undefined): Promise<WorkerChild> {
    const child = fork(join(__dirname, 'worker.ts'), ['--tree', tree, '--address', address, '--namespace', TEST_NAMESPACE, '--task-queue', QUEUES[tree], ...(cache === undefined ? [] : ['--cache', String(cache)])], {
      // --expose-gc for the worker's own GC before a heap reading; tsx in the process itself (no launcher), so its pid is the worker's.
      execArgv: ['--expose-gc', '--import', pathToFileURL(require.resolve('tsx')).href],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new WorkerChild(tree, child);
    return new Promise((ok, fail) => {
      child.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          worker.maxCachedWorkflows = m.maxCachedWorkflows;
          ok(worker);
        } else if (m.type === 'stats') {
          worker.waiting.get(m.id)?.(m.stats);
          worker.waiting.delete(m.id);
        } else {
          worker.failure = m.error;
          fail(new Error(`the ${tree} worker failed: ${m.error}`));
        }
      });
      child.on('exit', (code) => {
        worker.failure ??= `exited with ${code}`;
        if (!worker.stopping) worker.die(new Error(`the ${tree} worker ${worker.failure}`));
        fail(new Error(`the ${tree} worker exited with ${code} before it was ready`));
        for (const [, answer] of worker.waiting) answer(undefined as never);
      });
    });
  }

  /** The worker's status; with `heap`, its heaps after a full GC. */
  stats(heap = false): Promise<WorkerStats> {
    if (this.failure) return Promise.reject(new Error(`the ${this.tree} worker failed: ${this.failure}`));
    const id = ++this.nextId;
    return new Promise((ok, fail) => {
      this.waiting.set(id, (stats) => (stats ? ok(stats) : fail(new Error(`the ${this.tree} worker ${this.failure}`))));
      this.child.send({ type: 'stats', id, heap, gc: heap });
    });
  }

  /** Disconnecting tells it to shut down (it finishes the tasks in hand); killed if it takes longer than 20 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------ helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const heapOf = (s: WorkerStats) => s.heapMain + s.heapThreads.reduce((a, b) => a + b, 0);

/** Runs `specs` through `run`, `concurrency` at a time. */
async function pool<T>(specs: T[], concurrency: number, run: (spec: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, specs.length) }, async () => {
      while (next < specs.length) await run(specs[next++]!);
    }),
  );
}

/**
 * Waits until the worker has nothing in flight and its cache has stopped changing over three looks
 * `intervalMs` apart: every open track has sent its request and waits on its reminder timer.
 */
async function settle(worker: WorkerChild, atLeast: number, { timeoutMs = 300_000, intervalMs = 200 } = {}): Promise<WorkerStats> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let quiet = 0;
  for (;;) {
    const s = await worker.stats();
    quiet = s.inFlightActivations === 0 && s.inFlightActivities === 0 && s.cached === last && s.cached >= atLeast ? quiet + 1 : 0;
    last = s.cached;
    if (quiet >= 3) return s;
    if (Date.now() > deadline) throw new Error(`the ${worker.tree} worker did not settle (cached ${s.cached}, expected ≥ ${atLeast}; ${s.inFlightActivations} activations in flight)`);
    await sleep(intervalMs);
  }
}

/** A history's events by type, e.g. { WORKFLOW_TASK_COMPLETED: 14, TIMER_STARTED: 1, … }. */
function eventCounts(events: { eventType?: temporal.api.enums.v1.EventType | null }[] | null | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events ?? []) {
    const name = (temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'workflows', 'activities', 'domain', 'client'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

function machine(temporal: string): CaseCostResult['machine'] {
  return { nproc: cpus().length, memoryGiB: round(totalmem() / 1024 ** 3), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, temporal };
}

function progressBar(total: number, what: string): SingleBar {
  const bar = new SingleBar({
    format: `  {bar} {value}/{total} ${what} | {phase} | {duration_formatted} | eta {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 40,
    noTTYOutput: true,
    notTTYSchedule: 30_000,
  });
  bar.start(total, 0, { phase: '' });
  return bar;
}

function writeResult(file: string, result: object) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Written: ${file}`);
}

// ------------------------------------------------------------------ main

async function main() {
  // The stop comes first: whatever this process has started (the dev server, the workers) dies with it,
  // also on Ctrl-C or an error halfway through the start.
  const before = new Set(childProcesses().map((p) => p.pid));
  let removeOnExit: string | undefined;
  const killEverything = () => {
    for (const p of childProcesses()) {
      if (!before.has(p.pid)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
    if (removeOnExit) rmSync(removeOnExit, { recursive: true, force: true });
  };
  process.once('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the workers and the dev server`);
      killEverything();
      process.exit(130);
    });
  }

  const open = option('open') === undefined ? undefined : numberOption('open', 0);
  const cases = numberOption('cases', 200);
  const concurrency = numberOption('concurrency', open ? 8 : 4);
  const cache = option('cache') === undefined ? undefined : numberOption('cache', 0);
  const keep = option('data');
  const started = performance.now();

  const binaries = await ensureTemporalBinaries(['cli']);
  Object.assign(process.env, binaryEnv(binaries));
  const temporal = execFileSync(binaries.cli, ['--version'], { encoding: 'utf8' }).trim();
  const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'arende-case-cost-'));
  if (!keep) removeOnExit = dataDir;
  mkdirSync(dataDir, { recursive: true });
  const env = await createDevServerEnvironment({ dbFilename: join(dataDir, 'temporal.sqlite') });
  const server = childProcesses().find((p) => !before.has(p.pid) && p.command.startsWith('temporal'));
  if (!server) throw new Error('cannot find the dev server process');
  const client = new Client({ connection: env.connection, namespace: TEST_NAMESPACE });
  const workers = new Map<Tree, WorkerChild>();
  try {
    const trees = open === undefined ? TREES : (['project'] as Tree[]);
    // Both bundle and start at once; one that failed leaves the other to be stopped below.
    const starting = await Promise.allSettled(trees.map((tree) => WorkerChild.start(tree, env.address, cache)));
    for (const s of starting) if (s.status === 'fulfilled') workers.set(s.value.tree, s.value);
    for (const s of starting) if (s.status === 'rejected') throw s.reason;
    const rs62 = demoCase('RS-62-2026.json');
    const rsr = rs62.events.find((e) => e.type === 'rsr-decided');
    const drivers = new Drivers(client, registry, rs62.registration, rsr && 'beslut' in rsr ? rsr.beslut : ['Rekommendationen antas.'], benchDates());
    // A kept store holds the cases of earlier runs: number on after them.
    const earlier = keep ? (await client.workflow.count(`WorkflowType IN ('${CASE_WORKFLOW}', 'bareCaseWorkflow')`)).count : 0;
    const numbers = { next: 10_000 + earlier };
    const context = { client, drivers, workers, server: server.pid, concurrency, numbers, temporal, started };
    if (open === undefined) await runCost({ ...context, cases });
    else await runOpen({ ...context, open });
  } finally {
    await Promise.all([...workers.values()].map((w) => w.stop()));
    await env.teardown();
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    removeOnExit = undefined;
    const left = childProcesses().filter((p) => !before.has(p.pid));
    if (left.length) {
      console.error(`processes left behind: ${left.map((p) => `${p.pid} ${p.command}`).join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(`Stopped the workers and the dev server (pid ${server.pid}); no process left behind (ps).${keep ? ` The store is kept in ${dataDir}.` : ''}`);
    }
  }
}

interface Context {
  client: Client;
  drivers: Drivers;
  workers: Map<Tree, WorkerChild>;
  server: number;
  concurrency: number;
  numbers: { next: number };
  temporal: string;
  started: number;
}

// ------------------------------------------------------------------ the cost of a case

interface Tally {
  cases: number;
  wallMs: number;
  workerCpuMs: number;
  serverCpuMs: number;
  driverCpuMs: number;
  refused: number;
  refusals: string[];
  incomplete: number;
  numbers: number[];
}

async function runCost(ctx: Context & { cases: number }): Promise<void> {
  const { client, drivers, workers, server, concurrency } = ctx;
  const batch = Math.max(1, numberOption('batch', 10));
  const warmUp = numberOption('warmup', 4);
  const worker = (tree: Tree) => workers.get(tree)!;
  const maxCached = Math.min(...TREES.map((t) => worker(t).maxCachedWorkflows));
  // Two steps of open cases must fit in the cache (10 workflows each), with room to spare.
  let heapCases = numberOption('heap-cases', 20);
  if (2 * heapCases * 10 + 20 > maxCached) {
    heapCases = Math.max(1, Math.floor((maxCached - 20) / 20));
    console.warn(`The cache holds ${maxCached} workflows: ${heapCases} open cases per heap step.`);
  }
  const drive = (tree: Tree, spec: CaseSpec): Promise<CaseRun> => (tree === 'project' ? drivers.project(spec) : drivers.bare(spec));
  const tallies: Record<Tree, Tally> = {
    project: { cases: 0, wallMs: 0, workerCpuMs: 0, serverCpuMs: 0, driverCpuMs: 0, refused: 0, refusals: [], incomplete: 0, numbers: [] },
    bare: { cases: 0, wallMs: 0, workerCpuMs: 0, serverCpuMs: 0, driverCpuMs: 0, refused: 0, refusals: [], incomplete: 0, numbers: [] },
  };
  const loads: number[] = [];
  const loadStart = loadavg();
  const batches = Math.ceil(ctx.cases / batch);
  console.log(
    `Case cost: ${ctx.cases} 9-party cases to laga kraft per tree, batches of ${batch} interleaved (ABBA), ${concurrency} cases at a time, after ${warmUp} warm-up cases each; ` +
      `worker caches ${TREES.map((t) => `${t} ${worker(t).maxCachedWorkflows}`).join(', ')}; ${cpus().length} cores, load ${loadStart.map((l) => l.toFixed(1)).join(' ')}.`,
  );
  const bar = progressBar(2 * (warmUp + ctx.cases) + 2 * 2 * heapCases, 'cases');

  // A batch: its cases opened (start, RSR decision, justering, anslag); once the worker is idle (every
  // track waits on its reminder timer, as a real track does for weeks) the huvudmän's events, and each
  // case's completion. The tree's worker and the dev server CPU over the batch are charged to the tree.
  const runBatch = async (tree: Tree, count: number, tally?: Tally, open = false) => {
    const w = worker(tree);
    const specs = Array.from({ length: count }, () => ({ n: ctx.numbers.next++, open }));
    const cpu0 = { worker: cpuMsOf(w.pid), server: cpuMsOf(server), driver: process.cpuUsage() };
    const t0 = performance.now();
    const runs: CaseRun[] = [];
    await pool(specs, concurrency, async (spec) => {
      runs.push(await Promise.race([drive(tree, spec), w.died]));
      if (open) bar.increment();
    });
    if (!open) {
      await Promise.race([settle(w, Math.min(10 * count, w.maxCachedWorkflows)), w.died]);
      await pool(runs, concurrency, async (run) => {
        const outcome = await Promise.race([run.finish(), w.died]);
        if (tally) {
          tally.refused += outcome.refused;
          tally.refusals.push(...outcome.refusals.slice(0, 5 - tally.refusals.length));
          if (!outcome.completed) tally.incomplete += 1;
        }
        bar.increment();
      });
    }
    if (tally) {
      tally.numbers.push(...specs.map((spec) => spec.n));
      tally.cases += count;
      tally.wallMs += performance.now() - t0;
      tally.workerCpuMs += cpuMsOf(w.pid) - cpu0.worker;
      tally.serverCpuMs += cpuMsOf(server) - cpu0.server;
      const driver = process.cpuUsage(cpu0.driver);
      tally.driverCpuMs += (driver.user + driver.system) / 1000;
      loads.push(loadavg()[0]!);
    }
  };

  bar.update({ phase: 'warm-up' });
  for (const tree of TREES) await runBatch(tree, warmUp);
  for (let b = 0; b < batches; b++) {
    const count = Math.min(batch, ctx.cases - b * batch);
    // ABBA: neither tree always runs first, after the other's leftovers.
    for (const tree of b % 2 === 0 ? TREES : [...TREES].reverse()) {
      bar.update({ phase: `batch ${b + 1}/${batches} ${tree}` });
      await runBatch(tree, count, tallies[tree]);
    }
  }
  const costDone = performance.now();

  // History sizes: one case with its first track and expediering by event type; the longest case history.
  bar.update({ phase: 'histories' });
  const histories = async (tree: Tree) => {
    const n = tallies[tree].numbers[tallies[tree].numbers.length - 1]!;
    const dnr = `RS/${n}/2026` as Dnr;
    const caseId = tree === 'project' ? workflowIdForDnr(dnr) : `bare:${workflowIdForDnr(dnr).slice('arende:'.length)}`;
    const ids = { case: caseId, track: tree === 'project' ? trackWorkflowId(dnr, drivers.parties[0] as never) : `${caseId}:${drivers.parties[0]}`, expediering: `${caseId}:_expediering` };
    const describe = (id: string) => client.workflow.getHandle(id).describe();
    const [caseInfo, trackInfo, expInfo] = await Promise.all([describe(ids.case), describe(ids.track), describe(ids.expediering)]);
    const counts = async (id: string) => eventCounts((await client.workflow.getHandle(id).fetchHistory()).events);
    let longest = 0;
    const caseIds = tallies[tree].numbers.map((m) => (tree === 'project' ? workflowIdForDnr(`RS/${m}/2026` as Dnr) : `bare:RS-${m}-2026`));
    await pool(caseIds, 8, async (id) => {
      longest = Math.max(longest, (await describe(id)).historyLength);
    });
    if (longest < caseInfo.historyLength) console.warn(`${ids.case}: ${caseInfo.historyLength} events, but the longest case read ${longest}`);
    return {
      historyEventsCase: caseInfo.historyLength,
      historyEventsCaseMax: longest,
      historyEventsTrack: trackInfo.historyLength,
      historyEventsExpediering: expInfo.historyLength,
      historyBytesCase: caseInfo.historySize ?? 0,
      historyBytesTrack: trackInfo.historySize ?? 0,
      eventsByType: { case: await counts(ids.case), track: await counts(ids.track), expediering: await counts(ids.expediering) },
    };
  };
  const history = { project: await histories('project'), bare: await histories('bare') };

  // Heap per cached workflow: the V8 heap (after a full GC) with 0, K and 2K open cases in the cache.
  const steps: Record<Tree, { cached: number; heapBytes: number; rssBytes: number }[]> = { project: [], bare: [] };
  const measure = async (tree: Tree, atLeast: number) => {
    await settle(worker(tree), atLeast, { intervalMs: 500 });
    const s = await worker(tree).stats(true);
    steps[tree].push({ cached: s.cached, heapBytes: heapOf(s), rssBytes: s.rss });
  };
  bar.update({ phase: 'heap' });
  for (const tree of TREES) await measure(tree, 0);
  for (let step = 1; step <= 2; step++) {
    for (const tree of step % 2 === 1 ? TREES : [...TREES].reverse()) {
      const base = steps[tree][0]!.cached;
      await runBatch(tree, heapCases, undefined, true);
      await measure(tree, base + step * heapCases * 10);
    }
  }
  bar.stop();
  const slope = (tree: Tree, key: 'heapBytes' | 'rssBytes') => {
    const [first, , last] = steps[tree];
    return (last![key] - first![key]) / (last!.cached - first!.cached);
  };

  const final = { project: await worker('project').stats(), bare: await worker('bare').stats() };
  const tree = (t: Tree): TreeResult => {
    const tally = tallies[t];
    const w = worker(t);
    return {
      cpuMsPerCase: round((tally.workerCpuMs + tally.serverCpuMs) / tally.cases),
      workerCpuMsPerCase: round(tally.workerCpuMs / tally.cases),
      serverCpuMsPerCase: round(tally.serverCpuMs / tally.cases),
      driverCpuMsPerCase: round(tally.driverCpuMs / tally.cases),
      wallMsPerCase: round(tally.wallMs / tally.cases),
      heapBytesPerCachedWorkflow: Math.round(slope(t, 'heapBytes')),
      heapSteps: steps[t],
      rssBytesPerCachedWorkflow: Math.round(slope(t, 'rssBytes')),
      workerRssMiB: round(rssMiB(w.pid)),
      workerPeakRssMiB: round(peakRssMiB(w.pid)),
      refusedEvents: tally.refused,
      refusals: tally.refusals,
      incompleteCases: tally.incomplete,
      ...history[t],
      workflowTasks: final[t].workflowTasks,
      maxCachedWorkflows: w.maxCachedWorkflows,
    };
  };
  const project = tree('project');
  const bare = tree('bare');
  const cpuRatio = round(project.cpuMsPerCase / bare.cpuMsPerCase, 2);
  const heapRatio = round(project.heapBytesPerCachedWorkflow / bare.heapBytesPerCachedWorkflow, 2);
  const meanLoad = loads.reduce((a, b) => a + b, 0) / Math.max(loads.length, 1);
  const result: CaseCostResult = {
    kind: 'case-cost',
    date: new Date().toISOString(),
    commit: commit(),
    cases: ctx.cases,
    projectCpuMsPerCase: project.cpuMsPerCase,
    bareCpuMsPerCase: bare.cpuMsPerCase,
    cpuRatio,
    heapBytesPerCachedWorkflow: { project: project.heapBytesPerCachedWorkflow, bare: bare.heapBytesPerCachedWorkflow },
    heapRatio,
    workerRssMiB: { project: project.workerRssMiB, bare: bare.workerRssMiB },
    refusedEvents: project.refusedEvents,
    historyEventsCase: project.historyEventsCase,
    historyEventsTrack: project.historyEventsTrack,
    loadAverage: { start: loadStart.map((l) => round(l, 2)), end: loadavg().map((l) => round(l, 2)), meanOneMinute: round(meanLoad, 2), maxOneMinute: round(Math.max(...loads), 2) },
    machine: machine(ctx.temporal),
    settings: { concurrency, batch, warmUp, heapCases, cache: option('cache') ?? 'worker/workflow-cache.ts default' },
    durationSeconds: Math.round((performance.now() - ctx.started) / 1000),
    project,
    bare,
    targets: [
      { name: 'cpuRatio', target: '≤ 1.3', value: String(cpuRatio), met: cpuRatio <= 1.3 },
      { name: 'heap per cached workflow', target: '≤ 1.5 × bare', value: `${heapRatio} ×`, met: heapRatio <= 1.5 },
      { name: 'refusedEvents', target: '0', value: String(project.refusedEvents), met: project.refusedEvents === 0 },
      { name: 'case history', target: '≤ 120 events', value: `${project.historyEventsCaseMax} (longest)`, met: project.historyEventsCaseMax <= 120 },
    ],
  };

  const table = new Table({ head: ['per case / per workflow', 'project', 'bare', 'project / bare'], style: { head: [], border: [] } });
  const row = (label: string, p: number, b: number) => table.push([label, String(p), String(b), b ? (p / b).toFixed(2) : '']);
  row('CPU ms per case (worker + dev server)', project.cpuMsPerCase, bare.cpuMsPerCase);
  row('  worker CPU ms per case', project.workerCpuMsPerCase, bare.workerCpuMsPerCase);
  row('  dev server CPU ms per case', project.serverCpuMsPerCase, bare.serverCpuMsPerCase);
  row('  (client: this process, not counted)', project.driverCpuMsPerCase, bare.driverCpuMsPerCase);
  row('wall ms per case (at the concurrency)', project.wallMsPerCase, bare.wallMsPerCase);
  row('heap per cached workflow (KiB)', Math.round(project.heapBytesPerCachedWorkflow / 1024), Math.round(bare.heapBytesPerCachedWorkflow / 1024));
  row('RSS per cached workflow (KiB)', Math.round(project.rssBytesPerCachedWorkflow / 1024), Math.round(bare.rssBytesPerCachedWorkflow / 1024));
  row('worker RSS at the end (MiB)', project.workerRssMiB, bare.workerRssMiB);
  row('history events: case (longest)', project.historyEventsCaseMax, bare.historyEventsCaseMax);
  row('history events: case (the last)', project.historyEventsCase, bare.historyEventsCase);
  row('history events: track', project.historyEventsTrack, bare.historyEventsTrack);
  row('history events: expediering', project.historyEventsExpediering, bare.historyEventsExpediering);
  row('history bytes: case', project.historyBytesCase, bare.historyBytesCase);
  row('history bytes: track', project.historyBytesTrack, bare.historyBytesTrack);
  row('refused events', project.refusedEvents, bare.refusedEvents);
  row('longest workflow task (ms)', project.workflowTasks.maxMs, bare.workflowTasks.maxMs);
  console.log('');
  console.log(table.toString());
  // The bare tree is only a fair reference while its histories have the project's events by type.
  const kinds = ['case', 'track', 'expediering'] as const;
  for (const kind of kinds) {
    const p = project.eventsByType[kind];
    const b = bare.eventsByType[kind];
    const names = [...new Set([...Object.keys(p), ...Object.keys(b)])].sort();
    const differ = names.filter((name) => p[name] !== b[name]);
    console.log(`${kind} events by type (project${differ.length ? ' vs bare' : ' = bare'}): ${names.map((name) => `${name} ${p[name] ?? 0}${p[name] !== b[name] ? `/${b[name] ?? 0}` : ''}`).join(', ')}`);
  }
  console.log(`Load average during the batches: mean ${result.loadAverage.meanOneMinute}, max ${result.loadAverage.maxOneMinute} (1 min); the cost phase took ${Math.round((costDone - ctx.started) / 1000)} s, all ${result.durationSeconds} s.`);
  for (const t of result.targets) console.log(`target ${t.name} ${t.target}: ${t.value} ${t.met ? 'met' : 'NOT met'}`);
  if (project.refusals.length) console.log(`refusals (first ${project.refusals.length}): ${project.refusals.join(' | ')}`);
  if (project.incompleteCases || bare.incompleteCases) console.log(`cases that did not complete: project ${project.incompleteCases}, bare ${bare.incompleteCases}`);
  writeResult(resolve(option('out') ?? join(ROOT, 'bench-results/latest.json')), result);
}

// ------------------------------------------------------------------ the worker with many open cases

async function runOpen(ctx: Context & { open: number }): Promise<void> {
  const worker = ctx.workers.get('project')!;
  const loadStart = loadavg();
  console.log(`Open cases: ${ctx.open} 9-party cases in the project's tree, tracks waiting (no decisions, senast ahead), ${ctx.concurrency} at a time; worker cache ${worker.maxCachedWorkflows}; ${cpus().length} cores, load ${loadStart.map((l) => l.toFixed(1)).join(' ')}.`);
  const bar = progressBar(ctx.open, 'open cases');
  let refused = 0;
  const refusals: string[] = [];
  let opened = 0;
  const samples: OpenCasesResult['samples'] = [];
  const t0 = performance.now();
  // Sample the worker while it takes the load (its RSS peak is read from /proc at the end too, VmHWM);
  // one sample a minute goes into the result, to show whether anything grows with the open cases.
  let ticks = 0;
  const sampler = setInterval(() => {
    const sampled = ticks++ % 12 === 0;
    // Once a minute with the heap after a full GC, to tell live state from garbage and native memory.
    worker.stats(sampled).then(
      (s) => {
        bar.update({ phase: `worker ${Math.round(s.rss / MIB)} MiB, ${s.cached} cached, longest task ${Math.round(s.workflowTasks.maxMs)} ms` });
        if (sampled) {
          samples.push({ seconds: Math.round((performance.now() - t0) / 1000), openCases: opened, workerRssMiB: round(s.rss / MIB), workerHeapMiB: round(heapOf(s) / MIB), cached: s.cached, longestTaskMs: Math.round(s.workflowTasks.maxMs), serverRssMiB: round(rssMiB(ctx.server)), load: round(loadavg()[0]!, 2) });
        }
      },
      () => undefined,
    );
  }, 5_000);
  try {
    const specs = Array.from({ length: ctx.open }, () => ({ n: ctx.numbers.next++, open: true }));
    await pool(specs, ctx.concurrency, async (spec) => {
      const { outcome } = await Promise.race([ctx.drivers.project(spec), worker.died]);
      refused += outcome.refused;
      refusals.push(...outcome.refusals.slice(0, 5 - refusals.length));
      opened += 1;
      bar.increment();
    });
  } finally {
    clearInterval(sampler);
  }
  const setupSeconds = (performance.now() - t0) / 1000;
  bar.update({ phase: 'waiting for the worker to settle' });
  await settle(worker, Math.floor(Math.min(worker.maxCachedWorkflows, ctx.open * 10) * 0.9), { timeoutMs: 1_800_000, intervalMs: 1_000 });
  bar.stop();
  const s = await worker.stats(true);
  const result: OpenCasesResult = {
    kind: 'open-cases',
    date: new Date().toISOString(),
    commit: commit(),
    openCases: ctx.open,
    openWorkflows: ctx.open * 10,
    setupSeconds: Math.round(setupSeconds),
    casesPerSecond: round(ctx.open / setupSeconds, 2),
    maxCachedWorkflows: worker.maxCachedWorkflows,
    cachedWorkflows: s.cached,
    workerRssMiB: round(rssMiB(worker.pid)),
    workerPeakRssMiB: round(peakRssMiB(worker.pid)),
    workerHeapMiB: round(heapOf(s) / MIB),
    devServerRssMiB: round(rssMiB(ctx.server)),
    workflowTasks: s.workflowTasks,
    refusedEvents: refused,
    refusals,
    loadAverage: { start: loadStart.map((l) => round(l, 2)), end: loadavg().map((l) => round(l, 2)) },
    samples,
    machine: machine(ctx.temporal),
    targets: [],
  };
  result.targets = [
    { name: 'worker RSS', target: '< 1024 MiB', value: `${result.workerPeakRssMiB} MiB (peak)`, met: result.workerPeakRssMiB < 1024 },
    { name: 'longest workflow task', target: '≤ 5 s', value: `${Math.round(s.workflowTasks.maxMs)} ms`, met: s.workflowTasks.over5s === 0 },
    { name: 'refused updates', target: '0', value: String(refused), met: refused === 0 },
  ];
  console.log('');
  console.log(`${ctx.open} open cases (${result.openWorkflows} open workflows) set up in ${result.setupSeconds} s (${result.casesPerSecond} cases/s).`);
  console.log(`Worker: RSS ${result.workerRssMiB} MiB (peak ${result.workerPeakRssMiB} MiB), V8 heap ${result.workerHeapMiB} MiB after GC, ${s.cached} of at most ${worker.maxCachedWorkflows} workflows cached; ${s.workflowTasks.count} workflow tasks, longest ${Math.round(s.workflowTasks.maxMs)} ms, ${s.workflowTasks.over5s} over 5 s, ${s.workflowTasks.failed} failed. Dev server RSS ${result.devServerRssMiB} MiB.`);
  for (const t of result.targets) console.log(`target ${t.name} ${t.target}: ${t.value} ${t.met ? 'met' : 'NOT met'}`);
  if (refusals.length) console.log(`refusals (first ${refusals.length}): ${refusals.join(' | ')}`);
  writeResult(resolve(option('out') ?? join(ROOT, 'bench-results/open-latest.json')), result);
}

// `npm run bench -- reads …`: the lists from the read model (scripts/bench/reads.ts).
const run = process.argv[2] === 'reads' ? () => import('../reads').then((m) => m.runReads()) : main;
run().catch((err) => {
  console.error(err);
  process.exit(1);
});
