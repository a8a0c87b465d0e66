// The lists every page, the API, the CSV and the CLI read (issue 13), over the read model's tables.
// One code path for both stores (SQLite and PostgreSQL): only SQL both speak. Every list has a total
// order (ending in the primary key), so pages never skip or repeat a row between requests.
// Never alias a computed value as `open` or `final`: on SQLite those names are read as booleans
// (readmodel/sqlite.ts).
import { sql } from 'kysely';
import type { CaseRow } from '../domain/read-model';
import type { PartyId } from '../domain/parties';
import type { TrackStatus } from '../domain/track-rules';
import type { CaseStatusDocument } from '../workflows/messages';
import type { ReadModel } from './open';
import type { CaseTable, TrackTable } from './schema';

export interface Page { limit: number; offset: number }

export interface CaseFilter {
  stage?: CaseRow['stage'];
  /** Cases that asked this party. */
  party?: PartyId;
  /** Cases with at least one party past its senast. */
  overdue?: boolean;
  /** Cases whose next deadline falls before this date (ISO date, exclusive). */
  deadlineBefore?: CaseRow['senast'];
  /** A phrase within the Dnr or within the title, case-insensitive (`%` and `_` are literal). */
  text?: string;
  /** Only open cases (true) or only closed ones (false). */
  open?: boolean;
  /** Cases in which this party's track is not final yet (the overview's "huvudman som inte är klar"). */
  waitingFor?: PartyId;
}

/** A LIKE pattern that matches `text` literally anywhere in the lower-cased search text (apply.ts). */
function contains(text: string): string {
  return `%${text.toLocaleLowerCase('sv').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The cases matching the filter (no order, no selection): what listCases and casesAfter share. */
function filteredCases(db: ReadModel, filter: CaseFilter) {
  let query = db.selectFrom('case_row');
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.open !== undefined) query = query.where('open', '=', filter.open);
  if (filter.overdue !== undefined) {
    const wanted = filter.overdue;
    // The overdue tracks' Dnr by index (track_row_state), rather than a look at every case's tracks.
    query = query.where('case_row.dnr', wanted ? 'in' : 'not in', (eb) => eb.selectFrom('track_row').select('track_row.dnr').where('track_row.state', '=', 'overdue'));
  }
  if (filter.deadlineBefore) query = query.where('nextDeadline', '<', filter.deadlineBefore);
  if (filter.party) {
    const party = filter.party;
    query = query.where(({ exists, selectFrom }) => exists(
      selectFrom('track_row').select('track_row.dnr').whereRef('track_row.dnr', '=', 'case_row.dnr').where('track_row.party', '=', party),
    ));
  }
  if (filter.waitingFor) {
    const party = filter.waitingFor;
    query = query.where(({ exists, selectFrom }) => exists(
      selectFrom('track_row').select('track_row.dnr').whereRef('track_row.dnr', '=', 'case_row.dnr')
        .where('track_row.party', '=', party).where('track_row.final', '=', false),
    ));
  }
  if (filter.text) {
    const pattern = contains(filter.text);
    // ESCAPE spelled out: PostgreSQL's default, SQLite has none.
    query = query.where(sql<boolean>`${sql.ref('search')} like ${pattern} escape '\\'`);
  }
  return query;
}

/** Open and closed cases matching the filter, newest RSR meeting first, with the total for paging. */
export async function listCases(db: ReadModel, filter: CaseFilter, page: Page): Promise<{ rows: CaseTable[]; total: number }> {
  const query = filteredCases(db, filter);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('rsrMeetingDate', 'desc').orderBy('dnr', 'asc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Where a keyset page ends: the last case read, in listCases' order. */
export type CaseKey = Pick<CaseTable, 'rsrMeetingDate' | 'dnr'>;

/**
 * The next `limit` cases matching the filter after `after` (from the first without it), in
 * listCases' order: keyset paging, so reading everything in chunks costs each chunk the same (an
 * offset would re-read every row before it) and a case changed meanwhile is neither skipped nor repeated.
 */
export async function casesAfter(db: ReadModel, filter: CaseFilter, after: CaseKey | undefined, limit: number): Promise<CaseTable[]> {
  let query = filteredCases(db, filter).selectAll();
  if (after) {
    query = query.where(({ and, eb, or }) => or([
      eb('rsrMeetingDate', '<', after.rsrMeetingDate),
      and([eb('rsrMeetingDate', '=', after.rsrMeetingDate), eb('dnr', '>', after.dnr)]),
    ]));
  }
  return query.orderBy('rsrMeetingDate', 'desc').orderBy('dnr', 'asc').limit(limit).execute();
}

export interface TrackFilter {
  party?: PartyId;
  /** Tracks overdue: past their senast without a decision (true), or not (false). */
  overdue?: boolean;
}

function outstandingQuery(db: ReadModel, filter: TrackFilter) {
  // Overdue is never final: the overdue rows alone, by index (track_row_state), not every open one.
  let query = filter.overdue ? db.selectFrom('track_row').where('state', '=', 'overdue') : db.selectFrom('track_row').where('final', '=', false);
  if (filter.party) query = query.where('party', '=', filter.party);
  if (filter.overdue === false) query = query.where('state', '<>', 'overdue');
  return query;
}

/** Tracks not yet final, the nearest deadline first (tracks waiting for nothing last). */
export async function outstandingTracks(db: ReadModel, filter: TrackFilter, page?: Page): Promise<TrackTable[]> {
  let query = outstandingQuery(db, filter).selectAll().orderBy('nextDeadline', (ob) => ob.asc().nullsLast()).orderBy('dnr').orderBy('party');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

/** How many tracks outstandingTracks lists for the filter (the total beside a page). */
export async function outstandingTotal(db: ReadModel, filter: TrackFilter): Promise<number> {
  const count = await outstandingQuery(db, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(count.n);
}

export type PartyTrack = TrackTable & { title: string; stage: CaseRow['stage'] };

/** The track states in which a huvudman still has to decide (domain/track-rules.ts awaitsDecision). */
const AWAITING_DECISION = ['requested', 'overdue'] as const;

export interface PartyTrackOptions {
  /**
   * Only the tracks not final: `decision` those awaiting the party's decision (requested, overdue),
   * `after-decision` those decided and waiting for justering, anslag or laga kraft. Either: nearest
   * deadline first (an overdue track's passed senast comes first).
   */
  outstanding?: 'decision' | 'after-decision';
  page?: Page;
}

/** One party's tracks with their case's title and stage (the per-party page); without `outstanding`: all of them, open first. */
export async function partyTracks(db: ReadModel, party: PartyId, options: PartyTrackOptions = {}): Promise<PartyTrack[]> {
  let query = db.selectFrom('track_row')
    .innerJoin('case_row', 'case_row.dnr', 'track_row.dnr')
    .selectAll('track_row')
    .select(['case_row.title', 'case_row.stage'])
    .where('track_row.party', '=', party);
  if (options.outstanding) {
    query = query.where('track_row.final', '=', false)
      .where('track_row.state', options.outstanding === 'decision' ? 'in' : 'not in', AWAITING_DECISION)
      .orderBy('track_row.nextDeadline', (ob) => ob.asc().nullsLast()).orderBy('track_row.dnr');
  } else {
    query = query.orderBy('track_row.final').orderBy('case_row.rsrMeetingDate', 'desc').orderBy('track_row.dnr');
  }
  if (options.page) query = query.limit(options.page.limit).offset(options.page.offset);
  return query.execute();
}

export interface PartyCounts {
  /** Tracks awaiting the party's decision (requested or overdue). */
  toDecide: number;
  /** Of those, overdue. */
  overdue: number;
  /** Tracks decided, not final yet (waiting for justering, anslag, laga kraft). */
  afterDecision: number;
}

/** Every party's (or one party's) outstanding tracks counted, in one grouped query (the /part pages; a party without any is absent). */
export async function partyCounts(db: ReadModel, party?: PartyId): Promise<Map<string, PartyCounts>> {
  let query = db.selectFrom('track_row').where('final', '=', false);
  if (party) query = query.where('party', '=', party);
  const rows = await query.groupBy('party')
    .select((eb) => [
      'party',
      eb.fn.count<string | number>(eb.case().when('state', 'in', AWAITING_DECISION).then(1).end()).as('toDecide'),
      eb.fn.count<string | number>(eb.case().when('state', '=', 'overdue').then(1).end()).as('overdue'),
      eb.fn.count<string | number>(eb.case().when('state', 'not in', AWAITING_DECISION).then(1).end()).as('afterDecision'),
    ])
    .execute();
  return new Map(rows.map((r) => [r.party, { toDecide: Number(r.toDecide), overdue: Number(r.overdue), afterDecision: Number(r.afterDecision) }]));
}

/**
 * The tracks of these cases (a page of the overview, a chunk of the CSV) in one query, by Dnr and
 * party; `party`: only that party's. (No filter on `final` here: SQLite would then read the
 * outstanding index instead of the key; the caller drops the final ones.)
 */
export async function caseTracks(db: ReadModel, dnrs: ReadonlyArray<TrackTable['dnr']>, options: { party?: PartyId } = {}): Promise<TrackTable[]> {
  if (dnrs.length === 0) return [];
  let query = db.selectFrom('track_row').selectAll().where('dnr', 'in', dnrs);
  if (options.party) query = query.where('party', '=', options.party);
  return query.orderBy('dnr').orderBy('party').execute();
}

/** Everything the ärendebalanslista (CSV) shows: every case and every track, in case order. */
export async function balanceRows(db: ReadModel): Promise<{ cases: CaseTable[]; tracks: TrackTable[] }> {
  const [cases, tracks] = await Promise.all([
    db.selectFrom('case_row').selectAll().orderBy('rsrMeetingDate', 'desc').orderBy('dnr').execute(),
    db.selectFrom('track_row').selectAll().orderBy('dnr').orderBy('party').execute(),
  ]);
  return { cases, tracks };
}

export interface OverviewCounts {
  openCases: number;
  overdueCases: number;
  outstandingTracks: number;
  overdueTracks: number;
}

/** The overview header's figures. */
export async function overviewCounts(db: ReadModel): Promise<OverviewCounts> {
  const [cases, tracks] = await Promise.all([
    db.selectFrom('case_row').where('open', '=', true)
      .select((eb) => [
        eb.fn.countAll<string | number>().as('openCases'),
        // The few overdue tracks by index (track_row_state), each joined to its case by key.
        eb.selectFrom('track_row').innerJoin('case_row as c', 'c.dnr', 'track_row.dnr')
          .where('track_row.state', '=', 'overdue').where('c.open', '=', true)
          .select((sub) => sub.fn.count<string | number>('track_row.dnr').distinct().as('n')).as('overdueCases'),
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('track_row').where('final', '=', false)
      .select((eb) => [
        eb.fn.countAll<string | number>().as('outstandingTracks'),
        eb.fn.count<string | number>(eb.case().when('state', '=', 'overdue').then(1).end()).as('overdueTracks'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    openCases: Number(cases.openCases),
    overdueCases: Number(cases.overdueCases),
    outstandingTracks: Number(tracks.outstandingTracks),
    overdueTracks: Number(tracks.overdueTracks),
  };
}

/** The status documents of a case's tracks (as last projected), by party: one read for all of them. */
export async function trackStatuses(db: ReadModel, dnr: string): Promise<Map<string, TrackStatus>> {
  const rows = await db.selectFrom('track_status').select(['party', 'status']).where('dnr', '=', dnr).execute();
  return new Map(rows.map((r) => [r.party, JSON.parse(r.status) as TrackStatus]));
}

/** A case's status document as last projected, if it has one. */
export async function storedCaseStatus(db: ReadModel, dnr: string): Promise<CaseStatusDocument | undefined> {
  const row = await db.selectFrom('case_status').select('status').where('dnr', '=', dnr).executeTakeFirst();
  return row ? (JSON.parse(row.status) as CaseStatusDocument) : undefined;
}
