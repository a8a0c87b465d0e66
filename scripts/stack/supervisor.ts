// `npm start`'s supervisor: runs the embedded default as child processes — the Temporal dev server
// (SQLite file), the SMTP catcher, the worker and the HTTP server — in dependency order, prints
// where to look, and on Ctrl-C / SIGTERM stops them all (the dev server last) and leaves nothing,
// at any moment, start-up included. Each child runs in its own process group so the whole group
// can be stopped, and a terminal's Ctrl-C reaches only this supervisor, which then stops the
// children in order (./children.ts). A child that dies is restarted (./restarts.ts: with backoff, at most
// RESTART_LIMIT times in RESTART_WINDOW_MS, a message each time); past that the stack stops.
import { mkdirSync } from 'node:fs';
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
import { Children, assertPortFree, httpOk, type Child } from './children';

const ROOT = resolve(__dirname, '../..');
// Its own lines, for the person at the terminal: `12:00:01 [start] …` (ARENDE_LOG_FORMAT=json: JSON).
const startLog = processLogger('start', { style: 'concise', format: 'pretty' });
const say = (msg: string) => startLog.info(msg);
const children = new Children(startLog);
const until = children.until.bind(children);

/** The dev server is tier 0 (stopped last); everything that talks to it is tier 1. */
function tsxChild(name: string, file: string, env: NodeJS.ProcessEnv, logDir: string, verbose: boolean): Child {
  return children.start({ name, command: process.execPath, args: ['--import', 'tsx', file], env, logDir, verbose });
}

async function main(): Promise<void> {
  // First: a stop at any moment from here on stops whatever has been started.
  children.stopOnSignalsAndOrphaning();
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

  const address = `127.0.0.1:${stack.ARENDE_TEMPORAL_PORT}`;
  const uiUrl = `http://127.0.0.1:${stack.ARENDE_TEMPORAL_UI_PORT}`;
  const namespace = temporalEnv.TEMPORAL_NAMESPACE ?? DEFAULT_NAMESPACE;
  const dbFile = join(temporalDir, 'temporal.sqlite');

  say(`starting the Temporal dev server (data in ${dbFile}) …`);
  children.start({
    name: 'temporal',
    tier: 0,
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
  children.run(main);
}
