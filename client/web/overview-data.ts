// The overview's data: cases × huvudmän from visibility in a few list queries, never a query per
// case. Cases come from the gateway's list (one query); the cells from the decision-track rows of
// those cases (one query per 100 cases: `WorkflowType = 'decisionTrackWorkflow' AND ArendeDnr IN
// (…)`, running and closed, so final states — laga kraft, avslag, överklagad, stängd — show too).
//
// The cell's word comes from the track's detailed state in visibility (ArendeDetalj: påmind,
// återremiss, bordläggning besides the track states; the words are domain/words.ts
// trackStateWord, shared with the CLI); tracks started before that attribute existed show their
// plain state. The outcome of a decision (bifall, delvis bifall) is on the case page.
//
// The HTTP server wraps TemporalTrackSource in a SnapshotTrackSource (track-snapshot.ts): the
// track rows of the open cases from memory, refreshed in the background, so a page request reads
// only the case list.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { addDays, daysBetween, stockholmDate, type IsoDate } from '../../domain/dates';
import { isTrackState, overdueTrackDeadline, type TrackStateName } from '../../domain/track-rules';
import { CASE_STAGE_WORDS, trackStateWord } from '../../domain/words';
import { DnrAttribute, NextDeadlineAttribute, PartyAttribute, StageAttribute, TrackDetailAttribute } from '../../domain/search-attributes';
import { TRACK_WORKFLOW } from '../../workflows/messages';
import { dnrInClauses, quote } from '../temporal/visibility';
import type { CaseListItem } from '../api/gateway';

/** One decision track as visibility lists it. */
export interface TrackRow {
  dnr: string;
  party: string;
  state: string;
  /** The finer state for the cell's word (reminded, aterremiss, …), when the track records it. */
  detail?: string;
  /** `senast` while requested or overdue (overdue: tracks from the overdue-deadline-attribute patch on); the laga-kraft day while in anslag. */
  nextDeadline?: IsoDate;
  running: boolean;
  workflowId: string;
  startedAt: number;
}

export interface TrackSource {
  /** Every decision track (running or closed) of these cases. */
  tracksOf(dnrs: readonly string[]): Promise<TrackRow[]>;
  /** When the rows were read (ms), for a source that answers from a snapshot (track-snapshot.ts). */
  asOf?(): number | undefined;
}


function trackRow(info: WorkflowExecutionInfo): TrackRow {
  const sa = info.typedSearchAttributes;
  const deadline = sa.get(NextDeadlineAttribute);
  return {
    dnr: sa.get(DnrAttribute) ?? '',
    party: sa.get(PartyAttribute) ?? '',
    state: sa.get(StageAttribute) ?? '',
    ...(sa.get(TrackDetailAttribute) ? { detail: sa.get(TrackDetailAttribute) } : {}),
    ...(deadline ? { nextDeadline: stockholmDate(deadline.getTime()) } : {}),
    running: info.status.name === 'RUNNING',
    workflowId: info.workflowId,
    startedAt: info.startTime.getTime(),
  };
}

/** Track rows from Temporal visibility, with the client directly (the CaseGateway has no track list). */
export class TemporalTrackSource implements TrackSource {
  constructor(
    private readonly client: Client,
    /**
     * How many of the queries (100 Dnr each) run at once; default all. The snapshot's background
     * refresh runs them one at a time: as fast on the dev server, and it leaves a core for requests.
     */
    private readonly options: { concurrency?: number } = {},
  ) {}

  async tracksOf(dnrs: readonly string[]): Promise<TrackRow[]> {
    const batches = dnrInClauses(dnrs);
    const lists: TrackRow[][] = new Array<TrackRow[]>(batches.length);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const i = next++;
        const query = `WorkflowType = ${quote(TRACK_WORKFLOW)} AND ${batches[i]!}`;
        const rows: TrackRow[] = [];
        for await (const info of this.client.workflow.list({ query })) rows.push(trackRow(info));
        lists[i] = rows;
      }
    };
    const concurrency = Math.max(1, Math.min(this.options.concurrency ?? batches.length, batches.length));
    await Promise.all(Array.from({ length: concurrency }, worker));
    return lists.flat();
  }
}

// ------------------------------------------------------------------ the view model

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
 * What the case's ArendeNastaFrist means (workflows/case-run.ts `nextDeadline`): the recommending
 * body's meeting until it has decided; then the huvudmän's last day while any track is open (or
 * none has started); then, in anslag with every track final, the last day to appeal its decision.
 */
export function caseDeadline(c: Pick<CaseListItem, 'stage' | 'pending' | 'nextDeadline'>, today: IsoDate): CaseDeadline | undefined {
  if (!c.nextDeadline) return undefined;
  const date = c.nextDeadline as IsoDate;
  const days = daysBetween(today, date);
  const ahead = days >= 0 ? { countdown: countdown(today, date) } : {};
  const ago = days === -1 ? 'i går' : `för ${-days} dagar sedan`;
  if (c.stage === 'registered' || c.stage === 'beredning' || c.stage === 'rsr-scheduled') {
    return { what: 'sammanträde', date, ...ahead, ...(days < 0 ? { then: 'beslutet är inte registrerat än' } : {}) };
  }
  if (c.stage === 'anslag' && c.pending.length === 0) {
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

export interface OverviewRow {
  dnr: string;
  slug: string;
  title: string;
  stage: string;
  stageLabel: string;
  nextDeadline?: IsoDate;
  countdown?: { days: number; text: string };
  /** The next date and its meaning, for the "Läge" cell. */
  deadline?: CaseDeadline;
  cells: Cell[];
  overdueCount: number;
}

export interface OverviewModel {
  today: IsoDate;
  parties: { id: string; name: string }[];
  rows: OverviewRow[];
  counts: Partial<Record<TrackStateName | 'none', number>>;
  /** When the track rows were read, when they come from a snapshot (the page says so). */
  tracksAsOf?: number;
}

/** Newest run per workflow id (a track's closed run and a running one can both be listed). */
function latestTracks(tracks: readonly TrackRow[]): Map<string, TrackRow> {
  const byKey = new Map<string, TrackRow>();
  for (const t of tracks) {
    const key = `${t.dnr}\u0000${t.party}`;
    const seen = byKey.get(key);
    if (!seen || (t.running && !seen.running) || (t.running === seen.running && t.startedAt > seen.startedAt)) byKey.set(key, t);
  }
  return byKey;
}

/** Shapes the list rows into the matrix: one row per case, one cell per huvudman (in registry order). */
export function buildOverview(input: { cases: readonly CaseListItem[]; tracks: readonly TrackRow[]; parties: readonly { id: string; name: string }[]; today: IsoDate; tracksAsOf?: number }): OverviewModel {
  const { today } = input;
  const tracks = latestTracks(input.tracks);
  const counts: OverviewModel['counts'] = {};
  const rows = input.cases.map((c): OverviewRow => {
    let overdueCount = 0;
    const cells = input.parties.map((p): Cell => {
      const t = tracks.get(`${c.dnr}\u0000${p.id}`);
      if (!t || !isTrackState(t.state)) {
        counts.none = (counts.none ?? 0) + 1;
        return { party: p.id, state: 'none', word: '–' };
      }
      counts[t.state] = (counts[t.state] ?? 0) + 1;
      if (t.state === 'overdue') overdueCount++;
      // An overdue track counts from its passed `senast`; tracks from before it kept that date use the case's.
      const deadline = t.state === 'overdue' ? overdueTrackDeadline(t.nextDeadline, c.nextDeadline as IsoDate | undefined, today) : t.running ? t.nextDeadline : undefined;
      return { party: p.id, state: t.state, word: trackStateWord(t.state, t.detail), ...(deadline ? { deadline, countdown: countdown(today, deadline) } : {}) };
    });
    return {
      dnr: c.dnr,
      slug: c.dnr.replace(/\//g, '-'),
      title: c.title,
      stage: c.stage,
      stageLabel: STAGE_LABELS[c.stage] ?? c.stage,
      ...(c.nextDeadline ? { nextDeadline: c.nextDeadline as IsoDate, countdown: countdown(today, c.nextDeadline as IsoDate) } : {}),
      ...(c.nextDeadline ? { deadline: caseDeadline(c, today)! } : {}),
      cells,
      overdueCount,
    };
  });
  return { today, parties: [...input.parties], rows, counts, ...(input.tracksAsOf === undefined ? {} : { tracksAsOf: input.tracksAsOf }) };
}
