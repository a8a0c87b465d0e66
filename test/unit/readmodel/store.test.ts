// The read model's store (issue 13): migrations, the version guard, whole-set replacement, and every
// list filter, run against the embedded store (a SQLite file) and PostgreSQL (a throw-away cluster;
// skipped, with a note, only when the server binaries are not installed).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { migrationProvider } from '../../../readmodel/migrations';
import type { Projection } from '../../../domain/read-model';
import type { PartyId } from '../../../domain/parties';
import { applyProjection } from '../../../readmodel/apply';
import { openReadModel, type ReadModel, type ReadModelStore } from '../../../readmodel/open';
import { balanceRows, casesAfter, caseTracks, listCases, storedCaseStatus, outstandingTotal, outstandingTracks, overviewCounts, partyCounts, partyTracks, trackStatuses, type CaseKey } from '../../../readmodel/queries';
import { applyCaseEvent, checkCaseEvent, initialCaseState } from '../../../domain/case-rules';
import { isoDate } from '../../../domain/dates';
import { trackWorkflowId, workflowIdForDnr } from '../../../domain/dnr';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import { caseProjection, trackProjection } from '../../../domain/projection';
import { applyTrackEvent, checkTrackEvent, initialTrackState } from '../../../domain/track-rules';
import { demoCase, registry } from '../../workflow/support';
import { NINE_PARTIES, dnrOf, ninePartyCase, readModelStores } from '../../helpers/read-model';
import { STACK_STOP_TIMEOUT_MS } from '../../helpers/teardown';

jest.setTimeout(120_000);


const party = (p: string) => p as PartyId;
const date = (d: string) => d as Projection['deadlines'][number]['date'];


/** Every migration the code has, in the order they apply. */
let MIGRATION_NAMES: string[] = [];
beforeAll(async () => {
  MIGRATION_NAMES = Object.keys(await migrationProvider.getMigrations()).sort();
});

const STORES = readModelStores('the read-model store');

describe.each(STORES.map((s) => [s.name, s] as const))('read-model store: %s', (_name, store) => {
  const maybe = store.skip ? describe.skip : describe;
  maybe('', () => {
    let config: ReadModelStore;
    let db: ReadModel;

    beforeAll(async () => {
      config = await store.setup();
      db = await openReadModel(config);
    });
    afterAll(async () => {
      try { await db?.destroy(); } finally { await store.teardown(); }
    }, STACK_STOP_TIMEOUT_MS);
    const TABLES = ['projection_version', 'case_row', 'case_status', 'track_row', 'track_status', 'delivery_row', 'deadline_row'] as const;
    const empty = async (tables: ReadonlyArray<(typeof TABLES)[number]> = TABLES) => {
      for (const table of tables) await db.deleteFrom(table).execute();
    };
    beforeEach(() => empty());

    const applyAll = async (projections: Projection[]) => {
      for (const p of projections) await applyProjection(db, p);
    };

    describe('migrations', () => {
      it('creates every table on a fresh store and records the migration once', async () => {
        const tables = await db.introspection.getTables();
        expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES]));
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
        expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
      });

      it('a store from an older version gets the newer migrations at its next open, its rows kept', async () => {
        await applyAll(ninePartyCase({ n: 2, overdue: [1] }));
        await new Migrator({ db, provider: migrationProvider }).migrateTo('0001-initial');
        expect((await db.introspection.getTables()).find((t) => t.name === 'track_row')).toBeDefined();
        await db.destroy();
        db = await openReadModel(config);
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
        expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
        expect((await outstandingTracks(db, { overdue: true })).map((t) => t.party)).toEqual([NINE_PARTIES[1][0]]);
        await empty();
      });

      it('is idempotent on restart: reopening keeps the rows and applies nothing again', async () => {
        await applyAll(ninePartyCase({ n: 1 }));
        await db.destroy();
        db = await openReadModel(config);
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
        expect(applied.rows).toHaveLength(MIGRATION_NAMES.length);
        expect((await listCases(db, {}, { limit: 10, offset: 0 })).total).toBe(1);
      });
    });

    it('several processes opening a fresh store at once: each migration applies once, all open', async () => {
      const fresh: ReadModelStore = config.kind === 'embedded' ? { kind: 'embedded', file: path.join(path.dirname(config.file), 'race.sqlite') } : { ...config };
      if (fresh.kind === 'postgres') {
        // A fresh database on the same server.
        await sql`create database race`.execute(db);
        fresh.url = fresh.url.replace(/\/readmodel$/, '/race');
      }
      // Loaded first, then all three start at the same instant: the migrations really race.
      const goAt = Date.now() + 4000;
      const opener = `const { openReadModel } = require(${JSON.stringify(path.resolve(__dirname, '../../../readmodel/open'))});
        require('better-sqlite3'); require('pg');
        setTimeout(() => openReadModel(${JSON.stringify(fresh)}).then((db) => db.destroy()).then(() => console.log('opened'), (e) => { console.error(e); process.exit(1); }), ${goAt} - Date.now());`;
      const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
      const runs = await Promise.all([0, 1, 2].map(() => new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(tsx, ['-e', opener], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (c) => { out += c; });
        child.stderr.on('data', (c) => { out += c; });
        child.on('exit', (code) => resolve({ code, out }));
      })));
      expect(runs).toEqual([0, 1, 2].map(() => ({ code: 0, out: expect.stringContaining('opened') })));
      const raced = await openReadModel(fresh);
      try {
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(raced);
        expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
      } finally {
        await raced.destroy();
      }
    });

    it('a second connection (another process: an HTTP server) reads what the writer just applied', async () => {
      const reader = await openReadModel(config);
      try {
        expect((await listCases(reader, {}, { limit: 10, offset: 0 })).total).toBe(0);
        await applyAll(ninePartyCase({ n: 11 }));
        expect(await listCases(reader, {}, { limit: 10, offset: 0 })).toMatchObject({ total: 1, rows: [{ dnr: dnrOf(11), open: true }] });
        await applyProjection(db, ninePartyCase({ n: 11, version: 2, final: [0, 1, 2, 3, 4, 5, 6, 7, 8] })[0]!);
        expect((await listCases(reader, {}, { limit: 10, offset: 0 })).rows[0]).toMatchObject({ open: false });
      } finally {
        await reader.destroy();
      }
    });

    describe('applyProjection: the version guard', () => {
      it('a newer version wins; an older or equal one is ignored and reports so', async () => {
        const v2 = ninePartyCase({ n: 7, version: 2, stage: 'justerat', title: 'Version två' })[0]!;
        const v1 = ninePartyCase({ n: 7, version: 1, stage: 'rsr-decided', title: 'Version ett' })[0]!;
        const v2again = ninePartyCase({ n: 7, version: 2, stage: 'anslag', title: 'Samma version, annan rad' })[0]!;
        const v3 = ninePartyCase({ n: 7, version: 3, stage: 'completed', title: 'Version tre' })[0]!;
        expect(await applyProjection(db, v2)).toBe(true);
        expect(await applyProjection(db, v1)).toBe(false);
        expect(await applyProjection(db, v2again)).toBe(false);
        let { rows } = await listCases(db, {}, { limit: 10, offset: 0 });
        expect(rows.map((r) => [r.title, r.stage])).toEqual([['Version två', 'justerat']]);
        expect(await applyProjection(db, v3)).toBe(true);
        ({ rows } = await listCases(db, {}, { limit: 10, offset: 0 }));
        expect(rows.map((r) => [r.title, r.stage])).toEqual([['Version tre', 'completed']]);
      });

      it('replaying a shuffled history of versions leaves the newest row, whatever the order', async () => {
        const versions = [1, 2, 3, 4, 5].map((v) => ninePartyCase({ n: 3, version: v, title: `Version ${v}`, overdue: v >= 4 ? [0] : [] })[1]!);
        for (const order of [[4, 0, 2, 1, 3], [0, 1, 2, 3, 4, 0, 1], [2, 4, 3, 1, 0, 4]]) {
          await empty(['projection_version', 'track_row']);
          await applyAll(ninePartyCase({ n: 3 }).slice(0, 1));
          for (const i of order) await applyProjection(db, versions[i]!);
          const tracks = await outstandingTracks(db, {});
          expect(tracks.map((t) => [t.party, t.overdueSince])).toEqual([['region', expect.any(String)]]);
        }
      });

      it('clears optional fields a newer row no longer has (NULL, not the old value)', async () => {
        await applyProjection(db, ninePartyCase({ n: 2, version: 1, overdue: [1] })[2]!);
        expect((await outstandingTracks(db, { overdue: true })).map((t) => t.party)).toEqual(['krokom']);
        await applyProjection(db, ninePartyCase({ n: 2, version: 2 })[2]!);
        expect(await outstandingTracks(db, { overdue: true })).toEqual([]);
      });

      it('replaces the deliveries and deadlines sets at the same guard', async () => {
        const v1 = ninePartyCase({ n: 5, version: 1 })[0]!;
        await applyProjection(db, v1!);
        const count = async (table: 'delivery_row' | 'deadline_row') => (await db.selectFrom(table).select(['dnr']).where('workflowId', '=', v1!.workflowId).execute()).length;
        expect([await count('delivery_row'), await count('deadline_row')]).toEqual([9, 1]);

        const v2: Projection = { ...v1!, version: 2, deliveries: v1!.deliveries.slice(0, 2), deadlines: [] };
        expect(await applyProjection(db, v2)).toBe(true);
        expect([await count('delivery_row'), await count('deadline_row')]).toEqual([2, 0]);

        // An older set arriving late changes nothing.
        expect(await applyProjection(db, { ...v1!, version: 1 })).toBe(false);
        expect([await count('delivery_row'), await count('deadline_row')]).toEqual([2, 0]);

        const v3: Projection = { ...v1!, version: 3, deliveries: [{ ...v1!.deliveries[0]!, status: 'failed', attempts: 3 }], deadlines: [{ dnr: v1!.case!.dnr, kind: 'laga-kraft', date: date('2026-09-01') }] };
        expect(await applyProjection(db, v3)).toBe(true);
        const rows = await db.selectFrom('delivery_row').selectAll().where('workflowId', '=', v1!.workflowId).execute();
        expect(rows.map((r) => [r.status, r.attempts])).toEqual([['failed', 3]]);
        const deadlines = await db.selectFrom('deadline_row').selectAll().where('workflowId', '=', v1!.workflowId).execute();
        expect(deadlines.map((d) => [d.kind, d.date, d.party])).toEqual([['laga-kraft', '2026-09-01', null]]);
      });

      it('rolls the whole projection back when one row fails (no guard bump without rows)', async () => {
        const v1 = ninePartyCase({ n: 6, version: 1 })[0]!;
        const dup = v1!.deliveries[0]!;
        // Refused by the store (a duplicate key); whatever the driver rejects with, nothing may be applied.
        const outcome = await applyProjection(db, { ...v1!, deliveries: [dup, dup] }).then((applied) => ({ applied }), (reason: unknown) => ({ refused: reason }));
        expect(outcome).toEqual({ refused: expect.anything() });
        expect(await db.selectFrom('projection_version').selectAll().execute()).toEqual([]);
        expect(await applyProjection(db, v1!)).toBe(true);
      });
    });

    describe('the projections the workflows build (domain/projection.ts)', () => {
      const ev = (input: Record<string, unknown>) => parseOrThrow(HumanEvent, input);
      const NOW = '2026-03-11T09:30:00.000Z';

      it('RS/62/2026 and its Krokom track, applied in versions: the list shows the newest', async () => {
        const registration = structuredClone(demoCase('RS-62-2026.json').registration);
        const state = initialCaseState(registration);
        const stamp = (version: number) => ({ workflowId: workflowIdForDnr(registration.dnr), version, now: NOW });
        for (const event of [ev({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Delta i det aktörsgemensamma arbetet'] })]) {
          checkCaseEvent(state, event);
          applyCaseEvent(state, event);
        }
        state.tracks = state.recommendation.huvudman.map((id) => ({ party: id, name: registry.getOrThrow(id).name, state: 'requested' as const, overdue: false }));
        const v1 = caseProjection(state, [], stamp(1));
        const justering = ev({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' });
        checkCaseEvent(state, justering);
        applyCaseEvent(state, justering);
        const v2 = caseProjection(state, [], stamp(2));
        expect(v2.case!.stage).not.toBe(v1.case!.stage);

        expect(await applyProjection(db, v2)).toBe(true);
        expect(await applyProjection(db, v1)).toBe(false);
        const { rows } = await listCases(db, { text: registration.dnr }, { limit: 10, offset: 0 });
        expect(rows).toMatchObject([{ dnr: registration.dnr, stage: v2.case!.stage, partiesAsked: 9 }]);

        const party = registry.getOrThrow('krokom');
        const track = initialTrackState({ dnr: registration.dnr, party: { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator }, senast: isoDate('2026-04-30'), reminders: [10, 3], rsrMeetingDate: isoDate('2026-01-26'), today: isoDate('2026-02-03') });
        const trackStamp = (version: number) => ({ workflowId: trackWorkflowId(registration.dnr, party.id), version, now: NOW, partyName: party.name, organ: 'Kommunstyrelsen' });
        expect(await applyProjection(db, trackProjection(track, [], trackStamp(1)))).toBe(true);
        expect((await outstandingTracks(db, { party: party.id })).map((t) => [t.dnr, t.state, t.nextDeadline])).toEqual([[registration.dnr, 'requested', '2026-04-30']]);
        const decided = ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall' });
        checkTrackEvent(track, decided);
        applyTrackEvent(track, decided, NOW);
        expect(await applyProjection(db, trackProjection(track, [], trackStamp(2)))).toBe(true);
        expect((await partyTracks(db, party.id)).map((t) => [t.state, t.title])).toEqual([['decided', registration.title]]);
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await applyAll(ninePartyCase({ n: 1, title: 'Hjälpmedel för barn', senast: '2026-03-01' }));
        await applyAll(ninePartyCase({ n: 2, title: 'Gemensam nämnd för IT i Östersund', overdue: [1, 2], senast: '2026-02-10', stage: 'justerat' }));
        await applyAll(ninePartyCase({ n: 3, title: 'Avtal om 100% kollektivtrafik', final: [0, 1, 2, 3, 4, 5, 6, 7, 8], stage: 'completed' }));
        // A case that asked only two parties (its other tracks never started).
        const small = ninePartyCase({ n: 4, title: 'Regional utvecklingsstrategi', overdue: [0], senast: '2026-01-20' }).slice(0, 3);
        await applyAll(small);
      });

      const all = { limit: 100, offset: 0 };
      const dnrs = async (filter: Parameters<typeof listCases>[1], page = all) => (await listCases(db, filter, page)).rows.map((r) => r.dnr);

      it('lists every case newest meeting first, with the total', async () => {
        const result = await listCases(db, {}, all);
        expect(result.total).toBe(4);
        expect(result.rows.map((r) => r.dnr)).toEqual([4, 3, 2, 1].map(dnrOf));
        expect(result.rows[0]).toMatchObject({ open: true, partiesAsked: 9, nextDeadline: '2026-01-20' });
        expect(result.rows.find((r) => r.dnr === dnrOf(3))).toMatchObject({ open: false, nextDeadline: null });
      });

      it('pages in a stable order: the total counts every match, pages neither skip nor repeat', async () => {
        const first = await listCases(db, {}, { limit: 3, offset: 0 });
        const second = await listCases(db, {}, { limit: 3, offset: 3 });
        expect([first.total, second.total]).toEqual([4, 4]);
        expect([...first.rows, ...second.rows].map((r) => r.dnr)).toEqual([4, 3, 2, 1].map(dnrOf));
        expect(await listCases(db, { overdue: true }, { limit: 1, offset: 1 })).toMatchObject({ total: 2, rows: [{ dnr: dnrOf(2) }] });
      });

      it('filters by stage', async () => {
        expect(await dnrs({ stage: 'justerat' })).toEqual([dnrOf(2)]);
        expect(await dnrs({ stage: 'anslag' })).toEqual([]);
      });

      it('filters by party (cases that asked it)', async () => {
        expect(await dnrs({ party: party('krokom') })).toEqual([4, 3, 2, 1].map(dnrOf));
        expect(await dnrs({ party: party('stromsund') })).toEqual([3, 2, 1].map(dnrOf));
      });

      it('filters by overdue, both ways', async () => {
        expect(await dnrs({ overdue: true })).toEqual([4, 2].map(dnrOf));
        expect(await dnrs({ overdue: false })).toEqual([3, 1].map(dnrOf));
      });

      it('filters by next deadline before a date (exclusive; no deadline never matches)', async () => {
        expect(await dnrs({ deadlineBefore: date('2026-02-10') })).toEqual([dnrOf(4)]);
        expect(await dnrs({ deadlineBefore: date('2026-02-11') })).toEqual([4, 2].map(dnrOf));
        expect(await dnrs({ deadlineBefore: date('2099-01-01') })).toEqual([4, 2, 1].map(dnrOf));
      });

      it('searches the Dnr and the title, case-insensitively, wildcards literal', async () => {
        expect(await dnrs({ text: 'nämnd' })).toEqual([dnrOf(2)]);
        expect(await dnrs({ text: 'HJÄLPMEDEL' })).toEqual([dnrOf(1)]);
        // Non-ASCII capitals fold whatever the database's locale (the test cluster runs in C).
        expect(await dnrs({ text: 'östersund' })).toEqual([dnrOf(2)]);
        expect(await dnrs({ text: 'it i ÖST' })).toEqual([dnrOf(2)]);
        expect(await dnrs({ text: 'rs/3/' })).toEqual([dnrOf(3)]);
        expect(await dnrs({ text: '100%' })).toEqual([dnrOf(3)]);
        expect(await dnrs({ text: '%' })).toEqual([dnrOf(3)]);
        expect(await dnrs({ text: '_' })).toEqual([]);
        // Dnr and title are searched apart: a match never spans from one into the other.
        expect(await dnrs({ text: '2026 gemensam' })).toEqual([]);
      });

      it('combines filters', async () => {
        expect(await dnrs({ overdue: true, party: party('stromsund') })).toEqual([dnrOf(2)]);
        expect(await dnrs({ overdue: true, text: 'strategi' })).toEqual([dnrOf(4)]);
        expect(await dnrs({ stage: 'rsr-decided', deadlineBefore: date('2026-02-01') })).toEqual([dnrOf(4)]);
      });

      it('outstanding tracks: not final, nearest deadline first, by overdue and party', async () => {
        const tracks = await outstandingTracks(db, {});
        expect(tracks).toHaveLength(2 + 9 + 9);
        expect(tracks.every((t) => !t.final)).toBe(true);
        const deadlines = tracks.map((t) => t.nextDeadline);
        expect(deadlines).toEqual([...deadlines].sort());
        expect(tracks.slice(0, 2).map((t) => [t.dnr, t.party])).toEqual([[dnrOf(4), 'krokom'], [dnrOf(4), 'region']]);
        expect((await outstandingTracks(db, { overdue: true })).map((t) => `${t.dnr} ${t.party}`)).toEqual([`${dnrOf(4)} region`, `${dnrOf(2)} krokom`, `${dnrOf(2)} ostersund`]);
        expect(await outstandingTracks(db, { overdue: false })).toHaveLength(20 - 3);
        expect((await outstandingTracks(db, { party: party('krokom') })).map((t) => t.dnr)).toEqual([4, 2, 1].map(dnrOf));
        expect((await outstandingTracks(db, { party: party('krokom'), overdue: true })).map((t) => t.dnr)).toEqual([dnrOf(2)]);
        expect((await outstandingTracks(db, {}, { limit: 2, offset: 1 })).map((t) => t.party)).toEqual(tracks.slice(1, 3).map((t) => t.party));
      });

      it('the outstanding total counts what outstandingTracks lists, for every filter', async () => {
        for (const filter of [{}, { overdue: true }, { overdue: false }, { party: party('krokom') }, { party: party('krokom'), overdue: true }, { party: party('okand') }]) {
          expect({ filter, total: await outstandingTotal(db, filter) }).toEqual({ filter, total: (await outstandingTracks(db, filter)).length });
        }
        expect(await outstandingTotal(db, {})).toBe(20);
      });

      it("a case's track status documents, by party, in one read; the newest version's", async () => {
        const status = (p: string, state: string, version: number) => ({ party: p, state, partyName: `${p} v${version}` }) as never;
        const [, region, krokom] = ninePartyCase({ n: 1, version: 5 });
        await applyProjection(db, { ...region!, trackStatus: status('region', 'requested', 5) });
        await applyProjection(db, { ...krokom!, trackStatus: status('krokom', 'overdue', 5) });
        await applyProjection(db, { ...krokom!, version: 4, trackStatus: status('krokom', 'requested', 4) });
        const documents = await trackStatuses(db, dnrOf(1));
        expect([...documents.keys()].sort()).toEqual(['krokom', 'region']);
        expect(documents.get('krokom')).toEqual({ party: 'krokom', state: 'overdue', partyName: 'krokom v5' });
        expect((await trackStatuses(db, dnrOf(2))).size).toBe(0);
      });

      it("a case's status document: the newest version's; none for a case that has not projected one", async () => {
        const document = (title: string) => ({ dnr: dnrOf(1), title, tracks: [{ party: 'region', name: 'Region' }] }) as never;
        const [caseRows] = ninePartyCase({ n: 1, version: 5 });
        await applyProjection(db, { ...caseRows!, caseStatus: document('v5') });
        await applyProjection(db, { ...caseRows!, version: 4, caseStatus: document('v4') });
        expect(await storedCaseStatus(db, dnrOf(1))).toEqual({ dnr: dnrOf(1), title: 'v5', tracks: [{ party: 'region', name: 'Region' }] });
        await applyProjection(db, { ...caseRows!, version: 6, caseStatus: document('v6') });
        expect(await storedCaseStatus(db, dnrOf(1))).toMatchObject({ title: 'v6' });
        expect(await storedCaseStatus(db, dnrOf(2))).toBeUndefined();
      });

      it('per-party tracks: open first, with the case title and stage', async () => {
        const tracks = await partyTracks(db, party('region'));
        expect(tracks.map((t) => [t.dnr, t.final, t.title])).toEqual([
          [dnrOf(4), false, 'Regional utvecklingsstrategi'],
          [dnrOf(2), false, 'Gemensam nämnd för IT i Östersund'],
          [dnrOf(1), false, 'Hjälpmedel för barn'],
          [dnrOf(3), true, 'Avtal om 100% kollektivtrafik'],
        ]);
        expect(await partyTracks(db, party('stromsund'))).toHaveLength(3);
        expect(await partyTracks(db, party('okand'))).toEqual([]);
      });

      it('the CSV rows: every case and every track', async () => {
        const { cases, tracks } = await balanceRows(db);
        expect(cases.map((c) => c.dnr)).toEqual([4, 3, 2, 1].map(dnrOf));
        expect(tracks).toHaveLength(2 + 9 + 9 + 9);
        expect(tracks[0]).toMatchObject({ dnr: dnrOf(1), party: 'are' });
      });

      it('the overview counts', async () => {
        expect(await overviewCounts(db)).toEqual({ openCases: 3, overdueCases: 2, outstandingTracks: 20, overdueTracks: 3 });
      });

      it('filters by open, and by a party whose track is not final yet', async () => {
        expect(await dnrs({ open: true })).toEqual([4, 2, 1].map(dnrOf));
        expect(await dnrs({ open: false })).toEqual([dnrOf(3)]);
        // RS/3 asked Krokom too, but Krokom's track there is final.
        expect(await dnrs({ waitingFor: party('krokom') })).toEqual([4, 2, 1].map(dnrOf));
        await applyProjection(db, ninePartyCase({ n: 1, version: 2, final: [1] })[2]!);
        expect(await dnrs({ waitingFor: party('krokom') })).toEqual([4, 2].map(dnrOf));
        expect(await dnrs({ waitingFor: party('stromsund') })).toEqual([2, 1].map(dnrOf));
        expect(await dnrs({ waitingFor: party('stromsund'), open: true, overdue: true })).toEqual([dnrOf(2)]);
      });

      it('keyset pages (casesAfter): in listCases order, each chunk after the last key, the same filter', async () => {
        // 310 and 610 meet on RS/10's day (the fixture's meeting day is n mod 300): ties on the key's first half.
        for (const n of [...Array.from({ length: 30 }, (_, i) => 10 + i), 310, 610]) await applyAll(ninePartyCase({ n, title: n % 3 ? `Vanligt ärende ${n}` : `Särskilt ärende ${n}` }).slice(0, 1));
        for (const filter of [{}, { open: true }, { text: 'särskilt' }]) {
          const expected = (await listCases(db, filter, { limit: 1000, offset: 0 })).rows.map((r) => r.dnr);
          for (const size of [1, 7]) {
            const read: string[] = [];
            let after: CaseKey | undefined;
            for (let chunk = await casesAfter(db, filter, after, size); chunk.length; chunk = await casesAfter(db, filter, after, size)) {
              read.push(...chunk.map((c) => c.dnr));
              after = chunk[chunk.length - 1]!;
            }
            expect(read).toEqual(expected);
          }
        }
        const all = (await listCases(db, {}, { limit: 1000, offset: 0 })).rows.map((r) => r.dnr);
        expect(all).toHaveLength(4 + 32);
        expect(all.slice(all.indexOf(dnrOf(10)), all.indexOf(dnrOf(10)) + 3)).toEqual([10, 310, 610].map(dnrOf));
        expect((await casesAfter(db, {}, { rsrMeetingDate: date('2026-01-15'), dnr: dnrOf(310) }, 2)).map((c) => c.dnr)).toEqual([dnrOf(610), all[all.indexOf(dnrOf(610)) + 1]]);
      });

      it("the tracks of some cases, in one query, by Dnr and party; one party's only", async () => {
        const tracks = await caseTracks(db, [dnrOf(4), dnrOf(2)]);
        expect(tracks.map((t) => `${t.dnr} ${t.party}`)).toEqual([
          ...['are', 'berg', 'bracke', 'harjedalen', 'krokom', 'ostersund', 'ragunda', 'region', 'stromsund'].map((p) => `${dnrOf(2)} ${p}`),
          ...['krokom', 'region'].map((p) => `${dnrOf(4)} ${p}`),
        ]);
        expect(tracks.find((t) => t.dnr === dnrOf(4) && t.party === 'region')).toMatchObject({ state: 'overdue', final: false, nextDeadline: '2026-01-20' });
        expect((await caseTracks(db, [dnrOf(4), dnrOf(3), dnrOf(99)], { party: party('krokom') })).map((t) => [t.dnr, t.final])).toEqual([[dnrOf(3), true], [dnrOf(4), false]]);
        expect(await caseTracks(db, [])).toEqual([]);
      });

      it("a party's outstanding tracks: awaiting its decision or after it, nearest deadline first, paged", async () => {
        await applyProjection(db, { ...ninePartyCase({ n: 1, version: 2 })[2]!, track: { ...ninePartyCase({ n: 1 })[2]!.track!, state: 'decided', detail: 'decided', nextDeadline: undefined } });
        const decision = await partyTracks(db, party('krokom'), { outstanding: 'decision' });
        expect(decision.map((t) => [t.dnr, t.state, t.title])).toEqual([
          [dnrOf(4), 'requested', 'Regional utvecklingsstrategi'],
          [dnrOf(2), 'overdue', 'Gemensam nämnd för IT i Östersund'],
        ]);
        expect((await partyTracks(db, party('krokom'), { outstanding: 'after-decision' })).map((t) => [t.dnr, t.state])).toEqual([[dnrOf(1), 'decided']]);
        expect((await partyTracks(db, party('krokom'), { outstanding: 'decision', page: { limit: 1, offset: 1 } })).map((t) => t.dnr)).toEqual([dnrOf(2)]);
        expect(await partyTracks(db, party('okand'), { outstanding: 'decision' })).toEqual([]);
      });

      it('counts per party in one grouped query: to decide, overdue, after the decision', async () => {
        await applyProjection(db, { ...ninePartyCase({ n: 1, version: 2 })[2]!, track: { ...ninePartyCase({ n: 1 })[2]!.track!, state: 'anslag', detail: 'anslag' } });
        const counts = await partyCounts(db);
        expect(counts.get('krokom')).toEqual({ toDecide: 2, overdue: 1, afterDecision: 1 });
        expect(counts.get('region')).toEqual({ toDecide: 3, overdue: 1, afterDecision: 0 });
        expect(counts.get('stromsund')).toEqual({ toDecide: 2, overdue: 0, afterDecision: 0 });
        expect([...counts.keys()].sort()).toEqual(['are', 'berg', 'bracke', 'harjedalen', 'krokom', 'ostersund', 'ragunda', 'region', 'stromsund']);
        expect([...(await partyCounts(db, party('krokom'))).entries()]).toEqual([['krokom', { toDecide: 2, overdue: 1, afterDecision: 1 }]]);
        expect((await partyCounts(db, party('okand'))).size).toBe(0);
      });
    });
  });
});
