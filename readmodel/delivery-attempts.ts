// The store side of deliveries being retried (domain/delivery-attempts.ts): the delivery activity
// writes each failed attempt (the latest per message), the projection that records the message's
// outcome clears it (readmodel/apply.ts), and a case's status reads its rows (client/cases.ts).
import type { Transaction } from 'kysely';
import { retryingDelivery, settledAttempts, type DeliveryAttemptRow, type RetryingDelivery } from '../domain/delivery-attempts';
import type { Dnr } from '../domain/dnr';
import type { ReadModel } from './open';
import type { ReadModelDatabase, Stored } from './schema';

const OPTIONAL = ['track', 'recipientEmail', 'detail', 'nextAttemptAt', 'givesUpAt'] as const;

/**
 * Records a failed attempt. `recordAttempts` is read here, in the same transaction: how many
 * attempts the workflow's record of the message (delivery_row) counts now. A row already holding a
 * later attempt of the same send is kept (a late write from a worker that was presumed dead).
 */
export async function recordFailedAttempt(db: ReadModel, attempt: Omit<DeliveryAttemptRow, 'recordAttempts'>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const record = await tx.selectFrom('delivery_row').select('attempts')
      .where('workflowId', '=', attempt.workflowId).where('key', '=', attempt.key)
      .executeTakeFirst();
    const row = { ...attempt, recordAttempts: record?.attempts ?? 0 } as Stored<DeliveryAttemptRow>;
    for (const key of OPTIONAL) (row as Record<string, unknown>)[key] ??= null;
    await tx.insertInto('delivery_attempt').values(row)
      .onConflict((oc) => oc.columns(['workflowId', 'key']).doUpdateSet(row).where((eb) => eb.or([
        eb('delivery_attempt.recordAttempts', '<', row.recordAttempts),
        eb.and([eb('delivery_attempt.recordAttempts', '=', row.recordAttempts), eb('delivery_attempt.attempt', '<=', row.attempt)]),
      ])))
      .execute();
  });
}

/**
 * Within a projection's transaction: removes the rows of `workflowId` whose outcome the projection
 * records, those past their give-up time, and all of them when the workflow's case is over.
 */
export async function clearSettledAttempts(
  tx: Transaction<ReadModelDatabase>,
  workflowId: string,
  deliveries: readonly { key: string; attempts: number }[],
  options: { closed: boolean; nowIso: string },
): Promise<void> {
  const rows = await tx.selectFrom('delivery_attempt').select(['key', 'recordAttempts', 'givesUpAt']).where('workflowId', '=', workflowId).execute();
  if (rows.length === 0) return;
  const gone = options.closed
    ? rows.map((r) => r.key)
    : [...settledAttempts(rows, deliveries), ...rows.filter((r) => r.givesUpAt !== null && r.givesUpAt <= options.nowIso).map((r) => r.key)];
  if (gone.length > 0) await tx.deleteFrom('delivery_attempt').where('workflowId', '=', workflowId).where('key', 'in', [...new Set(gone)]).execute();
}

/** The messages of a case (its own and its tracks') being retried now, the earliest failure first. */
export async function retryingDeliveries(db: ReadModel, dnr: string, nowMs = Date.now()): Promise<RetryingDelivery[]> {
  const rows = await db.selectFrom('delivery_attempt').selectAll().where('dnr', '=', dnr as Dnr).orderBy('failedAt').orderBy('key').execute();
  return rows
    .filter((r) => r.givesUpAt === null || Date.parse(r.givesUpAt) > nowMs)
    .map((r) => {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== null) row[k] = v;
      return retryingDelivery(row as DeliveryAttemptRow);
    });
}
