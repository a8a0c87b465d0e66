// What a case or track workflow projects into the read model (issue 13, domain/read-model.ts): its
// whole current row set, built from its own state. Pure, deterministic and free of zod: workflow
// code imports it (the activity validates the result with the `Projection` schema). "Now" and the
// version are passed in.
//
// The rows carry what the lists read from visibility today, with the same meaning, so a list can
// move from one to the other unchanged and `arende reindex --check` can compare them:
//   - CaseRow.stage = ArendeStage, partiesOpen/partiesOverdue = the lengths of ArendeEjKlara and
//     ArendeForsenade (the party ids themselves are the track rows: `final` false, state overdue),
//     nextDeadline = the case's ArendeNastaFrist (workflows/case-run.ts nextDeadline: the
//     recommending body's meeting until it has decided, then senast while any track is open or none
//     has started, then RSR's last appeal day in anslag).
//   - TrackRow.state = ArendeStage, detail = ArendeDetalj, nextDeadline = the track's ArendeNastaFrist
//     (senast while requested, the passed senast while overdue, the laga-kraft day in anslag).
// Deadline rows depend on the state only, never on "now": a projection is written when the state
// changes, so a row that a clock would drop would linger until the next change.
//
// The version (read-model.ts `Version`): how each workflow keeps it is a proposal, not yet wired in.
//   - The state carries `projectionVersion` (starting at 0), next to the facts, so a query, the
//     snapshot (caseSnapshotQuery, the track's final TrackStatus) and a new run's `input.resume`
//     carry it on: a new run of the same workflow id continues from the last number, never restarts.
//   - It is bumped once per change the workflow already marks through SearchAttributeSync
//     `changed()` (CaseRun: recordEvent, trackReported, reopenTrack, correct, runTracks, followTrack,
//     registered, resumed; TrackRun: its private `changed()`, requested, resumed, withdrawn) and
//     once per delivery recorded (`upsertDelivery`: a delivery outcome changes the row set too),
//     i.e. one `bump()` beside each `changed()` and `upsertDelivery()` call. State only: no command,
//     so no patch for the counter itself.
//   - The projection activity runs from a loop like SearchAttributeSync's lean one: once per
//     workflow task at most, when the version differs from the last one projected, with the version
//     it read; the store keeps a row set only if its version is newer than the one it holds. The
//     activity and its loop are new commands: behind a patch (lead's part).
import { lagaKraftDate } from './calendar';
import { caseStage, type CaseState, type CaseTrackView } from './case-rules';
import { compareDates, type IsoDate } from './dates';
import type { DeliveryRecord } from './notifications';
import type { PartyId } from './parties';
import type { CaseRow, DeadlineKind, DeadlineRow, DeliveryRow, Projection, TrackRow } from './read-model';
import { awaitsDecision, isFinalTrackState, trackDetail, type TrackState } from './track-rules';

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
    partiesOpen: openTracks.length,
    partiesOverdue: openTracks.filter((t) => t.overdue).length,
    ...(nextDeadline ? { nextDeadline } : {}),
    updatedAt: stamp.now,
  };
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
    ...(track.overdueSince ? { overdueSince: track.overdueSince } : {}),
    ...(nextDeadline ? { nextDeadline } : {}),
    updatedAt: stamp.now,
  };
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

/** As the case counts ArendeEjKlara: not final; a track withdrawn with the case is not waited for either. */
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

/**
 * One row per key, at the place the key first appears: the record with the most attempts (a later
 * one when equal), as `upsertDelivery` keeps it; the list is already one per key when it comes from
 * the workflow, this only makes the rows a set whatever the input.
 */
function deliveryRows(dnr: CaseState['dnr'], deliveries: readonly DeliveryRecord[], partyOf: (d: DeliveryRecord) => PartyId | undefined): DeliveryRow[] {
  const latest = new Map<string, DeliveryRecord>();
  for (const d of deliveries) {
    const seen = latest.get(d.key);
    if (!seen || d.attempts >= seen.attempts) latest.set(d.key, d);
  }
  return [...latest.values()].map((d) => {
    const party = partyOf(d);
    return {
      key: d.key,
      dnr,
      ...(party ? { party } : {}),
      kind: d.kind,
      recipientLabel: d.recipient.label,
      status: d.status,
      attempts: d.attempts,
      attemptedAt: d.attemptedAt,
    };
  });
}

const KIND_ORDER: readonly DeadlineKind[] = ['paminnelse', 'senast', 'sista-overklagandedag', 'laga-kraft'];

function sortDeadlines(rows: DeadlineRow[]): DeadlineRow[] {
  return rows.sort((a, b) => compareDates(a.date, b.date) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
