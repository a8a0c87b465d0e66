// Read-model fixtures (issue 13): projections of 9-party cases as the workflows will send them, and
// a throw-away PostgreSQL server for running the store tests against the production store too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Dnr } from '../../domain/dnr';
import { Projection } from '../../domain/read-model';
import { searchText } from '../../readmodel/apply';
import type { ReadModel, ReadModelStore } from '../../readmodel/open';
import type { CaseTable, TrackTable } from '../../readmodel/schema';
import { stopWhenDone } from './teardown';

export const NINE_PARTIES = [
  ['region', 'Region Jämtland Härjedalen', 'Regionstyrelsen'],
  ['krokom', 'Krokoms kommun', 'Kommunstyrelsen'],
  ['ostersund', 'Östersunds kommun', 'Kommunstyrelsen'],
  ['are', 'Åre kommun', 'Kommunstyrelsen'],
  ['berg', 'Bergs kommun', 'Kommunstyrelsen'],
  ['bracke', 'Bräcke kommun', 'Kommunstyrelsen'],
  ['harjedalen', 'Härjedalens kommun', 'Kommunstyrelsen'],
  ['ragunda', 'Ragunda kommun', 'Kommunstyrelsen'],
  ['stromsund', 'Strömsunds kommun', 'Kommunstyrelsen'],
] as const;

export interface CaseShape {
  /** Case number i gives Dnr RS/<i>/2026. */
  n: number;
  version?: number;
  title?: string;
  stage?: 'rsr-decided' | 'justerat' | 'anslag' | 'completed';
  /** Parties (index into NINE_PARTIES) whose track is overdue. */
  overdue?: number[];
  /** Parties whose track is final (laga kraft). */
  final?: number[];
  senast?: string;
}

const day = (base: string, plus: number) => new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

export const dnrOf = (n: number) => `RS/${n}/2026` as Dnr;

/** The case workflow's projection and its nine track workflows' projections. */
export function ninePartyCase(shape: CaseShape): Projection[] {
  const dnr = dnrOf(shape.n);
  const version = shape.version ?? 1;
  const meeting = day('2026-01-05', shape.n % 300);
  const senast = shape.senast ?? day(meeting, 60);
  const overdue = new Set(shape.overdue ?? []);
  const final = new Set(shape.final ?? []);
  const updatedAt = `${meeting}T10:00:00.000Z`;
  const open = NINE_PARTIES.length - final.size;
  const caseProjection = {
    workflowId: `case-${dnr}`,
    version,
    case: {
      dnr, title: shape.title ?? `Ärende nummer ${shape.n} om samverkan`, stage: shape.stage ?? 'rsr-decided',
      rsrMeetingDate: meeting, senast, open: open > 0, partiesAsked: NINE_PARTIES.length,
      nextDeadline: open > 0 ? senast : undefined, updatedAt,
    },
    deliveries: NINE_PARTIES.map(([party, name]) => ({
      key: `${dnr}/protokollsutdrag/${party}`, dnr, party, kind: 'protokollsutdrag', recipientLabel: name,
      status: 'sent', attempts: 1, attemptedAt: updatedAt,
    })),
    deadlines: [{ dnr, kind: 'senast', date: senast }],
  };
  const tracks = NINE_PARTIES.map(([party, partyName, organ], i) => {
    const isFinal = final.has(i);
    const isOverdue = overdue.has(i) && !isFinal;
    return {
      workflowId: `track-${dnr}-${party}`,
      version,
      track: {
        dnr, party, partyName, organ,
        state: isFinal ? 'laga-kraft' : isOverdue ? 'overdue' : 'requested',
        detail: isFinal ? 'laga-kraft' : isOverdue ? 'overdue' : 'requested',
        final: isFinal, senast, overdueSince: isOverdue ? day(senast, 1) : undefined,
        nextDeadline: isFinal ? undefined : senast, updatedAt,
      },
      deliveries: [],
      deadlines: isFinal ? [] : [{ dnr, party, kind: 'senast', date: senast }],
    };
  });
  // Parsed: a fixture that drifts from the row contract fails here, not in a query.
  return [caseProjection, ...tracks].map((p) => Projection.parse(p));
}

/** The case and track rows of these projections as the store returns them (absent optional fields are NULL). */
export function storedRows(projections: readonly Projection[]): { cases: CaseTable[]; tracks: TrackTable[] } {
  return {
    cases: projections.flatMap((p) => (p.case ? [{ ...p.case, nextDeadline: p.case.nextDeadline ?? null, workflowId: p.workflowId, search: searchText(p.case.dnr, p.case.title) }] : [])),
    tracks: projections.flatMap((p) => (p.track ? [{ ...p.track, overdueSince: p.track.overdueSince ?? null, nextDeadline: p.track.nextDeadline ?? null, workflowId: p.workflowId }] : [])),
  };
}

/**
 * Loads many fixture projections at once (multi-row INSERTs in one transaction per chunk), for
 * lists of hundreds or thousands of cases; into an empty store (no version guard: apply.ts is
 * what the store tests test). Deliveries and deadlines are not loaded (no list reads them).
 */
export async function bulkLoad(db: ReadModel, projections: readonly Projection[]): Promise<void> {
  const CHUNK = 900;
  for (let start = 0; start < projections.length; start += CHUNK) {
    const chunk = projections.slice(start, start + CHUNK);
    const { cases, tracks } = storedRows(chunk);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('projection_version').values(chunk.map((p) => ({ workflowId: p.workflowId, version: p.version }))).execute();
      // Under SQLite's 32,766 bound variables a statement.
      for (let i = 0; i < cases.length; i += 500) await tx.insertInto('case_row').values(cases.slice(i, i + 500)).execute();
      for (let i = 0; i < tracks.length; i += 500) await tx.insertInto('track_row').values(tracks.slice(i, i + 500)).execute();
    });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL server binaries' directory, if installed (`apt-get install postgresql-15`). */
export function postgresBin(): string | undefined {
  for (const dir of [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin']) {
    if (dir && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

export interface TestPostgres { url: string; stop(): Promise<void> }

/**
 * A fresh PostgreSQL cluster in a temp directory on a free 127.0.0.1 port. PostgreSQL refuses to
 * run as root, so as root it runs as the `postgres` user. Always call stop() (afterAll).
 */
export async function startPostgres(bin: string): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arende-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr}${result.stdout}`);
  };
  // Registered before the server starts (pg_ctl detaches it): stopped when the test file ends at the latest.
  const stop = stopWhenDone('PostgreSQL', async () => {
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      try { run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']); } catch { /* already gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  try {
    run('initdb', ['-D', data, '-U', 'arende', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    run('pg_ctl', ['start', '-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'arende', 'readmodel']);
    return { url: `postgres://arende@127.0.0.1:${port}/readmodel`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One store a test file runs against: set up once (what openReadModel takes), torn down after. */
export interface TestStore {
  name: string;
  /** PostgreSQL without its binaries: skipped, with a warning printed once per file. */
  skip: boolean;
  setup(): Promise<ReadModelStore>;
  teardown(): Promise<void>;
}

/**
 * Both stores, for `describe.each`: the embedded one (a SQLite file in a fresh folder named after
 * `label`) and a throw-away PostgreSQL. `.ci/run` installs PostgreSQL, so only a machine without it skips.
 */
export function readModelStores(label: string): TestStore[] {
  const bin = postgresBin();
  if (!bin) console.warn(`PostgreSQL binaries not found (apt-get install -y postgresql-15): the postgres tests of ${label} are skipped.`);
  let dir: string | undefined;
  let postgres: TestPostgres | undefined;
  return [
    {
      name: 'embedded (SQLite)',
      skip: false,
      async setup() {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `arende-${label.replace(/\W+/g, '-')}-`));
        return { kind: 'embedded', file: path.join(dir, 'readmodel.sqlite') };
      },
      async teardown() { if (dir) fs.rmSync(dir, { recursive: true, force: true }); },
    },
    {
      name: 'postgres',
      skip: !bin,
      async setup() {
        postgres = await startPostgres(bin!);
        return { kind: 'postgres', url: postgres.url };
      },
      async teardown() { await postgres?.stop(); },
    },
  ];
}
