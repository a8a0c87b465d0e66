// What a case or track workflow projects into the read model (domain/read-model.ts): its whole
// row set, from its own state. Pure and zod-free (workflows import it; the activity validates it).
// The rows mean what the visibility rows mean (ArendeStage, ArendeDetalj, ArendeNastaFrist), so
// lists and `reindex --check` can compare them. The case row holds only the case's own facts: who is
// still open or overdue is each track's own row, so a track that ends changes no case row (and the
// case projects nothing for it, until the last one). Deadlines follow the state only, never "now":
// a row a clock would drop would linger until the next change. The workflows project these rows
// whenever they differ from the last ones projected (workflows/read-model-sync.ts).
import { lagaKraftDate } from './calendar';
import { caseStage, type CaseState, type CaseTrackView } from './case-rules';
import { compareDates, type IsoDate } from './dates';
import type { DeliveryRecord } from './notifications';
import type { PartyId } from './parties';
import type { CaseRow, DeadlineKind, DeadlineRow, DeliveryRow, Projection, TrackRow } from './read-model';
import { awaitsDecision, isFinalTrackState, trackDetail, type TrackState } from './track-rules';
import type { CaseStatus, CaseStatusDocument } from '../workflows/messages';

export interface ProjectionStamp {
  /** The workflow's id (workflowIdForDnr, trackWorkflowId). */
  workflowId: string;
  /** The workflow's projection version (≥ 1), from its state. */
  version: number;
  /** The instant of the change, ISO 8601 (the workflow's clock): the rows' `updatedAt`. */
  now: string;
}

/** A case workflow's rows: the case row, its own deliveries (the expediering's included) and its own deadlines. */
export function caseProjection(state: CaseState, deliveries: readonly DeliveryRecord[], stamp: ProjectionStamp): Projection {
  const open = !state.completed && !state.withdrawn;
  const openTracks = state.tracks.filter(isOpenTrack);
  const nextDeadline = caseNextDeadline(state);
  const row: CaseRow = {
    dnr: state.dnr,
    title: state.title,
    stage: caseStage(state),
    rsrMeetingDate: state.registration.rsrMeetingDate,
    senast: state.recommendation.senast,
    open,
    partiesAsked: state.tracks.length,
    updatedAt: stamp.now,
  };
  if (nextDeadline) row.nextDeadline = nextDeadline;
  const deadlines: DeadlineRow[] = [];
  const add = (kind: DeadlineKind, date: IsoDate) => deadlines.push({ dnr: state.dnr, kind, date });
  if (open) {
    if (state.tracks.length === 0 || openTracks.length > 0) add('senast', state.recommendation.senast);
    if (state.anslag) {
      add('sista-overklagandedag', state.anslag.calendar.lastAppealDay);
      add('laga-kraft', lagaKraftDate(state.anslag.posted));
    }
  }
  return {
    workflowId: stamp.workflowId,
    version: stamp.version,
    case: row,
    deliveries: deliveryRows(state.dnr, deliveries, (d) => d.recipient.party),
    deadlines: sortDeadlines(deadlines),
  };
}

/** The track's words for a person, which its state holds only as the party snapshot it started with. */
export interface TrackProjectionStamp extends ProjectionStamp {
  partyName: string;
  organ: string;
}

/** A track workflow's rows: the track row, its deliveries (each under the track's party) and its deadlines. */
export function trackProjection(track: TrackState, deliveries: readonly DeliveryRecord[], stamp: TrackProjectionStamp): Projection {
  const final = isFinalTrackState(track.state);
  const nextDeadline = trackNextDeadline(track);
  const row: TrackRow = {
    dnr: track.dnr,
    party: track.party.id,
    partyName: stamp.partyName,
    organ: stamp.organ,
    state: track.state,
    detail: trackDetail(track),
    final,
    senast: track.senast,
    updatedAt: stamp.now,
  };
  if (track.overdueSince) row.overdueSince = track.overdueSince;
  if (nextDeadline) row.nextDeadline = nextDeadline;
  const deadlines: DeadlineRow[] = [];
  const add = (kind: DeadlineKind, date: IsoDate) => deadlines.push({ dnr: track.dnr, party: track.party.id, kind, date });
  if (awaitsDecision(track)) {
    // Kept once passed: an overdue track still waits for its decision.
    add('senast', track.senast);
    for (const r of track.reminders) if (r.status === 'planned') add('paminnelse', r.date);
  }
  // A final track's appeal period (an avslag that was posted) no longer holds the track open.
  if (!final && track.anslag) {
    add('sista-overklagandedag', track.anslag.calendar.lastAppealDay);
    add('laga-kraft', lagaKraftDate(track.anslag.posted));
  }
  const party = track.party.id;
  return {
    workflowId: stamp.workflowId,
    version: stamp.version,
    track: row,
    deliveries: deliveryRows(track.dnr, deliveries, () => party),
    deadlines: sortDeadlines(deadlines),
  };
}

/** Not final and not withdrawn with the case (ArendeEjKlara keeps a withdrawn case's cancelled tracks). */
function isOpenTrack(t: CaseTrackView): boolean {
  return t.final === undefined && t.state !== 'withdrawn';
}

/** The case's ArendeNastaFrist (workflows/case-run.ts nextDeadline). */
function caseNextDeadline(state: CaseState): IsoDate | undefined {
  if (state.withdrawn || state.completed) return undefined;
  if (!state.rsr) return state.registration.rsrMeetingDate;
  if (state.tracks.length === 0 || state.tracks.some(isOpenTrack)) return state.recommendation.senast;
  if (state.anslag) return state.anslag.calendar.lastAppealDay;
  return undefined;
}

/** The track's ArendeNastaFrist (workflows/track-run.ts desiredAttributes, lean). */
function trackNextDeadline(track: TrackState): IsoDate | undefined {
  if (awaitsDecision(track)) return track.senast;
  if (track.state === 'anslag' && track.anslag) return lagaKraftDate(track.anslag.posted);
  return undefined;
}

/** One row per key where it first appears: the record with the most attempts (the later when equal). */
function deliveryRows(dnr: CaseState['dnr'], deliveries: readonly DeliveryRecord[], partyOf: (d: DeliveryRecord) => PartyId | undefined): DeliveryRow[] {
  const latest = new Map<string, DeliveryRecord>();
  for (const d of deliveries) {
    const seen = latest.get(d.key);
    if (!seen || d.attempts >= seen.attempts) latest.set(d.key, d);
  }
  return Array.from(latest.values(), (d) => {
    const row: DeliveryRow = { key: d.key, dnr, kind: d.kind, recipientLabel: d.recipient.label, status: d.status, attempts: d.attempts, attemptedAt: d.attemptedAt };
    const party = partyOf(d);
    if (party) row.party = party;
    return row;
  });
}

const KIND_ORDER: readonly DeadlineKind[] = ['paminnelse', 'senast', 'sista-overklagandedag', 'laga-kraft'];

function sortDeadlines(rows: DeadlineRow[]): DeadlineRow[] {
  return rows.sort((a, b) => compareDates(a.date, b.date) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** The case's status document (workflows/messages.ts CaseStatusDocument): its status without what its tracks' own documents say. */
export function caseStatusDocument(status: CaseStatus): CaseStatusDocument {
  const { tracks, open: _open, overdue: _overdue, historyLength: _length, ...rest } = status;
  return { ...rest, tracks: tracks.map((t) => ({ party: t.party, name: t.name })) };
}
