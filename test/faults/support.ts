// The whole system as separate processes, for the fault tests that kill one of them: a Temporal dev
// server on a SQLite file (started by this module, so it can be killed with SIGKILL and started
// again on the same file and port), the project's worker (worker/main.ts) and HTTP server
// (client/http/server.ts) as child processes, and a real SMTP server in the test process that
// counts what each recipient got. Every process is registered (test/helpers/processes.ts) before
// anything is awaited: afterAll's stopAll() stops it whatever happened.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureNamespace } from '../../client/temporal/namespace';
import { TEST_NAMESPACE, workflowBundle } from '../helpers/temporal';
import { TEST_LINK_SECRET, TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { startProcess, stopAll, type TestProcess } from '../helpers/processes';
import { apiRequest } from '../helpers/api-request';

const ROOT = resolve(__dirname, '../..');

export const FAULT_TOKENS = {
  administrator: 'administrator-token-for-fault-tests',
  manager: 'manager-token-for-fault-tests-0001',
} as const;

/** Ports this test process handed out: never given twice. */
const handedOut = new Set<number>();
// Below Linux's ephemeral range (32768–60999): a port picked there and released can be taken as
// the local port of any outgoing connection before its server binds it (seen in CI).
const LOW_PORTS = { from: 20_000, to: 32_000 };

async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((done) => server.once('error', () => done(false)).listen(port, '127.0.0.1', () => done(true)));
  if (bound) await new Promise<void>((done) => server.close(() => done()));
  return bound;
}

/** A port nothing listens on now, below the ephemeral range, never one handed out before in this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const port = LOW_PORTS.from + Math.floor(Math.random() * (LOW_PORTS.to - LOW_PORTS.from));
    if (handedOut.has(port) || !(await canBind(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOW_PORTS.from} and ${LOW_PORTS.to} on 127.0.0.1`);
}

export interface FaultStackOptions {
  /** The SMTP server's options (test/helpers/smtp.ts); default: answers at once. */
  smtp?: ConstructorParameters<typeof TestSmtpServer>[0];
  taskQueue?: string;
  /** More variables for every worker and every HTTP server this stack starts. */
  workerEnv?: NodeJS.ProcessEnv;
  httpEnv?: NodeJS.ProcessEnv;
}

export class FaultStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'arende-fault-'));
  readonly dbFile = join(this.dir, 'temporal.sqlite');
  readonly readModelFile = join(this.dir, 'readmodel.sqlite');
  readonly bundleFile = join(this.dir, 'workflow-bundle.js');
  readonly taskQueue: string;
  smtp: TestSmtpServer;
  temporalPort = 0;
  httpPort = 0;
  temporal?: TestProcess;
  worker?: TestProcess;
  http?: TestProcess;
  private starts = 0;

  constructor(private readonly options: FaultStackOptions = {}) {
    this.taskQueue = options.taskQueue ?? 'faults';
    this.smtp = new TestSmtpServer(options.smtp);
  }

  get address(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }

  get base(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** SMTP, Temporal, the workflow bundle (once, so a worker starts in a second or two), worker, HTTP server. */
  async start(): Promise<void> {
    await this.smtp.start(0);
    this.temporalPort = await freePort();
    this.httpPort = await freePort();
    const [bundle] = await Promise.all([workflowBundle(require.resolve('../../workflows')), this.startTemporal()]);
    writeFileSync(this.bundleFile, bundle.code);
    this.worker = this.startWorker();
    this.http = this.startHttp();
    await Promise.all([this.worker.waitFor(/worker ready/, 90_000), this.http.waitFor(/HTTP server listening/, 90_000)]);
  }

  /** The dev server on this stack's file and port (again after a kill: the same state). */
  async startTemporal(): Promise<TestProcess> {
    const cli = process.env.ARENDE_TEMPORAL_CLI;
    if (!cli) throw new Error('ARENDE_TEMPORAL_CLI is not set: run the fault tests with `npm run test:faults`.');
    this.starts += 1;
    // As `npm start` runs it (scripts/stack/supervisor.ts): WAL, synchronous=normal.
    const proc = startProcess(`temporal-${this.starts}`, cli, [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(this.temporalPort),
      '--http-port', String(await freePort()),
      '--metrics-port', String(await freePort()),
      '--headless',
      '--db-filename', this.dbFile,
      '--namespace', TEST_NAMESPACE,
      '--log-level', 'error',
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
    ]);
    this.temporal = proc;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const connection = await Connection.connect({ address: this.address, connectTimeout: 2_000 }).catch(() => undefined);
      try {
        if (connection) {
          await connection.workflowService.getSystemInfo({});
          await ensureNamespace(connection, { namespace: TEST_NAMESPACE, retentionDays: 1 });
          return proc;
        }
      } catch {
        // not serving yet
      } finally {
        await connection?.close();
      }
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`the dev server exited:\n${proc.output().slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`the dev server did not answer within 60 s:\n${proc.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private childEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: this.address,
      TEMPORAL_NAMESPACE: TEST_NAMESPACE,
      ARENDE_TASK_QUEUE: this.taskQueue,
      ARENDE_LINK_SECRET: TEST_LINK_SECRET,
      ARENDE_READ_MODEL_FILE: this.readModelFile,
    };
  }

  startWorker(name = 'worker'): TestProcess {
    this.worker = startProcess(name, process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: ROOT,
      env: {
        ...this.childEnv(),
        ARENDE_SMTP_HOST: '127.0.0.1',
        ARENDE_SMTP_PORT: String(this.smtp.port),
        ARENDE_PUBLIC_URL: this.base,
        ARENDE_WORKFLOW_BUNDLE: this.bundleFile,
        ...this.options.workerEnv,
      },
    });
    return this.worker;
  }

  startHttp(name = 'http'): TestProcess {
    this.http = startProcess(name, process.execPath, ['--import', 'tsx', 'client/http/server.ts'], {
      cwd: ROOT,
      env: {
        ...this.childEnv(),
        ARENDE_HTTP_HOST: '127.0.0.1',
        ARENDE_HTTP_PORT: String(this.httpPort),
        ARENDE_API_TOKENS: `administrator=${FAULT_TOKENS.administrator},manager=${FAULT_TOKENS.manager}`,
        ARENDE_PUBLIC_URL: this.base,
        ...this.options.httpEnv,
      },
    });
    return this.http;
  }

  /** Calls the JSON API as the administrator. Throws on a connection error (no answer at all). */
  api(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<{ status: number; json: unknown }> {
    return apiRequest(this.base, FAULT_TOKENS.administrator, method, path, body, timeoutMs);
  }

  /** What each recipient got. */
  byRecipient(): Map<string, ReceivedMail[]> {
    const map = new Map<string, ReceivedMail[]>();
    for (const mail of this.smtp.received) for (const to of mail.to) map.set(to, [...(map.get(to) ?? []), mail]);
    return map;
  }

  async stop(): Promise<void> {
    await stopAll();
    await this.smtp.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills `proc` with SIGKILL and resolves when it is gone. */
export async function kill9(proc: TestProcess | undefined): Promise<void> {
  if (!proc) return;
  await proc.kill('SIGKILL');
}

/** Polls `probe` until it returns a value that is not undefined. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
