// The web pages' open sessions (client/web/session.ts ReadModelSessionStore): in the read model so
// that every HTTP server behind one address knows them, a session opened on one is valid on the
// others and signing out on one ends it on all. Not a projection: nothing rebuilds it (a lost
// table ends the sessions; people sign in again).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('web_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The cookie's `k`: a token session's token fingerprint, a person's session a random value.
    .addColumn('key', 'text', (c) => c.notNull())
    // A person's session (OIDC) holds its principal; a token session has NULLs (its token names it).
    .addColumn('role', 'text')
    .addColumn('party', 'text')
    .addColumn('name', 'text')
    .addColumn('openedAt', 'bigint', (c) => c.notNull())
    .addColumn('expiresAt', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_session_expires').on('web_session').column('expiresAt').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('web_session').execute();
}
