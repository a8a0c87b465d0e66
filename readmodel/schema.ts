// The read model's tables as Kysely sees them (issue 13). Each table holds the rows of
// domain/read-model.ts as they are, plus the store's own columns: the id of the workflow that
// projected the row. Optional row fields are NULL columns. Types are derived from the zod-inferred
// rows, never restated, so a field added to a row schema shows up here (and the migration must follow).
import type { CaseRow, DeadlineRow, DeliveryRow, TrackRow } from '../domain/read-model';
import type { DeliveryAttemptRow } from '../domain/delivery-attempts';
import type { Principal } from '../client/api/access';

/** A row type as stored: optional fields become nullable columns; brands stay (they are strings). */
export type Stored<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

/** The guard: the newest version applied per workflow. */
export interface ProjectionVersionTable {
  workflowId: string;
  version: number;
  /** When the store applied it (wall clock, ms); NULL: written by `arende reindex` or before migration 0005. */
  appliedAt: number | null;
}

/** `search`: the Dnr and title lower-cased by the application, so text search does not depend on the database's locale. */
export type CaseTable = Stored<CaseRow> & { workflowId: string; search: string };
export type TrackTable = Stored<TrackRow> & { workflowId: string };
/** `status`: the case's CaseStatusDocument as JSON text (the same in both stores). */
export interface CaseStatusTable { dnr: string; workflowId: string; status: string }
/** `status`: the track's TrackStatus as JSON text (the same in both stores). */
export interface TrackStatusTable { dnr: string; party: string; workflowId: string; status: string }
export type DeliveryTable = Stored<DeliveryRow> & { workflowId: string };
export type DeadlineTable = Stored<DeadlineRow> & { workflowId: string };
/** A delivery being retried: the latest failed attempt per message (written by the activity, not a projection). */
export type DeliveryAttemptTable = Stored<DeliveryAttemptRow>;

/** An open web session (client/web/session.ts): role, party and name are set for a person's (OIDC) session only. */
export interface WebSessionTable {
  id: string;
  key: string;
  role: Principal['role'] | null;
  party: string | null;
  name: string | null;
  /** ms since the epoch */
  openedAt: number;
  expiresAt: number;
}

export interface ReadModelDatabase {
  projection_version: ProjectionVersionTable;
  case_row: CaseTable;
  case_status: CaseStatusTable;
  track_row: TrackTable;
  track_status: TrackStatusTable;
  delivery_row: DeliveryTable;
  deadline_row: DeadlineTable;
  delivery_attempt: DeliveryAttemptTable;
  web_session: WebSessionTable;
}
