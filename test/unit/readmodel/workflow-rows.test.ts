// The store side of `arende reindex` (readmodel/workflow-rows.ts), on both stores: a workflow's rows
// read back are the rows it projected (so `--check` compares like with like: NULL columns absent,
// booleans booleans, the status document as data), the workflows the store knows, and removing
// every row of some of them. PostgreSQL is skipped, with a note, only when its binaries are missing.
import type { Projection } from '../../../domain/read-model';
import { applyProjection } from '../../../readmodel/apply';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { compareWorkflowRows, rowsOfProjection } from '../../../readmodel/reindex-rows';
import { readModelIsEmpty, removeWorkflowRows, storedWorkflowIds, storedWorkflowRows } from '../../../readmodel/workflow-rows';
import { ninePartyCase, readModelStores } from '../../helpers/read-model';
import { STACK_STOP_TIMEOUT_MS } from '../../helpers/teardown';

jest.setTimeout(120_000);

const STORES = readModelStores('readmodel/workflow-rows.ts');

describe.each(STORES.map((s) => [s.name, s] as const))('%s', (_name, store) => {
  const maybe = store.skip ? describe.skip : describe;
  maybe('', () => {
    let db: ReadModel;
    beforeAll(async () => {
      db = await openReadModel(await store.setup());
    });
    afterAll(async () => {
      try { await db?.destroy(); } finally { await store.teardown(); }
    }, STACK_STOP_TIMEOUT_MS);

    const [caseP, regionP, krokomP] = ninePartyCase({ n: 7, stage: 'anslag', overdue: [1], final: [0] }) as [Projection, Projection, Projection];
    const withStatus: Projection = { ...krokomP, trackStatus: { party: 'krokom', state: 'overdue', decisions: [], log: [{ seq: 1, text: 'Ö' }] } as never };

    const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

    test('a fresh store is empty; a workflow\'s rows read back are the rows it projected', async () => {
      expect(await readModelIsEmpty(db)).toBe(true);
      for (const p of [caseP, regionP, withStatus]) await applyProjection(db, p);
      expect(await readModelIsEmpty(db)).toBe(false);
      for (const p of [caseP, regionP, withStatus]) {
        const stored = await storedWorkflowRows(db, p.workflowId);
        expect(compareWorkflowRows(rowsOfProjection(p), stored)).toEqual([]);
        const projected = rowsOfProjection(p);
        expect({ ...stored, deliveries: byKey(stored.deliveries) }).toEqual({ ...projected, deliveries: byKey(projected.deliveries) });
      }
      // The region's track is final: no overdueSince, no nextDeadline (NULL columns), final a boolean.
      expect((await storedWorkflowRows(db, regionP.workflowId)).track).toEqual(expect.objectContaining({ final: true }));
      expect((await storedWorkflowRows(db, regionP.workflowId)).track).not.toHaveProperty('nextDeadline');
      expect(await storedWorkflowRows(db, 'arende:RS-1-2026')).toEqual({ workflowId: 'arende:RS-1-2026', deliveries: [], deadlines: [] });
    });

    test('the workflows it knows, and removing every row of some of them (the others kept)', async () => {
      expect([...(await storedWorkflowIds(db))].sort()).toEqual([caseP.workflowId, regionP.workflowId, krokomP.workflowId].sort());
      await removeWorkflowRows(db, [caseP.workflowId, krokomP.workflowId], 1);
      expect([...(await storedWorkflowIds(db))]).toEqual([regionP.workflowId]);
      expect(await storedWorkflowRows(db, caseP.workflowId)).toEqual({ workflowId: caseP.workflowId, deliveries: [], deadlines: [] });
      expect(await db.selectFrom('track_status').select('workflowId').execute()).toEqual([]);
      expect(await db.selectFrom('projection_version').select('workflowId').execute()).toEqual([{ workflowId: regionP.workflowId }]);
      // A rebuilt workflow's rows apply again (its guard row went with them).
      expect(await applyProjection(db, caseP)).toBe(true);
    });
  });
});
