// Applies one workflow's projection (domain/read-model.ts) in one transaction, guarded by its
// version: only a version newer than the stored one changes anything, so a replayed, retried or
// reordered projection can never move a row backwards. The guard row is taken first (INSERT … ON
// CONFLICT DO UPDATE … WHERE newer), which also locks it on PostgreSQL: two concurrent projections
// of one workflow serialise, and the older one then finds itself stale.
import type { Projection } from '../domain/read-model';
import type { ReadModel } from './open';
import type { Stored } from './schema';
import { clearSettledAttempts } from './delivery-attempts';

/** Absent optional fields are stored as NULL (a newer row must clear what an older one set). */
function stored<T extends object>(row: T, keys: ReadonlyArray<keyof T>): Stored<T> {
  const out = { ...row } as Record<string, unknown>;
  for (const key of keys) out[key as string] ??= null;
  return out as Stored<T>;
}

/** What text search matches: lower-cased here (Unicode-aware), not by the database (locale-bound). */
export function searchText(dnr: string, title: string): string {
  return `${dnr}\n${title}`.toLocaleLowerCase('sv');
}

export interface ApplyOptions {
  /**
   * `arende reindex`: rows read from the workflow's state now, stamped with the last version it
   * projected itself (which they may be newer than), so they also replace rows of that same version.
   * A workflow's own projection of that version arriving later then finds itself stale.
   */
  reindex?: boolean;
}

/** Returns whether the projection was applied (false: the store already holds this version or a newer one). */
export async function applyProjection(db: ReadModel, projection: Projection, options: ApplyOptions = {}): Promise<boolean> {
  const { workflowId, version } = projection;
  return db.transaction().execute(async (tx) => {
    // appliedAt - version is the projection lag (readmodel/gauges.ts); a reindex's rows have none.
    const appliedAt = options.reindex ? null : Date.now();
    const guard = await tx.insertInto('projection_version')
      .values({ workflowId, version, appliedAt })
      .onConflict((oc) => oc.column('workflowId').doUpdateSet({ version, appliedAt }).where('projection_version.version', options.reindex ? '<=' : '<', version))
      .returning('workflowId')
      .executeTakeFirst();
    if (!guard) return false;

    if (projection.case) {
      const { dnr, title } = projection.case;
      const row = { ...stored(projection.case, ['nextDeadline']), workflowId, search: searchText(dnr, title) };
      await tx.insertInto('case_row').values(row)
        .onConflict((oc) => oc.column('dnr').doUpdateSet(row))
        .execute();
    }
    if (projection.track) {
      const row = { ...stored(projection.track, ['overdueSince', 'nextDeadline']), workflowId };
      await tx.insertInto('track_row').values(row)
        .onConflict((oc) => oc.columns(['dnr', 'party']).doUpdateSet(row))
        .execute();
    }
    if (projection.case && projection.caseStatus) {
      const row = { dnr: projection.case.dnr, workflowId, status: JSON.stringify(projection.caseStatus) };
      await tx.insertInto('case_status').values(row)
        .onConflict((oc) => oc.column('dnr').doUpdateSet(row))
        .execute();
    }
    if (projection.track && projection.trackStatus) {
      const row = { dnr: projection.track.dnr, party: projection.track.party, workflowId, status: JSON.stringify(projection.trackStatus) };
      await tx.insertInto('track_status').values(row)
        .onConflict((oc) => oc.columns(['dnr', 'party']).doUpdateSet(row))
        .execute();
    }
    // The sets are whole: what the workflow no longer names is gone.
    await tx.deleteFrom('delivery_row').where('workflowId', '=', workflowId).execute();
    if (projection.deliveries.length > 0) {
      await tx.insertInto('delivery_row')
        .values(projection.deliveries.map((d) => ({ ...stored(d, ['party']), workflowId })))
        .execute();
    }
    // A message whose outcome is now recorded is no longer being retried (readmodel/delivery-attempts.ts).
    await clearSettledAttempts(tx, workflowId, projection.deliveries, { closed: projection.case?.open === false, nowIso: new Date().toISOString() });
    await tx.deleteFrom('deadline_row').where('workflowId', '=', workflowId).execute();
    if (projection.deadlines.length > 0) {
      await tx.insertInto('deadline_row')
        .values(projection.deadlines.map((d) => ({ ...stored(d, ['party']), workflowId })))
        .execute();
    }
    return true;
  });
}
