// When the store applied each workflow's newest projection (wall clock, ms), beside the version
// (the workflow time of the change it carries): their difference is the projection lag that the
// HTTP server's /metrics reports (readmodel/gauges.ts, docs/operations.md "Metrics and health").
// NULL for rows written before this migration and for rows `arende reindex` wrote.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('projection_version').addColumn('appliedAt', 'bigint').execute();
  // The scrape reads the recent rows only, by this index.
  await db.schema.createIndex('projection_version_applied_at').on('projection_version').column('appliedAt').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('projection_version_applied_at').execute();
  await db.schema.alterTable('projection_version').dropColumn('appliedAt').execute();
}
