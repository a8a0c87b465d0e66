// The child processes of a supervisor (`npm start`: scripts/stack/supervisor.ts; `npm run
// start:cluster`: scripts/cluster/supervisor.ts): each in its own process group so the whole group
// can be stopped, its output in a log file, restarted when it dies (./restarts.ts: with backoff, at
// most RESTART_LIMIT times in RESTART_WINDOW_MS, a message each time; past that everything stops).
// One shutdown serves every caller (a signal, a failed start-up, a child past its restart limit):
// every wait of the start-up and every pending restart ends, children mid-start are stopped too,
// in tiers — the highest first (what talks to Temporal, then Temporal, then its database).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { RESTART_LIMIT, RESTART_WINDOW_MS, RestartPolicy, describeExit } from './restarts';

const ROOT = resolve(__dirname, '../..');

export interface Child {
  name: string;
  process: ChildProcess;
  log: WriteStream;
  logFile: string;
  tier: number;
  graceMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logDir: string;
  verbose: boolean;
  /** Shutdown order: higher tiers stop first (default 1). */
  tier?: number;
  /** How long SIGTERM may take before SIGKILL (default 15 s). */
  graceMs?: number;
  /** Started again with these when it dies (e.g. a fresh port list); default: the same spec. */
  restartSpec?: () => ChildSpec;
}

/** A wait ended because the stack is stopping. */
export class Stopping extends Error {}

/** A port we will bind must be free; otherwise stop with the variable that moves it. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} is already in use (${variable}). Stop what uses it — perhaps an earlier \`npm start\` — or set ${variable} to a free port.`
            : `Cannot bind port ${port} (${variable}): ${err.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok()));
  });
}

export async function httpOk(url: string): Promise<true | undefined> {
  const response = await fetch(url);
  return response.ok ? true : undefined;
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class Children {
  readonly list: Child[] = [];
  private stoppingNow = false;
  /** Aborted when the stack is to stop: every wait of the start-up and every pending restart ends. */
  private readonly stopRequested = new AbortController();
  private readonly restarts = new RestartPolicy();
  private stopped: Promise<never> | undefined;
  /** Called with each child restarted (name, count): a supervisor may count them. */
  onRestart?: (name: string) => void;

  constructor(private readonly log: Logger) {
    // Last resort: whatever way this process ends, no child's process group outlives it.
    process.on('exit', () => {
      for (const child of this.list) if (isRunning(child)) signalGroup(child, 'SIGKILL');
    });
  }

  get stopping(): boolean {
    return this.stoppingNow;
  }

  start(spec: ChildSpec): Child {
    const { name, command, args, env, logDir, verbose } = spec;
    const logFile = join(logDir, `${name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} start ${name}\n`);
    const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (verbose) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
      });
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.once('exit', (code, signal) => done({ code, signal }));
      child.once('error', (err) => {
        log.write(`could not start: ${err.message}\n`);
        done({ code: -1, signal: null });
      });
    });
    const entry: Child = { name, process: child, log, logFile, tier: spec.tier ?? 1, graceMs: spec.graceMs ?? 15_000, exited };
    this.list.push(entry);
    void exited.then((how) => this.restart(entry, spec, how));
    return entry;
  }

  /** A child that dies while we run is started again, after a pause; too often, and the stack stops. */
  private async restart(entry: Child, spec: ChildSpec, how: { code: number | null; signal: NodeJS.Signals | null }): Promise<void> {
    if (this.stoppingNow) return;
    entry.log.end();
    const decision = this.restarts.record(entry.name, Date.now());
    const lastLines = tail(entry.logFile, 20);
    if (!decision.restart) {
      this.log.error(
        `${entry.name} exited unexpectedly (${describeExit(how)}), the ${RESTART_LIMIT + 1}th time within ${RESTART_WINDOW_MS / 60_000} minutes: ` +
          `not restarting it; stopping everything. Last lines of ${entry.logFile}:\n${lastLines}`,
      );
      void this.shutdown(1);
      return;
    }
    this.log.error(
      `${entry.name} exited unexpectedly (${describeExit(how)}); restarting it in ${decision.delayMs / 1000} s ` +
        `(restart ${decision.count} of at most ${RESTART_LIMIT} within ${RESTART_WINDOW_MS / 60_000} minutes). Last lines of ${entry.logFile}:\n${lastLines}`,
    );
    try {
      await sleep(decision.delayMs, undefined, { signal: this.stopRequested.signal });
    } catch {
      return; // stopping
    }
    if (this.stoppingNow) return;
    this.start(spec.restartSpec?.() ?? spec);
    this.log.info(`${entry.name} restarted`);
    this.onRestart?.(entry.name);
  }

  /** SIGTERM to the child's group; SIGKILL after `graceMs` (default: the child's own). */
  async stop(child: Child, graceMs = child.graceMs): Promise<void> {
    if (!isRunning(child)) return;
    signalGroup(child, 'SIGTERM');
    const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), graceMs).unref());
    if ((await Promise.race([child.exited, timer])) === 'timeout') {
      this.log.info(`${child.name} did not stop within ${graceMs / 1000} s: killing it`);
      signalGroup(child, 'SIGKILL');
      await child.exited;
    }
    child.log.end();
  }

  /** Stops everything, once, however many ask, by tier (highest first); then exits with the first caller's code. */
  shutdown(code: number): Promise<never> {
    this.stopped ??= (async () => {
      this.stoppingNow = true;
      this.stopRequested.abort();
      this.log.info('stopping …');
      const tiers = [...new Set(this.list.map((c) => c.tier))].sort((a, b) => b - a);
      for (const tier of tiers) await Promise.all(this.list.filter((c) => c.tier === tier).map((c) => this.stop(c)));
      this.log.info('stopped; nothing left running.');
      process.exit(code);
    })();
    return this.stopped;
  }

  /** `promise`, or Stopping as soon as the stack is to stop. */
  unlessStopping<T>(promise: Promise<T>): Promise<T> {
    const signal = this.stopRequested.signal;
    if (signal.aborted) return Promise.reject(new Stopping());
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(new Stopping());
      signal.addEventListener('abort', stop, { once: true });
      promise.then(
        (value) => (signal.removeEventListener('abort', stop), resolve(value)),
        (err: unknown) => (signal.removeEventListener('abort', stop), reject(err)),
      );
    });
  }

  /** Probes until it gives a value; a stop ends the wait at once (Stopping), so does the time-out. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (this.stoppingNow) throw new Stopping();
      try {
        const value = await this.unlessStopping(probe());
        if (value !== undefined) return value;
      } catch (err) {
        if (err instanceof Stopping) throw err;
        lastError = err;
      }
      await sleep(250, undefined, { signal: this.stopRequested.signal }).catch(() => undefined);
    }
    if (this.stoppingNow) throw new Stopping();
    throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s${lastError ? ` (${String(lastError)})` : ''}`);
  }

  /**
   * Stop on SIGINT/SIGTERM/SIGHUP, and when orphaned: `npm run …` runs us under `sh -c`; npm passes
   * SIGTERM to that shell, which dies without passing it on (this covers a closed terminal too).
   */
  stopOnSignalsAndOrphaning(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void this.shutdown(0));
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void this.shutdown(0);
    }, 500).unref();
  }

  /** Runs `main` until a signal stops it; a start-up failure stops what was started, with a message. */
  run(main: () => Promise<void>): void {
    process.on('uncaughtException', (err) => {
      this.log.error(err.stack ?? err.message);
      void this.shutdown(1);
    });
    main().catch((err) => {
      // A stop during start-up ends its waits: that is no failure, and the stop is under way.
      if (err instanceof Stopping || this.stoppingNow) return;
      this.log.error(err instanceof Error ? err.message : String(err));
      void this.shutdown(1);
    });
  }
}

function isRunning(child: Child): boolean {
  return child.process.pid !== undefined && child.process.exitCode === null && child.process.signalCode === null;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.process.pid!, signal);
  } catch {
    // Already gone.
  }
}
