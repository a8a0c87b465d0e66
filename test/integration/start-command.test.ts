// The README's start command as a user runs it: it comes up, says where to look, serves the status
// page, stops on Ctrl-C leaving no process behind, and a second start reuses the same data.
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
}

async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['scripts/start.js'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Ärendeflöde is running.')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { process: child, output: () => output, exited };
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

  test('runs the whole embedded stack, stops cleanly on Ctrl-C, and reuses its data on the next start', async () => {
    const ports = {
      ARENDE_TEMPORAL_PORT: await freePort(),
      ARENDE_TEMPORAL_UI_PORT: await freePort(),
      ARENDE_SMTP_PORT: await freePort(),
      ARENDE_HTTP_PORT: await freePort(),
    };
    const env = { ARENDE_DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };

    const first = await start(env);
    started.push(first);
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
    expect({ status: direct.status, stderr: direct.stderr }).toMatchObject({ status: 0 });
    expect(direct.stdout).toMatch(/5 registrerade, 0 fanns redan, 0 avslutade, 0 fel/);
    expect(direct.stdout).toContain('RS/62/2026');
    const viaApi = spawnSync('sh', ['-c', `${commands[2]} --json`], { cwd: ROOT, env: shellEnv, encoding: 'utf8', timeout: 60_000 });
    expect({ status: viaApi.status, stderr: viaApi.stderr }).toMatchObject({ status: 0 });
    // A page of the outstanding list (docs/cli.md): the demo cases' overdue tracks, from the read model.
    const page = JSON.parse(viaApi.stdout) as { items: { dnr: string; overdue: boolean }[]; total: number };
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((item) => item.overdue)).toBe(true);

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
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);

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
