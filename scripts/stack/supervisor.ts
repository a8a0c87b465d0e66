// `npm start`'s supervisor: runs the embedded default as child processes — the Temporal dev server
// (SQLite file), the SMTP catcher, the worker and the HTTP server — in dependency order, prints
// where to look, and on Ctrl-C / SIGTERM stops them all (the dev server last) and leaves nothing,
// at any moment, start-up included. Each child runs in its own process group so the whole group
// can be stopped, and a terminal's Ctrl-C reaches only this supervisor, which then stops the
// children in order. A child that dies is restarted (./restarts.ts: with backoff, at most
// RESTART_LIMIT times in RESTART_WINDOW_MS, a message each time); past that the stack stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { HttpEnvironment, StackEnvironment, TemporalEnvironment, readEnvironment } from '../../config/environment';
import { DEFAULT_NAMESPACE } from '../../config/temporal-connection';
import { ensureNamespace } from '../../client/temporal/namespace';
import { casesToRebuild, reindexReadModel } from '../../client/read-model-rebuild';
import { openReadModel } from '../../readmodel/open';
import { localSecrets, secretEnvironment } from './secrets';
import { tryThisHint } from './try-this';
import { processLogger } from '../../lib/logger';
import { RESTART_LIMIT, RESTART_WINDOW_MS, RestartPolicy, describeExit } from './restarts';

const ROOT = resolve(__dirname, '../..');
// Its own lines, for the person at the terminal: `12:00:01 [start] …` (ARENDE_LOG_FORMAT=json: JSON).
const startLog = processLogger('start', { style: 'concise', format: 'pretty' });
const say = (msg: string) => startLog.info(msg);

interface Child {
  name: string;
  process: ChildProcess;
  log: WriteStream;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logDir: string;
  verbose: boolean;
}

const children: Child[] = [];
let stopping = false;
/** Aborted when the stack is to stop: every wait of the start-up and every pending restart ends. */
const stopRequested = new AbortController();
const restarts = new RestartPolicy();

/** A wait ended because the stack is stopping. */
class Stopping extends Error {}

/** A port we will bind must be free; otherwise stop with the variable that moves it. */
async function assertPortFree(port: number, variable: string): Promise<void> {
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

function startChild(spec: ChildSpec): Child {
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
  const entry: Child = { name, process: child, log, logFile, exited };
  children.push(entry);
  // A child that dies while we run is started again, after a pause; too often, and the stack stops.
  void exited.then(async (how) => {
    if (stopping) return;
    entry.log.end();
    const decision = restarts.record(name, Date.now());
    const lastLines = tail(logFile, 20);
    if (!decision.restart) {
      startLog.error(
        `${name} exited unexpectedly (${describeExit(how)}), the ${RESTART_LIMIT + 1}th time within ${RESTART_WINDOW_MS / 60_000} minutes: ` +
          `not restarting it; stopping everything. Last lines of ${logFile}:\n${lastLines}`,
      );
      void shutdown(1);
      return;
    }
    startLog.error(
      `${name} exited unexpectedly (${describeExit(how)}); restarting it in ${decision.delayMs / 1000} s ` +
        `(restart ${decision.count} of at most ${RESTART_LIMIT} within ${RESTART_WINDOW_MS / 60_000} minutes). Last lines of ${logFile}:\n${lastLines}`,
    );
    try {
      await sleep(decision.delayMs, undefined, { signal: stopRequested.signal });
    } catch {
      return; // stopping
    }
    if (stopping) return;
    startChild(spec);
    say(`${name} restarted`);
  });
  return entry;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function tsxChild(name: string, file: string, env: NodeJS.ProcessEnv, logDir: string, verbose: boolean): Child {
  return startChild({ name, command: process.execPath, args: ['--import', 'tsx', file], env, logDir, verbose });
}

async function stopChild(child: Child, graceMs: number): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    say(`${child.name} did not stop within ${graceMs / 1000} s: killing it`);
    signalGroup('SIGKILL');
    await child.exited;
  }
  child.log.end();
}

let stopped: Promise<never> | undefined;

/**
 * Stops everything, once, however many ask (a signal, a failed start-up, a child past its restart
 * limit): the start-up's waits and pending restarts end, children mid-start are stopped too, the
 * dev server last; then the process exits with the first caller's code.
 */
function shutdown(code: number): Promise<never> {
  stopped ??= (async () => {
    stopping = true;
    stopRequested.abort();
    say('stopping …');
    // Everything that talks to Temporal first, then Temporal itself.
    const isTemporal = (c: Child) => c.name === 'temporal';
    await Promise.all(children.filter((c) => !isTemporal(c)).map((c) => stopChild(c, 15_000)));
    await Promise.all(children.filter(isTemporal).map((c) => stopChild(c, 15_000)));
    say('stopped; nothing left running.');
    process.exit(code);
  })();
  return stopped;
}

// Last resort: whatever way this process ends, no child's process group outlives it.
process.on('exit', () => {
  for (const child of children) {
    if (child.process.pid !== undefined && child.process.exitCode === null && child.process.signalCode === null) {
      try {
        process.kill(-child.process.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

/** `promise`, or Stopping as soon as the stack is to stop. */
function unlessStopping<T>(promise: Promise<T>): Promise<T> {
  const signal = stopRequested.signal;
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
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (stopping) throw new Stopping();
    try {
      const value = await unlessStopping(probe());
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof Stopping) throw err;
      lastError = err;
    }
    await sleep(250, undefined, { signal: stopRequested.signal }).catch(() => undefined);
  }
  if (stopping) throw new Stopping();
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s${lastError ? ` (${String(lastError)})` : ''}`);
}

async function httpOk(url: string): Promise<true | undefined> {
  const response = await fetch(url);
  return response.ok ? true : undefined;
}

async function main(): Promise<void> {
  // First: a stop at any moment from here on stops whatever has been started.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  const stack = readEnvironment(StackEnvironment);
  const temporalEnv = readEnvironment(TemporalEnvironment);
  const http = readEnvironment(HttpEnvironment);
  const temporalCli = process.env.ARENDE_TEMPORAL_CLI;
  if (!temporalCli) throw new Error('ARENDE_TEMPORAL_CLI is not set: start the stack with `npm start`.');

  const dataDir = resolve(ROOT, stack.ARENDE_DATA_DIR);
  const logDir = join(dataDir, 'logs');
  const mailDir = join(dataDir, 'mail');
  const temporalDir = join(dataDir, 'temporal');
  for (const dir of [logDir, mailDir, temporalDir]) mkdirSync(dir, { recursive: true });

  await assertPortFree(stack.ARENDE_TEMPORAL_PORT, 'ARENDE_TEMPORAL_PORT');
  await assertPortFree(stack.ARENDE_TEMPORAL_UI_PORT, 'ARENDE_TEMPORAL_UI_PORT');
  await assertPortFree(stack.ARENDE_SMTP_PORT, 'ARENDE_SMTP_PORT');
  await assertPortFree(http.ARENDE_HTTP_PORT, 'ARENDE_HTTP_PORT');

  // `npm start` runs us under `sh -c`; npm passes SIGTERM to that shell, which dies without passing
  // it on. Being orphaned is therefore a stop request too (and covers a closed terminal).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 500).unref();

  const address = `127.0.0.1:${stack.ARENDE_TEMPORAL_PORT}`;
  const uiUrl = `http://127.0.0.1:${stack.ARENDE_TEMPORAL_UI_PORT}`;
  const namespace = temporalEnv.TEMPORAL_NAMESPACE ?? DEFAULT_NAMESPACE;
  const dbFile = join(temporalDir, 'temporal.sqlite');

  say(`starting the Temporal dev server (data in ${dbFile}) …`);
  startChild({
    name: 'temporal',
    command: temporalCli,
    args: [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(stack.ARENDE_TEMPORAL_PORT),
      '--ui-port', String(stack.ARENDE_TEMPORAL_UI_PORT),
      '--db-filename', dbFile,
      // Created at first start only; ensureNamespace below then sets the real retention.
      '--namespace', namespace,
      // SQLite's defaults persist about one workflow a second; WAL with synchronous=NORMAL is ~10x.
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
      '--log-level', 'warn',
    ],
    env: process.env,
    logDir,
    verbose: stack.ARENDE_VERBOSE,
  });
  const connection = await until('the Temporal dev server', 60_000, async () => {
    const c = await Connection.connect({ address, connectTimeout: 1_000 });
    await c.workflowService.getSystemInfo({});
    return c;
  });
  const setup = await until('the namespace', 30_000, () =>
    ensureNamespace(connection, { namespace, retentionDays: stack.ARENDE_RETENTION_DAYS }),
  );
  say(
    `namespace ${namespace}: ${setup.created ? 'created' : 'ready'}, keeps closed cases ${stack.ARENDE_RETENTION_DAYS} days` +
      (setup.addedAttributes.length ? `; registered search attributes ${setup.addedAttributes.join(', ')}` : ''),
  );

  const secretsFile = join(dataDir, 'secrets.json');
  const readModelFile = join(dataDir, 'readmodel.sqlite');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...secretEnvironment(localSecrets(secretsFile), process.env),
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    ARENDE_TASK_QUEUE: temporalEnv.ARENDE_TASK_QUEUE,
    ARENDE_TEMPORAL_UI_URL: uiUrl,
    ARENDE_MAIL_DIR: mailDir,
    ARENDE_SMTP_PORT: String(stack.ARENDE_SMTP_PORT),
    // Links in mail lead to this stack's HTTP server.
    ARENDE_PUBLIC_URL: process.env.ARENDE_PUBLIC_URL || `http://${http.ARENDE_HTTP_HOST}:${http.ARENDE_HTTP_PORT}`,
    ARENDE_HTTP_HOST: http.ARENDE_HTTP_HOST,
    ARENDE_HTTP_PORT: String(http.ARENDE_HTTP_PORT),
    // The read model (readmodel/): the worker projects into it, the HTTP server reads it.
    ARENDE_READ_MODEL_FILE: readModelFile,
    // Their logs go to files a person reads (data/logs): readable lines unless set otherwise.
    ARENDE_LOG_FORMAT: process.env.ARENDE_LOG_FORMAT || 'pretty',
  };
  // `npm start` runs the workflows on disk: the worker bundles them at start, never a prebuilt bundle.
  delete childEnv.ARENDE_WORKFLOW_BUNDLE;
  // One metrics address cannot serve both the worker and the HTTP server: set it per process elsewhere.
  delete childEnv.ARENDE_METRICS_ADDRESS;
  // Its dev server is plaintext on loopback: a shell's cluster or Cloud settings do not apply to it.
  for (const name of Object.keys(childEnv)) if (/^TEMPORAL_(API_KEY|TLS.*|CONFIG_FILE|PROFILE)$/.test(name)) delete childEnv[name];

  say('starting the SMTP catcher, the worker (bundles the workflows: a few seconds) and the HTTP server …');
  tsxChild('smtp', 'scripts/stack/smtp-catcher.ts', childEnv, logDir, stack.ARENDE_VERBOSE);
  tsxChild('worker', 'worker/main.ts', childEnv, logDir, stack.ARENDE_VERBOSE);
  tsxChild('http', 'client/http/server.ts', childEnv, logDir, stack.ARENDE_VERBOSE);

  const httpUrl = `http://${http.ARENDE_HTTP_HOST}:${http.ARENDE_HTTP_PORT}`;
  await until('the worker', 120_000, async () => {
    const queue = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: temporalEnv.ARENDE_TASK_QUEUE },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (queue.pollers?.length ?? 0) > 0 ? true : undefined;
  });
  await until('the HTTP server', 30_000, () => httpOk(`${httpUrl}/healthz`));
  await connection.close();
  void rebuildEmptyReadModel(address, namespace, childEnv.ARENDE_READ_MODEL_FILE!).catch((err: Error) =>
    say(`rebuilding the read model failed (${err.message}); run \`arende reindex\``));

  console.log(`
Ärendeflöde is running.
  Dashboard and API   ${httpUrl}
  Temporal Web UI     ${uiUrl}/namespaces/${namespace}/workflows
  Temporal (gRPC)     ${address}  namespace ${namespace}, task queue ${temporalEnv.ARENDE_TASK_QUEUE}
  SMTP catcher        127.0.0.1:${stack.ARENDE_SMTP_PORT}, mail stored in ${mailDir}
  Data and logs       ${dataDir}
  API tokens          administrator and manager tokens in ${secretsFile}

${tryThisHint({ address, namespace, taskQueue: temporalEnv.ARENDE_TASK_QUEUE, httpUrl, secretsFile, ...(readModelFile === resolve(ROOT, 'data/readmodel.sqlite') ? {} : { readModelFile }) })}

Stop with Ctrl-C.`);
}

/**
 * A fresh read model next to cases Temporal already holds (data/temporal kept, e.g. after an
 * upgrade; idle workflows project nothing until they change): rebuilt in the background, as
 * `arende reindex` does, once the worker answers queries.
 */
async function rebuildEmptyReadModel(address: string, namespace: string, file: string): Promise<void> {
  const db = await openReadModel({ kind: 'embedded', file });
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const cases = await casesToRebuild(client, db);
    if (cases === 0) return;
    say(`the read model is empty but Temporal holds ${cases} cases: rebuilding it in the background (arende reindex) …`);
    const summary = await reindexReadModel(client, db);
    const failed = summary.failures.length ? `; ${summary.failures.length} workflows could not be read: run \`arende reindex\`` : '';
    say(`read model rebuilt: ${summary.cases} cases, ${summary.tracks} decision tracks in ${Math.round(summary.ms / 1000)} s${failed}`);
  } finally {
    await connection.close();
    await db.destroy();
  }
}

/** Runs the stack until a signal stops it; any start-up failure stops what was started, with a message. */
export function runStack(): void {
  process.on('uncaughtException', (err) => {
    startLog.error(err.stack ?? err.message);
    void shutdown(1);
  });
  main().catch((err) => {
    // A stop during start-up ends its waits: that is no failure, and the stop is under way.
    if (err instanceof Stopping || stopping) return;
    startLog.error(err instanceof Error ? err.message : String(err));
    void shutdown(1);
  });
}
