// Every message the case workflows accept or answer, defined once: the workflows register the
// handlers, the client side (client/cases.ts, API, CLI) sends them. This is the only module under
// workflows/ the client side imports.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseRegistration } from '../domain/case';
import type { CaseStage, CaseState } from '../domain/case-rules';
import type { LogEntry, PartySnapshot } from '../domain/rules';
import type { TrackState, TrackStateName, TrackStatus } from '../domain/track-rules';
import type { IsoDate } from '../domain/dates';
import type { HumanEvent } from '../domain/events';
import type { DeliveryRecord, Notification, NotificationCase, NotificationRsrDecision } from '../domain/notifications';
import type { Dnr } from '../domain/dnr';
import type { Email, PartyId } from '../domain/parties';

/** Default task queue (ARENDE_TASK_QUEUE overrides it in config/environment.ts). */
export const TASK_QUEUE = 'arendeflode';

/** Workflow type names. */
export const CASE_WORKFLOW = 'caseWorkflow';
export const TRACK_WORKFLOW = 'decisionTrackWorkflow';
export const EXPEDIERING_WORKFLOW = 'expedieringWorkflow';

/**
 * Input of the case workflow. Workflows cannot read files, so the client resolves everything the
 * case needs from the party registry when it starts the case (client/cases.ts `caseInput`): the
 * asked huvudmän with their deciding organ and registrator, the ids the registry knows (to name an
 * unknown party in a refusal), the manager's address and the "Expedieras till" addresses.
 * A registry change after the start does not change a running case.
 */
export interface CaseInput {
  registration: CaseRegistration;
  /** Every huvudman the case may ask (the recommendation's, plus the registry's other huvudmän in case RSR changes the recommendation). */
  parties: PartySnapshot[];
  /** Every party id in the registry. */
  knownParties: string[];
  managerEmail: Email;
  /** Who adopts the recommendation (RSR by default). */
  recommendedBy: { id: PartyId; name: string; /** E.g. "HSN": how the timeline names it (cases registered before it say the name). */ shortName?: string };
  expediering: { to: Email; label: string; party?: PartyId }[];
  /** Expedieras till lines that could not be resolved to an address (recorded as undeliverable). */
  unresolved: { label: string; reason: string }[];
  /** Who registered the case (the API's or the form's signed-in actor, the CLI's user): the first log entry's actor. Older cases: none (logged as system). */
  registeredBy?: string;
  /** 2: the case builds its notifications with distinct keys from the start (DISTINCT_MESSAGE_KEYS_PATCH); absent in older cases. */
  messageKeys?: 2;
  /** 1: the case (and its tracks) project their rows into the read model from the start (READ_MODEL_PATCH); absent in older cases. */
  readModel?: 1;
  /** 1: the case (and its tracks) answer an update before its e-mail is sent, from the start (MAIL_AFTER_REPLY_PATCH); absent in older cases. */
  mailAfterReply?: 1;
  /** A new run of an ended (completed) case, for a late event (docs/late-events.md). */
  resume?: CaseResume;
}

/**
 * What a new run of an ended case starts from: the previous run's state, log and deliveries
 * (read with `caseSnapshotQuery`) and the late event that reopens it (a timely appeal, a correction).
 */
export interface CaseResume {
  state: CaseState;
  log: LogEntry[];
  deliveries: DeliveryRecord[];
  request: EventRequest;
}

/** An ended case as a new run of it starts from (its input without an earlier resume, and its state). */
export interface CaseSnapshot {
  input: CaseInput;
  state: CaseState;
  log: LogEntry[];
  deliveries: DeliveryRecord[];
  /** The version of the last rows the case projected into the read model (0 or absent: none yet; `arende reindex`). */
  projectionVersion?: number;
}

export interface TrackInput {
  dnr: Dnr;
  title: string;
  party: PartySnapshot;
  points: string[];
  senast: IsoDate;
  reminders: number[];
  managerEmail: Email;
  case: NotificationCase;
  rsr: NotificationRsrDecision;
  /** As the case's `messageKeys`: its tracks build distinct keys from the start. */
  messageKeys?: 2;
  /** As the case's `readModel`. */
  readModel?: 1;
  /** As the case's `mailAfterReply`. */
  mailAfterReply?: 1;
  /** A new run of an ended track, started by its case for a late event (docs/late-events.md). */
  resume?: TrackResume;
}

/** What a new run of an ended track starts from: its final state, log and deliveries, and the late event. */
export interface TrackResume {
  track: TrackState;
  log: LogEntry[];
  deliveries: DeliveryRecord[];
  request: EventRequest;
}

export interface ExpedieringInput {
  notifications: Notification[];
}

/** A human event and who reports it (shown in the event log). */
export interface EventRequest {
  event: HumanEvent;
  actor: string;
  /**
   * A huvudman's decision with its own "Expedieras till": the lines as people read them and the
   * addresses, resolved from the registry by the client (client/cases.ts `decisionDispatch`).
   */
  expediering?: DecisionDispatch;
}

export interface DecisionDispatch {
  lines: string[];
  to: { to: Email; label: string; party?: PartyId }[];
}

export interface EventReceipt {
  seq: number;
  stage: string;
  message: string;
}

export interface CloseTrackRequest {
  reason: string;
  actor: string;
}

export interface RetryDeliveryRequest {
  key: string;
  actor: string;
  /** The attempt this retry is (the record's attempts + 1): a second retry of the same attempt is refused. */
  attempt?: number;
}

/**
 * What the case reports of itself; the facts it keeps are its state's own (domain/case-rules.ts).
 * `registration` is what was registered (tjänsteskrivelse, Expedieras till, beslutsunderlag) and
 * `beredning` every step so far (registered and recorded); the case page shows both.
 */
export interface CaseStatus extends Pick<CaseState, 'dnr' | 'title' | 'registration' | 'beredning' | 'rsr' | 'justering' | 'anslag' | 'appeals' | 'withdrawn' | 'tracks'> {
  stage: CaseStage;
  rsrMeetingDate: IsoDate;
  senast: IsoDate;
  huvudman: PartyId[];
  /** The numbered points each huvudman is asked to decide. */
  points: string[];
  /** Party ids whose track is not final. */
  open: PartyId[];
  overdue: PartyId[];
  nextTimer?: { at: string; what: string };
  deliveries: DeliveryRecord[];
  /** Events in the case's history (absent when the status was read from the read model). */
  historyLength?: number;
  /** Party id → name (the case's snapshot of the registry): how what a person reads names huvudmän and actors. */
  partyNames?: Record<string, string>;
}

/**
 * A case's status as the read model keeps it (case_status): without what each track's own status
 * document says (its state, whether it is final or overdue, hence who is open or overdue) and
 * without the history's length, so a track's change is never a change of it. The client puts the
 * two together (client/cases.ts caseStatus).
 */
export type CaseStatusDocument = Omit<CaseStatus, 'tracks' | 'open' | 'overdue' | 'historyLength'> & { tracks: Pick<CaseStatus['tracks'][number], 'party' | 'name'>[] };

export interface CaseSummary {
  dnr: Dnr;
  title: string;
  outcome: 'completed' | 'withdrawn';
  finishedOn: IsoDate;
  tracks: { party: PartyId; name: string; state: TrackStateName; lastDecision?: string; lagaKraft?: IsoDate }[];
  counts: Partial<Record<TrackStateName, number>>;
  failedDeliveries: number;
}

/** A track tells its case when it becomes overdue, or stops being overdue. */
export interface TrackReport {
  party: PartyId;
  state: TrackStateName;
  overdue: boolean;
}

/** Records a human event. On a case: case-level events; on a track: that huvudman's own events. */
export const recordEventUpdate = defineUpdate<EventReceipt, [EventRequest]>('recordEvent');
/** An administrator closes one huvudman's track (sent to the track). */
export const closeTrackUpdate = defineUpdate<EventReceipt, [CloseTrackRequest]>('closeTrack');
/** An administrator retries a failed or undeliverable delivery (on the workflow that holds it). */
export const retryDeliveryUpdate = defineUpdate<DeliveryRecord, [RetryDeliveryRequest]>('retryDelivery');

export const caseStatusQuery = defineQuery<CaseStatus>('caseStatus');
export const trackStatusQuery = defineQuery<TrackStatus>('trackStatus');
/** The case's input and state, for a new run of it once it has ended (client/cases.ts `reopenCase`). */
export const caseSnapshotQuery = defineQuery<CaseSnapshot>('caseSnapshot');
/** The domain event log, ordered; on a case and on a track. */
export const eventLogQuery = defineQuery<LogEntry[]>('eventLog');

export const trackReportSignal = defineSignal<[TrackReport]>('trackReport');

/** What a track tells its huvudman when the case is withdrawn: sent by the case just before it cancels its tracks. */
export interface CaseWithdrawal {
  date: IsoDate;
  reason: string;
  decidedBy?: string;
}
export const caseWithdrawnSignal = defineSignal<[CaseWithdrawal]>('caseWithdrawn');
