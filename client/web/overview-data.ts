// The overview's view model, pure: a page of the read model's case rows and the track rows of those
// cases (readmodel/queries.ts listCases + caseTracks: two queries a page, never one per case)
// shaped into the matrix of cases × huvudmän; the same cells give the ärendebalanslista's lines.
//
// The cell's word is the track row's `detail` (påmind, återremiss, bordläggning besides the track
// states; the words are domain/words.ts trackStateWord, shared with the CLI). The outcome of a
// decision (bifall, delvis bifall) is on the case page.
import { addDays, daysBetween, type IsoDate } from '../../domain/dates';
import type { TrackStateName } from '../../domain/track-rules';
import { CASE_STAGE_WORDS, trackStateWord } from '../../domain/words';
import type { OverviewCounts } from '../../readmodel/queries';
import type { CaseTable, TrackTable } from '../../readmodel/schema';

/** The case stages' words (domain/words.ts), by stage id. */
export const STAGE_LABELS: Record<string, string> = CASE_STAGE_WORDS;

/** `om 3 dagar`, `i dag`, `2 dagar sen`: days from today to a date. */
export function countdown(today: IsoDate, date: IsoDate): { days: number; text: string } {
  const days = daysBetween(today, date);
  if (days === 0) return { days, text: 'sista dag i dag' };
  if (days > 0) return { days, text: days === 1 ? '1 dag kvar' : `${days} dagar kvar` };
  return { days, text: days === -1 ? '1 dag sen' : `${-days} dagar sen` };
}

/** The case's next date with what it means, for the matrix's "Läge" cell. */
export interface CaseDeadline {
  /** "sammanträde", "sista dag för huvudmännens beslut", "sista dag att överklaga". */
  what: string;
  date: IsoDate;
  /** A counting-down text while the date is ahead (kept current by app.js). */
  countdown?: { days: number; text: string };
  /** What follows from the date once it is here or passed, e.g. "laga kraft 2026-01-21" or "passerad för 335 dagar sedan". */
  then?: string;
}

/**
 * What the case row's nextDeadline means (domain/projection.ts caseNextDeadline): the recommending
 * body's meeting until it has decided; then the huvudmän's last day while any track is open (or
 * none has started); then, in anslag with every track final, the last day to appeal its decision.
 */
export function caseDeadline(c: Pick<CaseTable, 'stage' | 'nextDeadline'>, tracksOpen: boolean, today: IsoDate): CaseDeadline | undefined {
  if (!c.nextDeadline) return undefined;
  const date = c.nextDeadline;
  const days = daysBetween(today, date);
  const ahead = days >= 0 ? { countdown: countdown(today, date) } : {};
  const ago = days === -1 ? 'i går' : `för ${-days} dagar sedan`;
  if (c.stage === 'registered' || c.stage === 'beredning' || c.stage === 'rsr-scheduled') {
    return { what: 'sammanträde', date, ...ahead, ...(days < 0 ? { then: 'beslutet är inte registrerat än' } : {}) };
  }
  if (c.stage === 'anslag' && !tracksOpen) {
    return { what: 'sista dag att överklaga', date, ...ahead, then: `laga kraft ${addDays(date, 1)}` };
  }
  return { what: 'sista dag för huvudmännens beslut', date, ...ahead, ...(days < 0 ? { then: `passerad ${ago}` } : {}) };
}

export interface Cell {
  party: string;
  /** A track state, or `none` when the party was not asked (or not yet: before justering). */
  state: TrackStateName | 'none';
  word: string;
  /** The date the countdown counts to: senast (requested), senast passed (overdue), laga-kraft day (anslag). */
  deadline?: IsoDate;
  countdown?: { days: number; text: string };
}

/** A track row's cell: its word, and the date it counts to while it is not final. */
export function trackCell(t: TrackTable, today: IsoDate): Cell {
  // An overdue track keeps its passed senast as its next deadline; a final track waits for nothing.
  const deadline = t.final ? undefined : (t.nextDeadline ?? (t.state === 'overdue' ? t.senast : undefined));
  return { party: t.party, state: t.state, word: trackStateWord(t.state, t.detail), ...(deadline ? { deadline, countdown: countdown(today, deadline) } : {}) };
}

export interface OverviewRow {
  dnr: string;
  slug: string;
  title: string;
  stage: string;
  stageLabel: string;
  /** The next date and its meaning, for the "Läge" cell. */
  deadline?: CaseDeadline;
  cells: Cell[];
  overdueCount: number;
}

/** Which slice of the filtered cases a page shows. */
export interface Paging {
  /** 1-based. */
  page: number;
  size: number;
  /** Every case matching the filter. */
  total: number;
}

/** The page numbers there are (at least one, even when nothing matches). */
export function pageCount(paging: Pick<Paging, 'size' | 'total'>): number {
  return Math.max(1, Math.ceil(paging.total / paging.size));
}

/** "Visar 1–50 av 10 000" (numbers as Swedish writes them). */
export function showingText(paging: Paging): string {
  if (paging.total === 0) return 'Visar 0 av 0';
  const first = (paging.page - 1) * paging.size + 1;
  const last = Math.min(paging.total, paging.page * paging.size);
  return `Visar ${swedishNumber(first)}–${swedishNumber(last)} av ${swedishNumber(paging.total)}`;
}

/** 10 000: thousands grouped with a (no-break) space. */
export function swedishNumber(n: number): string {
  return n.toLocaleString('sv-SE');
}

export interface OverviewModel {
  today: IsoDate;
  parties: { id: string; name: string }[];
  rows: OverviewRow[];
  /** Cells on this page by state. */
  counts: Partial<Record<TrackStateName | 'none', number>>;
  paging: Paging;
  /** The whole read model's figures (not only this filter's), for the header. */
  totals?: OverviewCounts;
}

/** Tracks by Dnr and party, for the cells. */
function byCase(tracks: readonly TrackTable[]): Map<string, Map<string, TrackTable>> {
  const map = new Map<string, Map<string, TrackTable>>();
  for (const t of tracks) {
    let row = map.get(t.dnr);
    if (!row) map.set(t.dnr, (row = new Map()));
    row.set(t.party, t);
  }
  return map;
}

/** Whether a case still has a party to hear from: a track not final, or one asked but not started. */
function hasOpenTracks(c: Pick<CaseTable, 'partiesAsked'>, tracks: ReadonlyMap<string, TrackTable> | undefined): boolean {
  const list = [...(tracks?.values() ?? [])];
  return list.length < c.partiesAsked || list.some((t) => !t.final);
}

/** Shapes a page of case rows and their tracks into the matrix: one row per case, one cell per huvudman (in registry order). */
export function buildOverview(input: {
  cases: readonly CaseTable[];
  tracks: readonly TrackTable[];
  parties: readonly { id: string; name: string }[];
  today: IsoDate;
  paging?: Paging;
  totals?: OverviewCounts;
}): OverviewModel {
  const { today } = input;
  const tracks = byCase(input.tracks);
  const counts: OverviewModel['counts'] = {};
  const rows = input.cases.map((c): OverviewRow => {
    let overdueCount = 0;
    const own = tracks.get(c.dnr);
    const cells = input.parties.map((p): Cell => {
      const t = own?.get(p.id);
      if (!t) {
        counts.none = (counts.none ?? 0) + 1;
        return { party: p.id, state: 'none', word: '–' };
      }
      counts[t.state] = (counts[t.state] ?? 0) + 1;
      if (t.state === 'overdue') overdueCount++;
      return trackCell(t, today);
    });
    const deadline = caseDeadline(c, hasOpenTracks(c, own), today);
    return {
      dnr: c.dnr,
      slug: c.dnr.replace(/\//g, '-'),
      title: c.title,
      stage: c.stage,
      stageLabel: STAGE_LABELS[c.stage] ?? c.stage,
      ...(deadline ? { deadline } : {}),
      cells,
      overdueCount,
    };
  });
  const paging = input.paging ?? { page: 1, size: Math.max(1, rows.length), total: rows.length };
  return { today, parties: [...input.parties], rows, counts, paging, ...(input.totals ? { totals: input.totals } : {}) };
}

/** One line of the ärendebalanslista: a huvudman's decision that is not final yet. */
export interface BalanceRow {
  dnr: string;
  title: string;
  party: string;
  state: string;
  lastDay?: string;
  days?: number;
}

/**
 * The ärendebalanslista's lines for some cases: each case's tracks that are not final, in case
 * order, then in the registry's party order (parties not in the registry last, by id), named
 * from the registry, else as the track row names them.
 */
export function balanceRowsOf(cases: readonly CaseTable[], tracks: readonly TrackTable[], parties: readonly { id: string; name: string }[], today: IsoDate): BalanceRow[] {
  const order = new Map(parties.map((p, i) => [p.id, i]));
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const own = byCase(tracks);
  return cases.flatMap((c) => [...(own.get(c.dnr)?.values() ?? [])]
    .filter((t) => !t.final)
    .sort((a, b) => (order.get(a.party) ?? Infinity) - (order.get(b.party) ?? Infinity) || a.party.localeCompare(b.party))
    .map((t) => {
      const cell = trackCell(t, today);
      return { dnr: c.dnr, title: c.title, party: names.get(t.party) ?? t.partyName, state: cell.word, ...(cell.deadline ? { lastDay: cell.deadline, days: cell.countdown!.days } : {}) };
    }));
}
