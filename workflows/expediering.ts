// Expediering: the protokollsutdrag to every "Expedieras till" recipient, as a child of the case
// (id `arende:RS-62-2026:_expediering`) so that one activity per recipient stays out of the case's
// history. Returns one delivery record per recipient.
import type { DeliveryRecord } from '../domain/notifications';
import { deliver } from './deliveries';
import type { ExpedieringInput } from './messages';

const BATCH = 20;

export async function expedieringWorkflow(input: ExpedieringInput): Promise<DeliveryRecord[]> {
  const records: DeliveryRecord[] = [];
  for (let i = 0; i < input.notifications.length; i += BATCH) {
    records.push(...(await Promise.all(input.notifications.slice(i, i + BATCH).map((n) => deliver(n)))));
  }
  return records;
}
