// The read model's deliveries being retried (readmodel/delivery-attempts.ts), on both stores: the
// activity's write, the projection that clears it, and what a case's status reads.
import type { Dnr } from '../../../domain/dnr';
import type { DeliveryAttemptRow } from '../../../domain/delivery-attempts';
import type { DeliveryRow, Projection } from '../../../domain/read-model';
import { applyProjection } from '../../../readmodel/apply';
import { recordFailedAttempt, retryingDeliveries } from '../../../readmodel/delivery-attempts';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { removeWorkflowRows } from '../../../readmodel/workflow-rows';
import { readModelStores } from '../../helpers/read-model';

jest.setTimeout(120_000);

const DNR = 'RS/62/2026' as Dnr;
const CASE = 'arende:RS-62-2026';
const TRACK = 'arende:RS-62-2026:krokom';

function attempt(key: string, n: number, over: Partial<DeliveryAttemptRow> = {}): Omit<DeliveryAttemptRow, 'recordAttempts'> {
  return {
    workflowId: CASE,
    key,
    dnr: DNR,
    kind: 'protokollsutdrag',
    recipientLabel: `Mottagare ${key}`,
    recipientEmail: `${key}@kommun.example`,
    attempt: n,
    failedAt: new Date(Date.UTC(2026, 2, 2, 9, n)).toISOString(),
    errorCode: 'ECONNREFUSED',
    error: 'anslutningen nekades (ECONNREFUSED)',
    detail: 'connect ECONNREFUSED 127.0.0.1:2525',
    nextAttemptAt: new Date(Date.UTC(2026, 2, 2, 9, n + 1)).toISOString(),
    givesUpAt: '2999-01-01T00:00:00.000Z',
    ...over,
  };
}

function delivery(key: string, attempts: number, status: DeliveryRow['status'] = 'sent'): DeliveryRow {
  return { key, dnr: DNR, kind: 'protokollsutdrag', recipientLabel: `Mottagare ${key}`, status, attempts, attemptedAt: '2026-03-02T10:00:00.000Z' };
}

const projection = (workflowId: string, version: number, deliveries: DeliveryRow[], over: Partial<Projection> = {}): Projection => ({ workflowId, version, deliveries, deadlines: [], ...over });

describe.each(readModelStores('delivery attempts').map((s) => [s.name, s] as const))('deliveries being retried: %s', (_name, store) => {
  const maybe = store.skip ? describe.skip : describe;
  maybe('', () => {
    let db: ReadModel;
    beforeAll(async () => {
      db = await openReadModel(await store.setup());
    });
    afterAll(async () => {
      try { await db?.destroy(); } finally { await store.teardown(); }
    });
    beforeEach(async () => {
      for (const table of ['delivery_attempt', 'delivery_row', 'projection_version'] as const) await db.deleteFrom(table).execute();
    });
    const keys = async () => (await retryingDeliveries(db, DNR)).map((r) => `${r.key}#${r.attempt}`);

    it('keeps the latest attempt per message, and shows it in words', async () => {
      await recordFailedAttempt(db, attempt('a', 1));
      await recordFailedAttempt(db, attempt('a', 2));
      await recordFailedAttempt(db, attempt('b', 1, { workflowId: TRACK, track: 'krokom' as never, kind: 'begaran' }));
      // A late write of an earlier attempt (a worker presumed dead) does not move it back.
      await recordFailedAttempt(db, attempt('a', 1));
      const retrying = await retryingDeliveries(db, DNR);
      // The earliest failure first: b's first attempt (09:01) before a's second (09:02).
      expect(retrying).toEqual([
        expect.objectContaining({ key: 'b', track: 'krokom', kind: 'begaran', attempt: 1 }),
        {
          key: 'a', kind: 'protokollsutdrag', recipient: { label: 'Mottagare a', email: 'a@kommun.example' }, attempt: 2,
          failedAt: '2026-03-02T09:02:00.000Z', errorCode: 'ECONNREFUSED', error: 'anslutningen nekades (ECONNREFUSED)',
          detail: 'connect ECONNREFUSED 127.0.0.1:2525', nextAttemptAt: '2026-03-02T09:03:00.000Z', givesUpAt: '2999-01-01T00:00:00.000Z',
        },
      ]);
      expect(await retryingDeliveries(db, 'RS/1/2026')).toEqual([]);
    });

    it("is cleared by the projection that records the message's outcome, not by others", async () => {
      await recordFailedAttempt(db, attempt('a', 3));
      await recordFailedAttempt(db, attempt('b', 3));
      // Another workflow's projection, and one of this workflow without the outcome: nothing changes.
      await applyProjection(db, projection(TRACK, 1, [delivery('a', 1)]));
      await applyProjection(db, projection(CASE, 1, []));
      expect(await keys()).toEqual(['a#3', 'b#3']);
      await applyProjection(db, projection(CASE, 2, [delivery('a', 1)]));
      expect(await keys()).toEqual(['b#3']);
      // A stale projection (an older version) is not applied and clears nothing.
      await applyProjection(db, projection(CASE, 1, [delivery('a', 1), delivery('b', 1)]));
      expect(await keys()).toEqual(['b#3']);
    });

    it("an administrator's retry of a failed message shows until that retry's outcome is recorded", async () => {
      await applyProjection(db, projection(CASE, 1, [delivery('a', 1, 'failed')]));
      await recordFailedAttempt(db, attempt('a', 1)); // the retry's first attempt fails
      const [row] = await db.selectFrom('delivery_attempt').select('recordAttempts').execute();
      expect(row?.recordAttempts).toBe(1);
      await applyProjection(db, projection(CASE, 2, [delivery('a', 1, 'failed')])); // an unrelated change
      expect(await keys()).toEqual(['a#1']);
      await applyProjection(db, projection(CASE, 3, [delivery('a', 2)]));
      expect(await keys()).toEqual([]);
    });

    it('past its give-up time it is not shown; a closed case clears all; reindex removes the rows of a workflow gone', async () => {
      await recordFailedAttempt(db, attempt('old', 9, { givesUpAt: '2000-01-01T00:00:00.000Z' }));
      await recordFailedAttempt(db, attempt('a', 1));
      expect(await keys()).toEqual(['a#1']);
      const closedCase = { dnr: DNR, title: 'Ett ärende', stage: 'withdrawn' as const, rsrMeetingDate: '2026-01-26', senast: '2026-04-30', open: false, partiesAsked: 0, updatedAt: '2026-03-02T10:00:00.000Z' };
      await applyProjection(db, projection(CASE, 1, [], { case: closedCase as never }));
      expect(await db.selectFrom('delivery_attempt').select('key').execute()).toEqual([]);
      await recordFailedAttempt(db, attempt('b', 1, { workflowId: TRACK }));
      await removeWorkflowRows(db, [TRACK]);
      expect(await keys()).toEqual([]);
    });
  });
});
