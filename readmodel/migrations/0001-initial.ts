// The first schema: one table per row kind of domain/read-model.ts, columns named as the row's
// fields (quoted camelCase), plus the guard table. Portable types only (text, integer, boolean), so
// the same migration runs on PGlite and PostgreSQL. Dates and instants are ISO text: they sort and
// compare as text.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('projection_version')
    .addColumn('workflowId', 'text', (c) => c.primaryKey())
    // Workflow time in ms (domain/read-model.ts): past 32 bits.
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('case_row')
    .addColumn('dnr', 'text', (c) => c.primaryKey())
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('rsrMeetingDate', 'text', (c) => c.notNull())
    .addColumn('senast', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull())
    .addColumn('partiesAsked', 'integer', (c) => c.notNull())
    .addColumn('nextDeadline', 'text')
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_row_order').on('case_row').columns(['rsrMeetingDate', 'dnr']).execute();
  await db.schema.createIndex('case_row_stage').on('case_row').column('stage').execute();

  await db.schema.createTable('track_row')
    .addColumn('dnr', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('partyName', 'text', (c) => c.notNull())
    .addColumn('organ', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('final', 'boolean', (c) => c.notNull())
    .addColumn('senast', 'text', (c) => c.notNull())
    .addColumn('overdueSince', 'text')
    .addColumn('nextDeadline', 'text')
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('track_row_pk', ['dnr', 'party'])
    .execute();
  await db.schema.createIndex('track_row_party').on('track_row').columns(['party', 'dnr']).execute();
  await db.schema.createIndex('track_row_outstanding').on('track_row').columns(['final', 'nextDeadline']).execute();

  // Apart from track_row, so the lists never read these few kilobytes per track.
  await db.schema.createTable('track_status')
    .addColumn('dnr', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('track_status_pk', ['dnr', 'party'])
    .execute();

  await db.schema.createTable('delivery_row')
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('dnr', 'text', (c) => c.notNull())
    .addColumn('party', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipientLabel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('attemptedAt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_row_pk', ['workflowId', 'key'])
    .execute();
  await db.schema.createIndex('delivery_row_dnr').on('delivery_row').column('dnr').execute();

  await db.schema.createTable('deadline_row')
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('dnr', 'text', (c) => c.notNull())
    .addColumn('party', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deadline_row_workflow').on('deadline_row').column('workflowId').execute();
  await db.schema.createIndex('deadline_row_date').on('deadline_row').columns(['date', 'dnr']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['deadline_row', 'delivery_row', 'track_status', 'track_row', 'case_row', 'projection_version']) {
    await db.schema.dropTable(table).execute();
  }
}
