// The read model's rows (issue 13, CQRS): what a case or track workflow projects into the query
// tables after each change of its state, and what every list reads. The workflows are the truth;
// these rows are a copy that may always be thrown away and rebuilt (`arende reindex`).
//
// One projection is one workflow's whole current row set, stamped with that workflow's `version`
// (a counter its state carries, growing with every change, continued by a new run of the same id).
// The store applies it only if the version is newer than the one it holds, so a replayed, retried
// or reordered projection can never move a row backwards. Zod schemas (the activity validates its
// input); the workflows import the types only.
import { z } from 'zod';
import { CASE_STAGES } from './case-rules';
import { TRACK_DETAILS, TRACK_STATES, type TrackStatus } from './track-rules';
import type { CaseStatusDocument } from '../workflows/messages';
import { DeliveryStatus, NotificationKind } from './notifications';
import { PartyId } from './parties';
import { Dnr, IsoDate, IsoInstant } from './values';

/**
 * The workflow's projection version: the workflow time (ms) of the change, or one more than the
 * previous version when that is not later; so it grows across the runs of one workflow id (a new
 * run starts after the previous ended) and after a reset. 0: a workflow from before it projected,
 * as `arende reindex` read it.
 */
const Version = z.int().min(0).meta({ description: 'The workflow\'s projection version: grows with every change of its state' });

export const CaseRow = z.strictObject({
  dnr: Dnr,
  title: z.string().min(1),
  stage: z.enum(CASE_STAGES),
  rsrMeetingDate: IsoDate,
  /** The recommendation's last day for the huvudmän's decisions. */
  senast: IsoDate,
  open: z.boolean(),
  /** How many huvudmän were asked (0 before justering). Who is still open or overdue is read from the track rows, the tracks' own word. */
  partiesAsked: z.int().min(0),
  /** The next date that matters for the case as a whole (senast, RSR's last appeal day, laga kraft), if any. */
  nextDeadline: IsoDate.optional(),
  updatedAt: IsoInstant,
});
export type CaseRow = z.infer<typeof CaseRow>;

export const TrackRow = z.strictObject({
  dnr: Dnr,
  party: PartyId,
  partyName: z.string().min(1),
  organ: z.string().min(1),
  state: z.enum(TRACK_STATES),
  /** The overview cell's word: the state, or finer (reminded, aterremiss, bordlaggning). */
  detail: z.enum(TRACK_DETAILS),
  final: z.boolean(),
  senast: IsoDate,
  overdueSince: IsoDate.optional(),
  /** The next date the track waits for (senast while undecided — kept when overdue — or laga kraft), if any. */
  nextDeadline: IsoDate.optional(),
  updatedAt: IsoInstant,
});
export type TrackRow = z.infer<typeof TrackRow>;

export const DeliveryRow = z.strictObject({
  /** The notification key (domain/notification-key.ts): one row per message. */
  key: z.string().min(1),
  dnr: Dnr,
  party: PartyId.optional(),
  kind: NotificationKind,
  recipientLabel: z.string().min(1),
  status: DeliveryStatus,
  attempts: z.int().min(1),
  attemptedAt: IsoInstant,
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export const DeadlineKind = z.enum(['senast', 'paminnelse', 'sista-overklagandedag', 'laga-kraft']);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const DeadlineRow = z.strictObject({
  dnr: Dnr,
  /** Absent: the case's own (RSR's) deadline. */
  party: PartyId.optional(),
  kind: DeadlineKind,
  date: IsoDate,
});
export type DeadlineRow = z.infer<typeof DeadlineRow>;

/**
 * A track's whole status (its trackStatusQuery answer) as it was projected: what a case's status
 * shows of an open track without querying the track (one read for all of a case's tracks).
 * The workflow's own shape (domain/track-rules.ts), checked here only for what the store indexes.
 */
export const TrackStatusDocument = z.custom<TrackStatus>(
  (value) => typeof value === 'object' && value !== null && typeof (value as TrackStatus).party === 'string' && typeof (value as TrackStatus).state === 'string',
  { message: 'ett spårs status ska vara ett objekt med party och state' },
);

/** A case's status document (workflows/messages.ts CaseStatusDocument), checked only for what the store indexes. */
export const CaseStatusDocumentSchema = z.custom<CaseStatusDocument>(
  (value) => typeof value === 'object' && value !== null && typeof (value as CaseStatusDocument).dnr === 'string' && Array.isArray((value as CaseStatusDocument).tracks),
  { message: 'ett ärendes status ska vara ett objekt med dnr och tracks' },
);

/** One workflow's rows at one version: a case workflow projects `case` and its status document, a track workflow `track` and its. */
export const Projection = z.strictObject({
  workflowId: z.string().min(1),
  version: Version,
  case: CaseRow.optional(),
  caseStatus: CaseStatusDocumentSchema.optional(),
  track: TrackRow.optional(),
  trackStatus: TrackStatusDocument.optional(),
  /** Every delivery the workflow has recorded (the whole set: rows it no longer names are removed). */
  deliveries: z.array(DeliveryRow),
  /** Every deadline still ahead or passed but open (the whole set). */
  deadlines: z.array(DeadlineRow),
});
export type Projection = z.infer<typeof Projection>;
