// Each case's status document (workflows/messages.ts CaseStatusDocument), apart from case_row as
// track_status is from track_row: a case's status is then two reads of the read model (this and its
// tracks' documents), not a query the worker may first have to replay the case for.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('case_status')
    .addColumn('dnr', 'text', (c) => c.primaryKey())
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('case_status').execute();
}
