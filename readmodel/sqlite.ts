// The embedded store's database: a SQLite file (better-sqlite3) that the worker (which writes the
// projections) and every HTTP server or CLI on the machine (which read) open at the same time: WAL
// lets readers run while one writer writes, and busy_timeout makes a second writer wait rather than
// fail. SQLite has no boolean type: it stores 1/0 and better-sqlite3 binds no JS booleans, so this
// wrapper binds booleans as 1/0 and turns the boolean columns back into booleans on the way out, so
// rows read the same from SQLite and PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** The read model's boolean columns (migrations create them as `boolean`): by name, in every result, so no query may alias another value to these names. */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set(['open', 'final']);

const bind = (parameters: ReadonlyArray<unknown>) => parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

function booleans(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const out = row as Record<string, unknown>;
  for (const column of BOOLEAN_COLUMNS) {
    if (typeof out[column] === 'number') out[column] = out[column] === 1;
  }
  return out;
}

/**
 * Kysely's SQLite dialect, with two changes for a file several processes open: every transaction
 * is BEGIN IMMEDIATE (it takes the write lock at once and waits busy_timeout for it, instead of
 * failing with SQLITE_BUSY when a read turns into a write), and migrations run in one such
 * transaction (SQLite's DDL is transactional; Kysely's adapter says otherwise), so two processes
 * starting at once apply each migration once.
 */
export function sqliteDialect(file: string): SqliteDialect {
  const config = { database: openSqlite(file) };
  return new (class extends SqliteDialect {
    override createDriver() {
      return new (class extends SqliteDriver {
        override async beginTransaction(connection: DatabaseConnection) {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        }
      })(config);
    }
    override createAdapter() {
      return new (class extends SqliteAdapter {
        override get supportsTransactionalDdl() { return true; }
      })();
    }
  })(config);
}

/**
 * Switches the file to WAL (kept in the file: a no-op once done). Switching a new file needs it to
 * itself for a moment, and while another process holds a write on it (the worker and the HTTP
 * server open a fresh read model at the same time and one runs its migrations) SQLite answers
 * SQLITE_BUSY at once, without its busy handler: so try again, briefly, for up to 10 s.
 */
function walMode(db: Database.Database): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      // Opening is synchronous (better-sqlite3): a short blocking pause, once per retry.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

function openSqlite(file: string): SqliteDatabase {
  // Its folder too (a worker started alone, before `npm start` made data/).
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  walMode(db);
  // WAL + NORMAL: a commit survives a process crash; a power cut may lose the last commits, which
  // a replay of the workflows' projections (or `arende reindex`) brings back.
  db.pragma('synchronous = NORMAL');
  return {
    close: () => { db.close(); },
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(...bind(parameters)).map(booleans),
        run: (parameters) => statement.run(...bind(parameters)),
        *iterate(parameters) {
          for (const row of statement.iterate(...bind(parameters))) yield booleans(row);
        },
      };
    },
  };
}
