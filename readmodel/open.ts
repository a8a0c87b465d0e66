// Opens the read model and brings its schema up to date (versioned migrations, applied at start).
// Embedded: a SQLite file under data/ (better-sqlite3), no server process, shared by the worker and
// the HTTP servers on the machine. Production: PostgreSQL through `pg`. One schema, one query code
// path (readmodel/queries.ts), written to the SQL both speak; docs/read-model.md says why SQLite.
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { migrationProvider } from './migrations';
import type { ReadModelDatabase } from './schema';

export type ReadModelStore =
  | { kind: 'embedded'; /** The SQLite file (e.g. data/readmodel.sqlite); ':memory:' for a private one. */ file: string }
  | { kind: 'postgres'; url: string };

export type ReadModel = Kysely<ReadModelDatabase>;

export async function openReadModel(store: ReadModelStore): Promise<ReadModel> {
  const db = new Kysely<ReadModelDatabase>({ dialect: await dialect(store) });
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

async function dialect(store: ReadModelStore) {
  if (store.kind === 'embedded') {
    return (await sqlite()).sqliteDialect(store.file);
  }
  const { Pool, types } = await import('pg');
  await ensureDatabase(store.url);
  // bigint (int8) comes back as a number, as from SQLite: versions are ms (far below 2^53), counts small.
  const parse = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format as 'text'))) as typeof types.getTypeParser };
  return new PostgresDialect({ pool: new Pool({ connectionString: store.url, max: 10, types: parse }) });
}

/**
 * better-sqlite3 is an optional dependency: a native addon that npm builds from source where it
 * cannot download the prebuilt binary, which takes a C++ toolchain. Without it npm install still
 * succeeds (production on PostgreSQL does not need it) and only the embedded store says what is missing.
 */
async function sqlite(): Promise<typeof import('./sqlite')> {
  try {
    // require, not import(): the `arende` CLI runs through tsx's CommonJS hook (bin/arende.js), which
    // an import() of a TypeScript file bypasses ("Cannot find module …/readmodel/sqlite").
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./sqlite') as typeof import('./sqlite');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String((err as Error).message).includes('better-sqlite3')) throw err;
    throw new Error('Läsmodellens inbyggda databas (SQLite) saknas: paketet better-sqlite3 kunde inte installeras. '
      + 'Installera en C++-verktygskedja (Debian/Ubuntu: build-essential och python3) och kör npm install igen, eller använd PostgreSQL.', { cause: err });
  }
}

/**
 * Applies every migration not yet applied; a no-op on an up-to-date store. Several processes may
 * start at once: PostgreSQL takes Kysely's migration lock; on SQLite all of it runs in one
 * BEGIN IMMEDIATE transaction (readmodel/sqlite.ts), so the second finds them applied.
 */
export async function migrate(db: ReadModel): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Läsmodellens migrering${failed ? ` ${failed}` : ''} misslyckades: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Creates the read model's database when the server has none by that name (the compose file's
 * PostgreSQL starts with Temporal's only), from the server's `postgres` database. Two processes
 * starting at once: the second finds it created.
 */
async function ensureDatabase(url: string): Promise<void> {
  const { Client } = await import('pg');
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err; // invalid_catalog_name: no such database
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process made it: duplicate_database, or, racing it, the catalog's unique_violation.
    if (!['42P04', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
  } finally {
    await admin.end();
  }
}
