// The Temporal server of the cluster profile: built from go.temporal.io/server by
// scripts/temporal-server.js (.tools/temporal-server-<version>/), its schema set up on PostgreSQL
// with Temporal's own SQL tool from the same build, then started with the generated config.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { ChildSpec } from '../stack/children';
import { TEMPORAL_DATABASE, VISIBILITY_DATABASE, type DatabaseLogin } from './config';

/** What scripts/temporal-server.js `ensureTemporalServer()` gives. */
export interface TemporalServerBuild {
  version: string;
  server: string;
  sqlTool: string;
  /** The module's schema/postgresql/v12. */
  schema: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok(output) : fail(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.trim().split('\n').slice(-8).join('\n')}`))));
  });
}

async function databaseState(db: DatabaseLogin, database: string): Promise<'missing' | 'empty' | 'schema'> {
  const client = new pg.Client({ host: '127.0.0.1', port: db.port, user: db.user, password: db.password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) return 'missing';
  } finally {
    await client.end();
  }
  const inDb = new pg.Client({ host: '127.0.0.1', port: db.port, user: db.user, password: db.password, database });
  await inDb.connect();
  try {
    const table = await inDb.query<{ t: string | null }>("select to_regclass('schema_version')::text as t");
    return table.rows[0]?.t ? 'schema' : 'empty';
  } finally {
    await inDb.end();
  }
}

/**
 * Temporal's `make install-schema-postgresql12`, and on every later start its upgrade: the
 * databases and their base schema when missing, then `update-schema` to the build's version (a
 * no-op when current). Returns what it did, per database.
 */
export async function setupTemporalSchema(build: TemporalServerBuild, db: DatabaseLogin): Promise<string[]> {
  const done: string[] = [];
  // The password in the environment (SQL_PASSWORD), not on a command line others can read in ps.
  const env = { ...process.env, SQL_PASSWORD: db.password };
  for (const [database, folder] of [[TEMPORAL_DATABASE, 'temporal'], [VISIBILITY_DATABASE, 'visibility']] as const) {
    const tool = (...args: string[]) => run(build.sqlTool, ['--ep', '127.0.0.1', '-p', String(db.port), '-u', db.user, '--pl', 'postgres12', '--db', database, ...args], env);
    const state = await databaseState(db, database);
    if (state === 'missing') await tool('create-database');
    if (state !== 'schema') await tool('setup-schema', '-v', '0.0');
    const update = await tool('update-schema', '-d', join(build.schema, folder, 'versioned'));
    const upgraded = /found zero updates/i.test(update) ? 'current' : 'upgraded';
    done.push(`${database}: ${state === 'missing' ? 'created' : state === 'empty' ? 'schema set up' : upgraded}`);
  }
  return done;
}

export function temporalServerChild(build: TemporalServerBuild, configFile: string): Omit<ChildSpec, 'name' | 'env' | 'logDir' | 'verbose'> {
  return { command: build.server, args: ['--config-file', configFile, '--allow-no-auth', 'start'], tier: 1, graceMs: 30_000 };
}
