// Every migration, by name (names sort in the order they apply). Listed in code rather than read
// from the folder so that a bundled build carries them. Add a migration: a new file, a new line.
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as overdueIndex from './0002-overdue-index';
import * as caseStatus from './0003-case-status';
import * as deliveryAttempt from './0004-delivery-attempt';
import * as projectionAppliedAt from './0005-projection-applied-at';
import * as webSession from './0006-web-session';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-overdue-index': overdueIndex,
  '0003-case-status': caseStatus,
  '0004-delivery-attempt': deliveryAttempt,
  '0005-projection-applied-at': projectionAppliedAt,
  '0006-web-session': webSession,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
