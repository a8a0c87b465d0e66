// The read model's figures the HTTP server's /metrics reports (client/http/metrics.ts), computed at
// scrape time: one grouped query each, over indexed columns or small tables.
import { CASE_STAGES, type CaseStage } from '../domain/case-rules';
import { DeliveryStatus } from '../domain/notifications';
import type { ReadModel } from './open';

/** Projections applied within this window count towards the lag (older ones describe an old state). */
export const LAG_WINDOW_MS = 5 * 60_000;

/** Every stage, with 0 for those no case is in (a series that vanishes reads as "no data", not 0). */
export async function casesByStage(db: ReadModel): Promise<Record<CaseStage, number>> {
  const rows = await db.selectFrom('case_row').groupBy('stage').select((eb) => ['stage', eb.fn.countAll<string | number>().as('n')]).execute();
  const counts = Object.fromEntries(CASE_STAGES.map((stage) => [stage, 0])) as Record<CaseStage, number>;
  for (const row of rows) counts[row.stage] = Number(row.n);
  return counts;
}

/** Tracks past their senast without a decision (by index: track_row_state). */
export async function overdueTracks(db: ReadModel): Promise<number> {
  const row = await db.selectFrom('track_row').where('state', '=', 'overdue').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The messages whose outcome the workflows recorded, by outcome (every outcome, 0 included). */
export async function deliveriesByStatus(db: ReadModel): Promise<Record<DeliveryStatus, number>> {
  const rows = await db.selectFrom('delivery_row').groupBy('status').select((eb) => ['status', eb.fn.countAll<string | number>().as('n')]).execute();
  const counts = Object.fromEntries(DeliveryStatus.options.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Deliveries failing and being retried now (the latest failed attempt per message). */
export async function deliveriesRetrying(db: ReadModel): Promise<number> {
  const row = await db.selectFrom('delivery_attempt').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ProjectionLag {
  /**
   * Of the projections applied within LAG_WINDOW_MS, the longest time (s) from the workflow's change
   * (its workflow time: the projection's version) to the store's commit; 0 when none was applied.
   */
  maxLagSeconds: number;
  /** When the newest projection was applied (ms); undefined when none ever was (or only reindexed rows). */
  lastAppliedAtMs?: number;
  /** Seconds since then. */
  lastAppliedSecondsAgo?: number;
}

export async function projectionLag(db: ReadModel, nowMs: number = Date.now()): Promise<ProjectionLag> {
  // Both by the appliedAt index: its last entry, and the range of the window.
  const [newest, recent] = await Promise.all([
    db.selectFrom('projection_version').select((eb) => eb.fn.max<number | string | null>('appliedAt').as('t')).executeTakeFirstOrThrow(),
    db.selectFrom('projection_version').where('appliedAt', '>', nowMs - LAG_WINDOW_MS)
      .select((eb) => eb.fn.max<number | string | null>(eb('appliedAt', '-', eb.ref('version'))).as('ms')).executeTakeFirstOrThrow(),
  ]);
  return lagOf(newest.t, recent.ms, nowMs);
}

/** Pure: the query's two figures as seconds (the stores return numbers or numeric text). */
export function lagOf(newest: number | string | null, lagMs: number | string | null, nowMs: number): ProjectionLag {
  const lag = lagMs === null ? 0 : Math.max(0, Number(lagMs)) / 1000;
  if (newest === null) return { maxLagSeconds: lag };
  return { maxLagSeconds: lag, lastAppliedAtMs: Number(newest), lastAppliedSecondsAgo: Math.max(0, nowMs - Number(newest)) / 1000 };
}
