// `npm run start:cluster`: the production profile on this machine, as child processes of one
// supervisor (../stack/children.ts) — PostgreSQL (Debian's, its data in data/cluster/postgres),
// the Temporal server itself built from go.temporal.io/server (persistence and visibility on that
// PostgreSQL, schema by Temporal's SQL tool), the project's namespace with its retention and search
// attributes, ARENDE_CLUSTER_WORKERS workers and ARENDE_CLUSTER_HTTP_SERVERS HTTP servers running
// the compiled build (dist/, the prebuilt workflow bundle), HAProxy as their one address, and the
// SMTP catcher; the read model in its own database on the same PostgreSQL. Everything on
// 127.0.0.1. A child that dies is restarted; Ctrl-C / SIGTERM stops it all in tiers: HAProxy,
// then the workers, HTTP servers and catcher, then Temporal, then PostgreSQL.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { HttpEnvironment, StackEnvironment, TemporalEnvironment, readEnvironment } from '../../config/environment';
import { DEFAULT_NAMESPACE } from '../../config/temporal-connection';
import { ensureNamespace } from '../../client/temporal/namespace';
import { processLogger } from '../../lib/logger';
import { Children, assertPortFree, httpOk } from '../stack/children';
import { localSecrets, secretEnvironment } from '../stack/secrets';
import { READ_MODEL_DATABASE, haproxyConfig, temporalDynamicConfig, temporalServerConfig, type ClusterPorts, type DatabaseLogin } from './config';
import { aptInstall, ensurePostgresInstalled, initPostgres, postgresChild, postgresReady } from './postgres';
import { setupTemporalSchema, temporalServerChild, type TemporalServerBuild } from './temporal';

const ROOT = resolve(__dirname, '../..');
const log = processLogger('cluster', { style: 'concise', format: 'pretty' });
const say = (msg: string) => log.info(msg);
const children = new Children(log);

/** How many workers and HTTP servers the profile runs (README's variable table). */
const ClusterEnvironment = z.object({
  ARENDE_CLUSTER_WORKERS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(16, 'must be at most 16').default(3),
  ARENDE_CLUSTER_HTTP_SERVERS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(8, 'must be at most 8').default(2),
});

/** The database login, made once and kept beside the data (git-ignored). */
const DatabaseSecret = z.object({ user: z.string().min(1), password: z.string().min(16) });
function databaseSecret(file: string): z.infer<typeof DatabaseSecret> {
  if (existsSync(file)) return DatabaseSecret.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secret = { user: 'arende', password: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(secret, null, 2) + '\n', { mode: 0o600 });
  return secret;
}

/** A free port below 32768 (Temporal's membership ports must fit a smallint; the others may as well). */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1');
}

async function allocatePorts(fixed: { public: number; frontend: number; smtp: number }, workers: number, httpServers: number): Promise<ClusterPorts> {
  const taken = new Set([fixed.public, fixed.frontend, fixed.smtp]);
  const next = () => freeLowPort(taken);
  const many = async (n: number) => {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) ports.push(await next());
    return ports;
  };
  return {
    ...fixed,
    frontendHttp: await next(),
    frontendMembership: await next(),
    history: await next(),
    historyMembership: await next(),
    matching: await next(),
    matchingMembership: await next(),
    internalWorker: await next(),
    internalWorkerMembership: await next(),
    temporalMetrics: await next(),
    postgres: await next(),
    http: await many(httpServers),
    httpMetrics: await many(httpServers),
    workerMetrics: await many(workers),
    haproxyStats: await next(),
  };
}

function ensureHaproxy(): string {
  const find = () => ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy'].find((f) => existsSync(f));
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('HAProxy is not installed: run `sudo apt-get install -y haproxy`, then start again.');
  say("HAProxy is not installed: installing Debian's haproxy (apt-get) …");
  aptInstall('haproxy');
  const installed = find();
  if (!installed) throw new Error('apt-get installed haproxy but /usr/sbin/haproxy is missing');
  return installed;
}

/** `npm run build`: the compiled code and the prebuilt workflow bundle the workers and HTTP servers run. */
function buildApplication(): void {
  say('building the application (npm run build: compiled JavaScript and the workflow bundle) …');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`npm run build failed (${result.status}):\n${(result.stderr || result.stdout).trim()}`);
}

async function main(build: TemporalServerBuild): Promise<void> {
  children.stopOnSignalsAndOrphaning();
  const stack = readEnvironment(StackEnvironment);
  const cluster = readEnvironment(ClusterEnvironment);
  const temporalEnv = readEnvironment(TemporalEnvironment);
  const http = readEnvironment(HttpEnvironment);
  const namespace = temporalEnv.TEMPORAL_NAMESPACE ?? DEFAULT_NAMESPACE;

  const dataDir = resolve(ROOT, stack.ARENDE_DATA_DIR, 'cluster');
  const logDir = join(dataDir, 'logs');
  const mailDir = join(dataDir, 'mail');
  const configDir = join(dataDir, 'config');
  for (const dir of [logDir, mailDir, configDir]) mkdirSync(dir, { recursive: true });

  await assertPortFree(http.ARENDE_HTTP_PORT, 'ARENDE_HTTP_PORT');
  await assertPortFree(stack.ARENDE_TEMPORAL_PORT, 'ARENDE_TEMPORAL_PORT');
  await assertPortFree(stack.ARENDE_SMTP_PORT, 'ARENDE_SMTP_PORT');
  const ports = await allocatePorts(
    { public: http.ARENDE_HTTP_PORT, frontend: stack.ARENDE_TEMPORAL_PORT, smtp: stack.ARENDE_SMTP_PORT },
    cluster.ARENDE_CLUSTER_WORKERS,
    cluster.ARENDE_CLUSTER_HTTP_SERVERS,
  );
  const haproxy = ensureHaproxy();
  const pgBin = ensurePostgresInstalled(say);
  buildApplication();

  // PostgreSQL.
  const secret = databaseSecret(join(dataDir, 'database.json'));
  const db: DatabaseLogin = { port: ports.postgres, ...secret };
  const pgData = join(dataDir, 'postgres');
  const { created } = initPostgres(pgBin, pgData, db.user, db.password);
  say(`${created ? 'created' : 'starting'} PostgreSQL (${pgBin}) with its data in ${pgData}, on 127.0.0.1:${db.port} …`);
  children.start({ name: 'postgres', ...postgresChild(pgBin, pgData, join(dataDir, 'run'), db.port), env: process.env, logDir, verbose: stack.ARENDE_VERBOSE });
  await children.until('PostgreSQL', 60_000, () => postgresReady(db.port, db.user, db.password));

  // Temporal: schema, config, server.
  const schema = await children.unlessStopping(setupTemporalSchema(build, db));
  say(`Temporal's schema (temporal-sql-tool ${build.version}): ${schema.join(', ')}`);
  const configFile = join(configDir, 'temporal-server.yaml');
  const dynamicFile = join(configDir, 'temporal-dynamic.yaml');
  writeFileSync(dynamicFile, temporalDynamicConfig());
  writeFileSync(configFile, temporalServerConfig(ports, db, dynamicFile), { mode: 0o600 });
  say(`starting the Temporal server ${build.version} (${configFile}) …`);
  children.start({ name: 'temporal', ...temporalServerChild(build, configFile), env: process.env, logDir, verbose: stack.ARENDE_VERBOSE });
  const address = `127.0.0.1:${ports.frontend}`;
  const connection = await children.until('the Temporal server', 120_000, async () => {
    const c = await Connection.connect({ address, connectTimeout: 1_000 });
    await c.healthService.check({});
    return c;
  });
  const setup = await children.until('the namespace', 60_000, () => ensureNamespace(connection, { namespace, retentionDays: stack.ARENDE_RETENTION_DAYS }));
  say(
    `namespace ${namespace}: ${setup.created ? 'created' : 'ready'}, keeps closed cases ${stack.ARENDE_RETENTION_DAYS} days` +
      (setup.addedAttributes.length ? `; registered search attributes ${setup.addedAttributes.join(', ')}` : ''),
  );

  // The application.
  const secretsFile = join(dataDir, 'secrets.json');
  const publicUrl = process.env.ARENDE_PUBLIC_URL || `http://127.0.0.1:${ports.public}`;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...secretEnvironment(localSecrets(secretsFile), process.env),
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    ARENDE_TASK_QUEUE: temporalEnv.ARENDE_TASK_QUEUE,
    ARENDE_PUBLIC_URL: publicUrl,
    ARENDE_SMTP_PORT: String(ports.smtp),
    ARENDE_MAIL_DIR: mailDir,
    ARENDE_READ_MODEL_URL: `postgres://${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}@127.0.0.1:${db.port}/${READ_MODEL_DATABASE}`,
    ARENDE_LOG_FORMAT: process.env.ARENDE_LOG_FORMAT || 'json',
  };
  for (const name of Object.keys(appEnv)) if (/^TEMPORAL_(API_KEY|TLS.*|CONFIG_FILE|PROFILE)$/.test(name)) delete appEnv[name];
  delete appEnv.ARENDE_WORKFLOW_BUNDLE; // dist/workflow-bundle.js, beside the compiled worker
  delete appEnv.ARENDE_READ_MODEL_FILE;
  const node = (name: string, file: string, env: NodeJS.ProcessEnv) =>
    children.start({ name, command: process.execPath, args: [file], env, logDir, verbose: stack.ARENDE_VERBOSE, tier: 2, graceMs: 40_000 });

  say(`starting the SMTP catcher, ${cluster.ARENDE_CLUSTER_WORKERS} workers and ${cluster.ARENDE_CLUSTER_HTTP_SERVERS} HTTP servers …`);
  children.start({ name: 'smtp', command: process.execPath, args: ['--import', 'tsx', 'scripts/stack/smtp-catcher.ts'], env: appEnv, logDir, verbose: stack.ARENDE_VERBOSE, tier: 2 });
  ports.workerMetrics.forEach((metrics, i) => node(`worker-${i + 1}`, 'dist/worker/main.js', { ...appEnv, ARENDE_METRICS_ADDRESS: `127.0.0.1:${metrics}` }));
  ports.http.forEach((port, i) =>
    node(`http-${i + 1}`, 'dist/client/http/server.js', {
      ...appEnv,
      ARENDE_HTTP_HOST: '127.0.0.1',
      ARENDE_HTTP_PORT: String(port),
      ARENDE_METRICS_ADDRESS: `127.0.0.1:${ports.httpMetrics[i]}`,
      // HAProxy checks /readyz every second and takes a server out after 2 failures.
      ARENDE_HTTP_DRAIN_SECONDS: process.env.ARENDE_HTTP_DRAIN_SECONDS || '2',
    }),
  );
  const haproxyFile = join(configDir, 'haproxy.cfg');
  writeFileSync(haproxyFile, haproxyConfig(ports));
  children.start({ name: 'haproxy', command: haproxy, args: ['-db', '-f', haproxyFile], env: process.env, logDir, verbose: stack.ARENDE_VERBOSE, tier: 3 });

  await children.until(`${cluster.ARENDE_CLUSTER_WORKERS} workers`, 180_000, async () => {
    const queue = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: temporalEnv.ARENDE_TASK_QUEUE },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return new Set((queue.pollers ?? []).map((p) => p.identity)).size >= cluster.ARENDE_CLUSTER_WORKERS ? true : undefined;
  });
  say(`${cluster.ARENDE_CLUSTER_WORKERS} workers poll the task queue`);
  for (const port of ports.http) await children.until(`the HTTP server on ${port}`, 60_000, () => httpOk(`http://127.0.0.1:${port}/readyz`));
  const publicAddress = `http://127.0.0.1:${ports.public}`;
  await children.until('HAProxy', 30_000, () => httpOk(`${publicAddress}/readyz`));
  await connection.close();

  const list = (label: string, values: string[]) => `  ${label.padEnd(20)}${values.join('  ')}`;
  console.log(
    [
      '',
      'Ärendeflöde is running on the cluster profile.',
      list('Dashboard and API', [`${publicAddress}  (HAProxy in front of ${ports.http.length} HTTP servers; its status page http://127.0.0.1:${ports.haproxyStats}/)`]),
      list('Temporal (gRPC)', [`${address}  namespace ${namespace}, task queue ${temporalEnv.ARENDE_TASK_QUEUE}; the Temporal server ${build.version}`]),
      list('PostgreSQL', [`127.0.0.1:${db.port}  user ${db.user} (password in ${join(dataDir, 'database.json')}); databases temporal, temporal_visibility, ${READ_MODEL_DATABASE}`]),
      list('Metrics', [`Temporal http://127.0.0.1:${ports.temporalMetrics}/metrics`]),
      list('', ports.workerMetrics.map((p, i) => `worker-${i + 1} http://127.0.0.1:${p}/metrics`)),
      list('', ports.httpMetrics.map((p, i) => `http-${i + 1} http://127.0.0.1:${p}/metrics`)),
      list('SMTP catcher', [`127.0.0.1:${ports.smtp}, mail stored in ${mailDir}`]),
      list('Data and logs', [dataDir]),
      list('API tokens', [`administrator and manager tokens in ${secretsFile}`]),
      '',
      'Stop with Ctrl-C.',
    ].join('\n'),
  );
  // For scripts and the cluster test: every address, as JSON.
  writeFileSync(join(dataDir, 'cluster.json'), JSON.stringify({ pid: process.pid, namespace, taskQueue: temporalEnv.ARENDE_TASK_QUEUE, ports, secretsFile, mailDir, logDir }, null, 2) + '\n');
}

export function runCluster(build: TemporalServerBuild): void {
  children.run(() => main(build));
}
