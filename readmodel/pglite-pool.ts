// PGlite behind the `pg` pool interface that Kysely's PostgresDialect expects, so the embedded
// store and PostgreSQL share one dialect, one compiler and one query code path. PGlite is a single
// connection: `connect()` hands it out to one holder at a time (a transaction keeps it until it
// releases), the others wait. Kysely 0.29 ships a PGlite dialect, but only as ES modules; this
// shim keeps us on 0.28 (CommonJS, which jest and the worker load as is).
import type { PGlite } from '@electric-sql/pglite';
import { Mutex } from 'async-mutex';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

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
