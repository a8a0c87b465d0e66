// The README's start command as a user runs it: it comes up, says where to look, serves the status
// page, restarts a worker killed with -9 (saying so) and keeps serving, stops on Ctrl-C leaving no
// process behind, and a second start reuses the same data. A stop at each phase of the start-up
// (Temporal starting, the worker bundling, right after /healthz first answers) leaves no process
// of the stack (their process groups are watched) and frees every port.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function childProcesses(pid: number): { pid: number; args: string }[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ pid: Number(m[1]), args: m[2] ?? '' }));
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Running {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Every process group the supervisor's children ran in, seen so far (each child is a group leader). */
  groups: Set<number>;
}

/** Every process: pid, its parent, its process group. */
function processTable(): { pid: number; ppid: number; pgid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4] ?? '' }));
}

/** Processes still alive in any of `groups`. */
function leftIn(groups: Set<number>): string[] {
  return processTable()
    .filter((p) => groups.has(p.pgid))
    .map((p) => `${p.pid} ${p.args}`);
}

/** Whether every port can be bound again. */
async function portsFree(ports: number[]): Promise<Record<number, boolean>> {
  const free = async (port: number) =>
    new Promise<boolean>((ok) => {
      const probe = createServer();
      probe.once('error', () => ok(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
    });
  return Object.fromEntries(await Promise.all(ports.map(async (p) => [p, await free(p)] as const)));
}

/** Starts the command; its children's process groups are recorded while it runs. */
function launch(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['scripts/start.js'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const groups = new Set<number>();
  const watch = setInterval(() => {
    // The supervisor starts each child as the leader of a process group of its own.
    for (const p of processTable()) if (p.ppid === child.pid && p.pgid === p.pid) groups.add(p.pgid);
  }, 100);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      clearInterval(watch);
      done(code);
    }),
  );
  return { process: child, output: () => output, exited, groups };
}

async function waitForOutput(run: Running, text: string | RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const found = () => (typeof text === 'string' ? run.output().includes(text) : text.test(run.output()));
  while (!found()) {
    if (Date.now() > deadline || run.process.exitCode !== null) throw new Error(`no ${String(text)} in the output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const run = launch(env);
  await waitForOutput(run, 'Ärendeflöde is running.');
  return run;
}

async function stackPorts() {
  return {
    ARENDE_TEMPORAL_PORT: await freePort(),
    ARENDE_TEMPORAL_UI_PORT: await freePort(),
    ARENDE_SMTP_PORT: await freePort(),
    ARENDE_HTTP_PORT: await freePort(),
  };
}

describe('npm start (scripts/start.js)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'arende-start-'));
  const started: Running[] = [];
  afterAll(async () => {
    // A failed assertion must not leave a stack running: stop whatever is still up.
    for (const run of started) {
      if (run.process.exitCode === null && run.process.signalCode === null) {
        run.process.kill('SIGTERM');
        await run.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs the whole embedded stack, restarts a killed worker, stops cleanly on Ctrl-C, and reuses its data on the next start', async () => {
    const ports = await stackPorts();
    const env = { ARENDE_DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };

    const first = launch(env);
    started.push(first);
    await waitForOutput(first, 'Ärendeflöde is running.');
    const text = first.output();
    expect(text).toContain(`Dashboard and API   http://127.0.0.1:${ports.ARENDE_HTTP_PORT}`);
    expect(text).toContain(`Temporal Web UI     http://127.0.0.1:${ports.ARENDE_TEMPORAL_UI_PORT}/namespaces/arendeflode/workflows`);
    // The hint works on these ports: it sets TEMPORAL_ADDRESS and names the API's address.
    const hint = text.slice(text.indexOf('Try this')).split('\n');
    const commands = hint.filter((l) => l.startsWith('  ')).map((l) => l.trim());
    // Its own data folder: the CLI is told where this stack's read model is.
    expect(commands[0]).toBe(`export TEMPORAL_ADDRESS=127.0.0.1:${ports.ARENDE_TEMPORAL_PORT} ARENDE_READ_MODEL_FILE=${join(dataDir, 'readmodel.sqlite')}`);
    expect(commands[2]).toContain(`--api http://127.0.0.1:${ports.ARENDE_HTTP_PORT} --token`);
    expect(text).toMatch(/registered search attributes ArendeDnr, /); // a new data file

    const health = (await (await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/healthz`)).json()) as { temporal: string; caughtMail: number; workerPollers: number };
    expect(health).toMatchObject({ temporal: 'ok', caughtMail: 0 });
    expect(health.workerPollers).toBeGreaterThan(0);
    const status = await (await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/status`)).text();
    expect(status).toContain('ansluten');
    // The dashboard asks for sign-in; the local administrator token is in the data folder.
    const overview = await (await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/`)).text();
    expect(overview).toContain('<h1>Logga in</h1>');
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { administratorToken: string };
    const cases = await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/api/v1/cases`, { headers: { authorization: `Bearer ${secrets.administratorToken}` } });
    expect(cases.status).toBe(200);
    expect(existsSync(join(dataDir, 'temporal', 'temporal.sqlite'))).toBe(true);

    // Run as printed, in a shell without the stack's variables: both ways reach this stack.
    const { TEMPORAL_ADDRESS: _a, TEMPORAL_NAMESPACE: _n, ARENDE_TASK_QUEUE: _q, ARENDE_API_URL: _u, ARENDE_API_TOKEN: _t, ...shellEnv } = process.env;
    const direct = spawnSync('sh', ['-c', `${commands[0]} && ${commands[1]}`], { cwd: ROOT, env: shellEnv, encoding: 'utf8', timeout: 150_000 });
    // Its output in the failure: which case or event failed, and why.
    if (direct.status !== 0) throw new Error(`the hint's commands exited ${direct.status}:\n${direct.stdout}\n${direct.stderr}`);
    expect(direct.stdout).toMatch(/5 registrerade, 0 fanns redan, 0 avslutade, 0 fel/);
    expect(direct.stdout).toContain('RS/62/2026');
    const viaApi = spawnSync('sh', ['-c', `${commands[2]} --json`], { cwd: ROOT, env: shellEnv, encoding: 'utf8', timeout: 60_000 });
    expect({ status: viaApi.status, stderr: viaApi.stderr }).toMatchObject({ status: 0 });
    // A page of the outstanding list (docs/cli.md): the demo cases' overdue tracks, from the read model.
    const page = JSON.parse(viaApi.stdout) as { items: { dnr: string; overdue: boolean }[]; total: number };
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((item) => item.overdue)).toBe(true);

    // kill -9 of the worker: restarted, with a message; the stack keeps serving meanwhile.
    const workerPid = (pid: number) => childProcesses(pid).find((c) => c.args.includes('worker/main.ts'))?.pid;
    const killedWorker = workerPid(first.process.pid!)!;
    const killedAt = Date.now();
    process.kill(killedWorker, 'SIGKILL');
    await waitForOutput(first, /\[start\] ERROR worker exited unexpectedly \(signal SIGKILL\); restarting it in 0\.5 s \(restart 1 of at most 5 within 5 minutes\)\. Last lines of .*worker\.log:/, 10_000);
    expect((await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/healthz`)).status).toBe(200);
    await waitForOutput(first, '[start] worker restarted', 10_000);
    const newWorker = workerPid(first.process.pid!);
    expect(newWorker).toBeDefined();
    expect(newWorker).not.toBe(killedWorker);
    const readyDeadline = Date.now() + 60_000;
    let readiness = 0;
    while (readiness !== 200 && Date.now() < readyDeadline) {
      readiness = (await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/readyz`)).status;
      if (readiness !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(readiness).toBe(200);
    const readyAfter = Date.now() - killedAt;
    // A case the dead worker held in memory is answered once Temporal stops sending its tasks there (~10 s).
    let events = 0;
    while (events !== 200 && Date.now() < readyDeadline) {
      events = (await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/api/v1/cases/RS-62-2026/events`, { headers: { authorization: `Bearer ${secrets.administratorToken}` } })).status;
      if (events !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(events).toBe(200);
    console.log(
      `npm start: a worker killed with -9 was restarted; /readyz 200 again ${(readyAfter / 1000).toFixed(1)} s after the kill, ` +
        `a case's event log (a query) ${((Date.now() - killedAt) / 1000).toFixed(1)} s after`,
    );
    expect(first.process.exitCode).toBeNull();

    const children = childProcesses(first.process.pid!);
    for (const part of ['temporal server start-dev', 'scripts/stack/smtp-catcher.ts', 'worker/main.ts', 'client/http/server.ts']) {
      expect(children.map((c) => c.args)).toContainEqual(expect.stringContaining(part));
    }
    const pids = children.map((c) => c.pid);
    first.process.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped; nothing left running.');
    // tsx's esbuild helper ends when its pipe from the supervisor closes, a moment after it.
    const deadline = Date.now() + 5_000;
    while ((pids.some(alive) || leftIn(first.groups).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    expect(leftIn(first.groups)).toEqual([]);
    expect(await portsFree(Object.values(ports))).toEqual(Object.fromEntries(Object.values(ports).map((p) => [p, true])));

    // A fresh read model next to the cases (an upgrade, a deleted file): rebuilt in the background.
    expect(first.output()).not.toContain('rebuilding it');
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `readmodel.sqlite${suffix}`), { force: true });
    const second = await start(env);
    started.push(second);
    // Same SQLite file: the namespace and its search attributes are still there.
    expect(second.output()).toMatch(/namespace arendeflode: ready, keeps closed cases 3650 days\n/);
    const rebuilt = Date.now() + 60_000;
    while (!second.output().includes('read model rebuilt') && Date.now() < rebuilt) await new Promise((r) => setTimeout(r, 200));
    expect(second.output()).toContain('[start] the read model is empty but Temporal holds 5 cases: rebuilding it in the background (arende reindex) …\n');
    expect(second.output()).toMatch(/\[start\] read model rebuilt: 5 cases, \d+ decision tracks in \d+ s\n/);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 300_000);

  test('a stop at any phase of the start-up stops everything: no process of the stack left, every port free', async () => {
    const figures: string[] = [];
    const phases: [string, (run: Running, ports: Awaited<ReturnType<typeof stackPorts>>) => Promise<void>][] = [
      ['while Temporal starts', async (run) => {
        await waitForOutput(run, 'starting the Temporal dev server');
        // The dev server is running (its group seen), not yet answering.
        while (run.groups.size === 0) await new Promise((r) => setTimeout(r, 20));
      }],
      ['while the worker bundles', async (run) => {
        await waitForOutput(run, 'starting the SMTP catcher, the worker');
        await new Promise((r) => setTimeout(r, 300));
      }],
      ['right after /healthz first answers', async (run, ports) => {
        for (;;) {
          const ok = await fetch(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}/healthz`).then((r) => r.ok, () => false);
          if (ok) return;
          if (run.process.exitCode !== null) throw new Error(`the start ended:\n${run.output()}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      }],
    ];
    for (const [phase, reach] of phases) {
      const ports = await stackPorts();
      const run = launch({ ARENDE_DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
      started.push(run);
      await reach(run, ports);
      const signalled = Date.now();
      run.process.kill('SIGTERM');
      const code = await run.exited;
      const took = Date.now() - signalled;
      const deadline = Date.now() + 5_000;
      while (leftIn(run.groups).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      figures.push(`  ${phase}: exit ${code} ${(took / 1000).toFixed(1)} s after SIGTERM; ${run.groups.size} process groups, none left`);
      expect({ phase, code, stopped: run.output().includes('stopped; nothing left running.') }).toEqual({ phase, code: 0, stopped: true });
      expect({ phase, left: leftIn(run.groups) }).toEqual({ phase, left: [] });
      expect({ phase, free: await portsFree(Object.values(ports)) }).toEqual({ phase, free: Object.fromEntries(Object.values(ports).map((p) => [p, true])) });
    }
    console.log(`npm start stopped during its start-up:\n${figures.join('\n')}`);
  }, 240_000);

  test('a taken port stops the start with the variable to change', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((ok) => blocker.listen(0, '127.0.0.1', () => ok((blocker.address() as { port: number }).port)));
    try {
      const child = spawn(process.execPath, ['scripts/start.js'], {
        cwd: ROOT,
        // Every other port free, so only the blocked one can stop it (even beside a running `npm start`).
        env: {
          ...process.env,
          ARENDE_DATA_DIR: dataDir,
          ARENDE_HTTP_PORT: String(port),
          ARENDE_TEMPORAL_PORT: String(await freePort()),
          ARENDE_TEMPORAL_UI_PORT: String(await freePort()),
          ARENDE_SMTP_PORT: String(await freePort()),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((done) => child.once('exit', done));
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use (ARENDE_HTTP_PORT)`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
