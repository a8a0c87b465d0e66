// For the store benchmark only (PGlite was measured, not chosen: docs/read-model.md). PGlite behind
// the `pg` pool interface that Kysely's PostgresDialect expects, so it runs the same readmodel/
// code as PostgreSQL. PGlite is a single connection: `connect()` hands it out to one holder at a
// time (a transaction keeps it until it releases). Kysely 0.29 ships a PGlite dialect, but only as
// ES modules; the project stays on 0.28 (CommonJS, which jest and the worker load as is).
import { Mutex } from 'async-mutex';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** The part of @electric-sql/pglite's PGlite this needs (the package is not a dependency). */
export interface PGlite {
  query(sql: string, parameters: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
}

const COMMAND = /^\s*(insert|update|delete|merge|select)\b/i;

export function pglitePool(pglite: PGlite): PostgresPool {
  const mutex = new Mutex();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const releaseLock = await mutex.acquire();
      let released = false;
      return {
        async query(sql: string, parameters: ReadonlyArray<unknown>) {
          const result = await pglite.query(sql, parameters as unknown[]);
          // Kysely reads numAffectedRows only for these commands; PGlite reports affectedRows.
          const command = (COMMAND.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          if (!released) { released = true; releaseLock(); }
        },
      } as unknown as PostgresPoolClient;
    },
    async end() {
      await pglite.close();
    },
  };
}
