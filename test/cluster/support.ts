// A whole stack started the way a person starts it — `npm run start:cluster` (scripts/start-cluster.js)
// or `npm start` (scripts/start.js) — as a child process of the test, on free ports, with its data
// in a temp folder. Its stop is registered before anything is awaited (test/helpers/teardown.ts):
// SIGTERM to the supervisor, which stops its children in order; past the grace, SIGKILL to every
// process of its tree.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../faults/support';
import { stopWhenDone } from '../helpers/teardown';
import { processTree } from './process-tree';

const ROOT = resolve(__dirname, '../..');

export interface StackProcess {
  child: ChildProcess;
  dataDir: string;
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function startStack(name: string, script: string, env: NodeJS.ProcessEnv): StackProcess {
  const dataDir = mkdtempSync(join(tmpdir(), `arende-${name}-`));
  // mkdtemp makes it 0700; PostgreSQL runs as the postgres user when we are root and must reach it.
  chmodSync(dataDir, 0o755);
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ARENDE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  let tree: number[] = [];
  const remember = setInterval(() => {
    if (child.pid && !gone()) tree = processTree(child.pid).map((p) => p.pid);
  }, 2_000);
  const stop = stopWhenDone(name, async () => {
    clearInterval(remember);
    if (child.pid && !gone()) tree = processTree(child.pid).map((p) => p.pid);
    if (!gone()) child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 150_000).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') child.kill('SIGKILL');
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    child,
    dataDir,
    output: () => text,
    stop,
    waitFor(pattern, timeoutMs) {
      return new Promise((ok, fail) => {
        const timer = setInterval(() => {
          const match = text.match(pattern);
          if (match) return finish(() => ok(match));
          if (gone()) return finish(() => fail(new Error(`${name} exited before printing ${pattern}:\n${text.slice(-6000)}`)));
          if (Date.now() > deadline) finish(() => fail(new Error(`${name}: no ${pattern} within ${timeoutMs / 1000} s:\n${text.slice(-6000)}`)));
        }, 250);
        const deadline = Date.now() + timeoutMs;
        const finish = (then: () => void) => {
          clearInterval(timer);
          then();
        };
      });
    },
  };
}

/** The ports a stack may bind to that the test chooses. */
export async function stackPorts(): Promise<Record<'ARENDE_HTTP_PORT' | 'ARENDE_TEMPORAL_PORT' | 'ARENDE_TEMPORAL_UI_PORT' | 'ARENDE_SMTP_PORT', string>> {
  return {
    ARENDE_HTTP_PORT: String(await freePort()),
    ARENDE_TEMPORAL_PORT: String(await freePort()),
    ARENDE_TEMPORAL_UI_PORT: String(await freePort()),
    ARENDE_SMTP_PORT: String(await freePort()),
  };
}

/** The messages the SMTP catcher stored: each file's Message-ID. */
export function caughtMessageIds(mailDir: string): string[] {
  if (!existsSync(mailDir)) return [];
  return readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => /^message-id:\s*(\S+)/im.exec(readFileSync(join(mailDir, f), 'utf8'))?.[1] ?? `(none in ${f})`);
}

/** Prometheus text: the value of the sample `name{labels}` written exactly so, e.g. `arende_cases{stage="completed"}`. */
export function metricValue(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1).trim().split(' ')[0]);
}

/** Prometheus text: the sum of every sample of `name` (any labels). */
export function metricSum(text: string, name: string): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === name) sum = (sum ?? 0) + Number(match[3]);
  }
  return sum;
}
