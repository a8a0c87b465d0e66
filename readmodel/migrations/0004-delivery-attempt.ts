// Deliveries being retried (domain/delivery-attempts.ts): the latest failed attempt per message,
// written by the delivery activity itself (the workflow hears only of outcomes), cleared by the
// projection that records the message's outcome. Not rebuilt by `arende reindex`: the next failed
// attempt writes it again.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('delivery_attempt')
    .addColumn('workflowId', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('dnr', 'text', (c) => c.notNull())
    .addColumn('track', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipientLabel', 'text', (c) => c.notNull())
    .addColumn('recipientEmail', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('failedAt', 'text', (c) => c.notNull())
    .addColumn('errorCode', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('nextAttemptAt', 'text')
    .addColumn('givesUpAt', 'text')
    .addColumn('recordAttempts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_attempt_pk', ['workflowId', 'key'])
    .execute();
  await db.schema.createIndex('delivery_attempt_dnr').on('delivery_attempt').column('dnr').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('delivery_attempt').execute();
}
