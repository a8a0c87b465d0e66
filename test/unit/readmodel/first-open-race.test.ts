// A fresh read-model file opened by two processes at once (`npm start` starts the worker and the
// HTTP server together): while one holds a write on the file before it is in WAL mode, the other's
// switch to WAL gets SQLITE_BUSY at once (SQLite does not wait for it). readmodel/sqlite.ts tries
// again; before, the HTTP server exited with "database is locked" (seen in CI, fault b's start-up).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModel } from '../../../readmodel/open';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arende-first-open-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('opening a new file while another process holds a write on it (not yet WAL) waits for it instead of failing', async () => {
  const file = join(dir, 'readmodel.sqlite');
  // Another process: a write transaction on the new file, in rollback mode, held for 700 ms.
  const holder = spawn(process.execPath, [
    '-e',
    `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
     const db = new D(${JSON.stringify(file)});
     db.exec('begin immediate'); db.exec('create table held (x)');
     process.stdout.write('holding\\n');
     setTimeout(() => { db.exec('commit'); db.close(); }, 700);`,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => holder.once('exit', done));
  await new Promise<void>((ready) => holder.stdout.once('data', () => ready()));

  const started = Date.now();
  const db = await openReadModel({ kind: 'embedded', file });
  const waitedMs = Date.now() - started;
  try {
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['case_row', 'held']));
    // It did wait for the other process (it could not have switched to WAL before).
    expect(waitedMs).toBeGreaterThan(300);
  } finally {
    await db.destroy();
    await exited;
  }
}, 30_000);
