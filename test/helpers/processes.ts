// The project's own processes (the worker, the HTTP server, …) as child processes of a test, with
// their output kept for waiting on a line and for the failure message. Every process started here
// is registered before anything is awaited, so `stopAll()` in afterAll stops it whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { stopWhenDone } from './teardown';

export interface TestProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects if it exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Its exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** kill(2) with `signal`; resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<TestProcess>();

export function startProcess(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): TestProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      text += chunk;
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<number | NodeJS.Signals | null>((done) => {
    child.once('exit', (code, signal) => done(code ?? signal));
    child.once('error', (err) => {
      text += `\ncould not start: ${err.message}\n`;
      done(null);
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const proc: TestProcess = {
    name,
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (!match) return;
          finish();
          resolve(match);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms. Output:\n${text.slice(-4000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((how) => {
          if (!listeners.has(check)) return;
          finish();
          reject(new Error(`${name} exited (${how}) before printing ${pattern}. Output:\n${text.slice(-4000)}`));
        });
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (!gone()) child.kill(signal);
      await exited;
    },
  };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  // Also stopped when the test file ends, should its afterAll never get to it.
  stopWhenDone(name, () => stopProcess(proc, 10_000));
  return proc;
}

/** Stops every process still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all([...running].map((proc) => stopProcess(proc, graceMs)));
}

async function stopProcess(proc: TestProcess, graceMs: number): Promise<void> {
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  try {
    await proc.kill('SIGTERM');
  } finally {
    clearTimeout(timer);
  }
}
