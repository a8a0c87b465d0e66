// Opens the read model and brings its schema up to date (versioned migrations, applied at start).
// Embedded: PGlite (Postgres in WASM) in a directory under data/, no server process.
// Production: PostgreSQL through `pg`. Both through Kysely's PostgresDialect: one query code path.
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { migrationProvider } from './migrations';
import { pglitePool } from './pglite-pool';
import type { ReadModelDatabase } from './schema';

export type ReadModelStore =
  | { kind: 'embedded'; /** A directory (PGlite keeps a Postgres data directory); absent: in memory. */ file?: string }
  | { kind: 'postgres'; url: string };

export type ReadModel = Kysely<ReadModelDatabase>;

export async function openReadModel(store: ReadModelStore): Promise<ReadModel> {
  const db = new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool: await pool(store) }) });
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

async function pool(store: ReadModelStore) {
  if (store.kind === 'embedded') {
    const { PGlite } = await import('@electric-sql/pglite');
    return pglitePool(await PGlite.create(store.file));
  }
  const { Pool } = await import('pg');
  return new Pool({ connectionString: store.url, max: 10 });
}

/** Applies every migration not yet applied; a no-op on an up-to-date store. */
export async function migrate(db: ReadModel): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Läsmodellens migrering${failed ? ` ${failed}` : ''} misslyckades: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
