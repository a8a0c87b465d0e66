// Overdue tracks found by index: the overview's counts, the overdue filters of the lists and the
// overdue outstanding list read the few overdue rows of track_row instead of every open one
// (at 10,000 open cases, 86,000 rows: docs/benchmarks.md). Ordered as the outstanding list is.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('track_row_state').on('track_row').columns(['state', 'nextDeadline', 'dnr', 'party']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('track_row_state').execute();
}
