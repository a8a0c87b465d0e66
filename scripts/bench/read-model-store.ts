// Read-model store benchmark (issue 13, docs/read-model.md): better-sqlite3 12.x vs PGlite (both
// embedded, through Kysely) and, for reference, PostgreSQL 15 (the production store), with the same
// schema, migrations, applyProjection and queries (readmodel/). Each store runs in its own process
// (RSS is per process). Measures: cold start (create + migrate a fresh store, and reopen it), the
// write cost of applying one 9-party case (10 projections, guarded upserts), p50/p95 of the list
// queries at N cases × 9 tracks, RSS and the store's size on disk.
//
//   npx tsx scripts/bench/read-model-store.ts [--cases 10000] [--sample 300] [--stores sqlite,pglite,postgres] [--out FILE]
//
// PGlite is not a dependency of the project (better-sqlite3 was chosen): for the pglite column
// install it outside the repo (`npm i @electric-sql/pglite@0.5.17` in a scratch directory) and
// point PGLITE at the package directory. PostgreSQL: the server binaries (postgresql-15).
// The first `--sample` cases go through applyProjection one by one (the write cost); the rest are
// bulk-inserted (same rows, one multi-row INSERT per chunk) to reach N cases quickly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Projection } from '../../domain/read-model';
import type { PartyId } from '../../domain/parties';
import { applyProjection, searchText } from '../../readmodel/apply';
import { migrationProvider } from '../../readmodel/migrations';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { balanceRows, listCases, outstandingTracks, overviewCounts, partyTracks } from '../../readmodel/queries';
import type { ReadModelDatabase } from '../../readmodel/schema';
import { pglitePool, type PGlite as PGliteDb } from './pglite-pool';
import { ninePartyCase, postgresBin, startPostgres, type TestPostgres } from '../../test/helpers/read-model';

type StoreName = 'pglite' | 'sqlite' | 'postgres';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (ms: number) => Math.round(ms * 100) / 100;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
}

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(dir).reduce((sum, name) => sum + dirSize(path.join(dir, name)), 0);
}

async function open(store: StoreName, location: string): Promise<ReadModel> {
  if (store === 'sqlite') return openReadModel({ kind: 'embedded', file: location });
  if (store === 'postgres') return openReadModel({ kind: 'postgres', url: location });
  const dir = process.env.PGLITE;
  if (!dir) throw new Error('PGLITE must name an installed @electric-sql/pglite package directory');
  const { PGlite } = createRequire(__filename)(dir) as { PGlite: { create(dataDir: string): Promise<PGliteDb> } };
  const db = new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool: pglitePool(await PGlite.create(location)) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
  return db;
}

async function bulkLoad(db: ReadModel, from: number, to: number) {
  const chunk = 200;
  for (let start = from; start < to; start += chunk) {
    const projections: Projection[] = [];
    for (let n = start; n < Math.min(to, start + chunk); n++) projections.push(...ninePartyCase(shape(n)));
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('projection_version').values(projections.map((p) => ({ workflowId: p.workflowId, version: p.version }))).execute();
      const cases = projections.flatMap((p) => (p.case ? [{ ...p.case, nextDeadline: p.case.nextDeadline ?? null, workflowId: p.workflowId, search: searchText(p.case.dnr, p.case.title) }] : []));
      await tx.insertInto('case_row').values(cases).execute();
      const tracks = projections.flatMap((p) => (p.track ? [{ ...p.track, overdueSince: p.track.overdueSince ?? null, nextDeadline: p.track.nextDeadline ?? null, workflowId: p.workflowId }] : []));
      await tx.insertInto('track_row').values(tracks).execute();
      const deliveries = projections.flatMap((p) => p.deliveries.map((d) => ({ ...d, party: d.party ?? null, workflowId: p.workflowId })));
      for (let i = 0; i < deliveries.length; i += 2000) await tx.insertInto('delivery_row').values(deliveries.slice(i, i + 2000)).execute();
      const deadlines = projections.flatMap((p) => p.deadlines.map((d) => ({ ...d, party: d.party ?? null, workflowId: p.workflowId })));
      for (let i = 0; i < deadlines.length; i += 2000) await tx.insertInto('deadline_row').values(deadlines.slice(i, i + 2000)).execute();
    });
  }
}

/** A realistic mix: every 7th case has two overdue parties, every 5th three parties done, a few completed. */
function shape(n: number) {
  return {
    n: n + 1,
    overdue: n % 7 === 0 ? [1, 4] : [],
    final: n % 5 === 0 ? [0, 2, 3] : n % 50 === 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8] : [],
    stage: n % 50 === 0 ? 'completed' as const : 'rsr-decided' as const,
  };
}

async function runStore(store: StoreName, cases: number, sample: number) {
  const rssBefore = process.memoryUsage().rss;
  let pg: TestPostgres | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `arende-bench-${store}-`));
  try {
    let location = path.join(tmp, store === 'sqlite' ? 'readmodel.sqlite' : 'readmodel');
    if (store === 'postgres') {
      const bin = postgresBin();
      if (!bin) throw new Error('PostgreSQL binaries not found');
      pg = await startPostgres(bin);
      location = pg.url;
    }
    const [coldCreateMs, first] = await time(() => open(store, location));
    await first.destroy();
    const [coldReopenMs, db] = await time(() => open(store, location));

    const writes: number[] = [];
    for (let n = 0; n < sample; n++) {
      const projections = ninePartyCase(shape(n));
      const [ms] = await time(async () => { for (const p of projections) await applyProjection(db, p); });
      writes.push(ms);
    }
    // The steady state: a newer version of a case already there (replaces rows and sets).
    const updates: number[] = [];
    for (let n = 0; n < sample; n++) {
      const projections = ninePartyCase({ ...shape(n), version: 2, overdue: [0] });
      const [ms] = await time(async () => { for (const p of projections) await applyProjection(db, p); });
      updates.push(ms);
    }
    const [bulkMs] = await time(() => bulkLoad(db, sample, cases));
    await sql`analyze`.execute(db);

    const page = { limit: 50, offset: 0 };
    const queries: Record<string, () => Promise<unknown>> = {
      'cases, first page': () => listCases(db, {}, page),
      'cases, page 100': () => listCases(db, {}, { limit: 50, offset: 5000 }),
      'cases, overdue + party': () => listCases(db, { overdue: true, party: 'krokom' as PartyId }, page),
      'cases, text search': () => listCases(db, { text: 'nummer 4711 ' }, page),
      'cases, deadline before': () => listCases(db, { deadlineBefore: '2026-04-01' as never }, page),
      'outstanding, all': () => outstandingTracks(db, {}),
      'outstanding, overdue': () => outstandingTracks(db, { overdue: true }),
      'per-party tracks': () => partyTracks(db, 'ostersund' as PartyId),
      'CSV (all rows)': () => balanceRows(db),
      'overview counts': () => overviewCounts(db),
    };
    const results: Record<string, { p50: number; p95: number; rows: number }> = {};
    for (const [name, query] of Object.entries(queries)) {
      const heavy = name.startsWith('CSV') || name === 'outstanding, all';
      const runs = heavy ? 10 : 40;
      await query();
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const [ms, result] = await time(query);
        times.push(ms);
        rows = Array.isArray(result) ? result.length : (result as { rows?: unknown[]; cases?: unknown[] }).rows?.length ?? (result as { cases?: unknown[] }).cases?.length ?? 1;
      }
      results[name] = { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), rows };
    }
    const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    await db.destroy();
    return {
      store, cases, tracks: cases * 9,
      coldCreateMs: round(coldCreateMs), coldReopenMs: round(coldReopenMs),
      applyCaseMs: { p50: round(percentile(writes, 50)), p95: round(percentile(writes, 95)) },
      updateCaseMs: { p50: round(percentile(updates, 50)), p95: round(percentile(updates, 95)) },
      bulkLoadMs: Math.round(bulkMs),
      queries: results,
      rssBeforeMiB: Math.round(rssBefore / 2 ** 20), rssMiB,
      diskMiB: store === 'postgres' ? undefined : Math.round(dirSize(tmp) / 2 ** 20),
    };
  } finally {
    await pg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const cases = Number(arg('cases', '10000'));
  const sample = Number(arg('sample', '300'));
  const child = arg('child', '');
  if (child) {
    process.stdout.write(`${JSON.stringify(await runStore(child as StoreName, cases, sample))}\n`);
    return;
  }
  const stores = arg('stores', 'sqlite,pglite,postgres').split(',') as StoreName[];
  const all = [];
  for (const store of stores) {
    process.stderr.write(`[bench] ${store}: ${cases} cases …\n`);
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', store, '--cases', String(cases), '--sample', String(sample)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (run.status !== 0) { process.stderr.write(`[bench] ${store} failed (${run.status})\n`); continue; }
    all.push(JSON.parse(run.stdout.trim().split('\n').pop()!));
  }
  const out = path.resolve(arg('out', path.join(__dirname, '..', '..', 'bench-results', `read-model-store-${cases}.json`)));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ when: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results: all }, null, 2)}\n`);
  process.stderr.write(`[bench] written to ${path.relative(process.cwd(), out)}\n`);
  console.log(JSON.stringify(all, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
