// The store side of `arende reindex`: a workflow's rows as the store holds them (for --check), the
// workflows the store knows, and removing the rows of workflows Temporal no longer has.
import type { CaseRow, DeadlineRow, DeliveryRow, TrackRow } from '../domain/read-model';
import type { WorkflowRows } from './reindex-rows';
import type { ReadModel } from './open';

/** Every table a workflow's rows are in, the guard included. */
const TABLES = ['case_row', 'case_status', 'track_row', 'track_status', 'delivery_row', 'deadline_row', 'delivery_attempt', 'projection_version'] as const;

/** A stored row as the row it was: NULL columns absent, without the store's own columns and `updatedAt`. */
function unstored<T>(row: object, drop: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && key !== 'workflowId' && !drop.includes(key)) out[key] = value;
  }
  return out as T;
}

/** The rows the store holds for one workflow (every list empty and no row: it holds none). */
export async function storedWorkflowRows(db: ReadModel, workflowId: string): Promise<WorkflowRows> {
  const [caseRow, caseStatus, trackRow, status, deliveries, deadlines] = await Promise.all([
    db.selectFrom('case_row').selectAll().where('workflowId', '=', workflowId).executeTakeFirst(),
    db.selectFrom('case_status').select('status').where('workflowId', '=', workflowId).executeTakeFirst(),
    db.selectFrom('track_row').selectAll().where('workflowId', '=', workflowId).executeTakeFirst(),
    db.selectFrom('track_status').select('status').where('workflowId', '=', workflowId).executeTakeFirst(),
    db.selectFrom('delivery_row').selectAll().where('workflowId', '=', workflowId).orderBy('key').execute(),
    db.selectFrom('deadline_row').selectAll().where('workflowId', '=', workflowId).orderBy('date').orderBy('kind').execute(),
  ]);
  const rows: WorkflowRows = {
    workflowId,
    deliveries: deliveries.map((d) => unstored<DeliveryRow>(d)),
    deadlines: deadlines.map((d) => unstored<DeadlineRow>(d)),
  };
  if (caseRow) rows.case = unstored<Omit<CaseRow, 'updatedAt'>>(caseRow, ['updatedAt', 'search']);
  if (trackRow) rows.track = unstored<Omit<TrackRow, 'updatedAt'>>(trackRow, ['updatedAt']);
  if (caseStatus) rows.caseStatus = JSON.parse(caseStatus.status) as Record<string, unknown>;
  if (status) rows.trackStatus = JSON.parse(status.status) as Record<string, unknown>;
  return rows;
}

/** The id of every workflow the store holds a row of. */
export async function storedWorkflowIds(db: ReadModel): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const table of TABLES) {
    for (const { workflowId } of await db.selectFrom(table).select('workflowId').distinct().execute()) ids.add(workflowId);
  }
  return ids;
}

/** Removes every row of these workflows, `batch` workflows per transaction. */
export async function removeWorkflowRows(db: ReadModel, workflowIds: readonly string[], batch = 200): Promise<void> {
  for (let i = 0; i < workflowIds.length; i += batch) {
    const ids = workflowIds.slice(i, i + batch);
    await db.transaction().execute(async (tx) => {
      for (const table of TABLES) await tx.deleteFrom(table).where('workflowId', 'in', ids).execute();
    });
  }
}

/** Whether the store holds no case and no track (a fresh read model). */
export async function readModelIsEmpty(db: ReadModel): Promise<boolean> {
  const [aCase, aTrack] = await Promise.all([
    db.selectFrom('case_row').select('dnr').limit(1).executeTakeFirst(),
    db.selectFrom('track_row').select('dnr').limit(1).executeTakeFirst(),
  ]);
  return !aCase && !aTrack;
}
