// The read model's figures /metrics reports (readmodel/gauges.ts), on both stores: counts by stage
// and outcome with zeros, overdue tracks, and the projection lag from the applied-at column.
import { CASE_STAGES } from '../../../domain/case-rules';
import { applyProjection } from '../../../readmodel/apply';
import { LAG_WINDOW_MS, casesByStage, deliveriesByStatus, deliveriesRetrying, lagOf, overdueTracks, projectionLag } from '../../../readmodel/gauges';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { ninePartyCase, readModelStores } from '../../helpers/read-model';

jest.setTimeout(120_000);

describe.each(readModelStores('gauges').map((s) => [s.name, s] as const))('the /metrics figures: %s', (_name, store) => {
  const maybe = store.skip ? describe.skip : describe;
  maybe('', () => {
    let db: ReadModel;
    beforeAll(async () => {
      db = await openReadModel(await store.setup());
    });
    afterAll(async () => {
      try { await db?.destroy(); } finally { await store.teardown(); }
    });

    it('starts at zero for every stage and outcome, with no lag and no projection yet', async () => {
      expect(await casesByStage(db)).toEqual(Object.fromEntries(CASE_STAGES.map((s) => [s, 0])));
      expect(await deliveriesByStatus(db)).toEqual({ sent: 0, failed: 0, undeliverable: 0 });
      expect(await overdueTracks(db)).toBe(0);
      expect(await deliveriesRetrying(db)).toBe(0);
      expect(await projectionLag(db)).toEqual({ maxLagSeconds: 0 });
    });

    it('counts cases by stage, overdue tracks, deliveries by outcome; the lag is commit time minus the change', async () => {
      const now = Date.now();
      // Changes 1.5 s and 0.2 s before their commit (now); a reindex stamps no commit time.
      for (const p of ninePartyCase({ n: 1, stage: 'justerat', overdue: [0, 3], version: now - 1_500 })) await applyProjection(db, p);
      for (const p of ninePartyCase({ n: 2, version: now - 200 })) await applyProjection(db, p);
      for (const p of ninePartyCase({ n: 3, stage: 'completed', version: 5 })) await applyProjection(db, p, { reindex: true });
      expect(await casesByStage(db)).toMatchObject({ justerat: 1, 'rsr-decided': 1, completed: 1, registered: 0 });
      expect(await overdueTracks(db)).toBe(2);
      expect(await deliveriesByStatus(db)).toEqual({ sent: 27, failed: 0, undeliverable: 0 });
      const lag = await projectionLag(db);
      expect(lag.maxLagSeconds).toBeGreaterThanOrEqual(1.5);
      expect(lag.maxLagSeconds).toBeLessThan(60);
      expect(lag.lastAppliedSecondsAgo).toBeGreaterThanOrEqual(0);
      // Past the window the old commits no longer count towards the lag; the age still reads the newest.
      const later = await projectionLag(db, Date.now() + LAG_WINDOW_MS + 1_000);
      expect(later.maxLagSeconds).toBe(0);
      expect(later.lastAppliedSecondsAgo).toBeGreaterThan(LAG_WINDOW_MS / 1000);
    });
  });
});

describe('lagOf', () => {
  it('reads numbers or numeric text as seconds, never below zero', () => {
    expect(lagOf(null, null, 10_000)).toEqual({ maxLagSeconds: 0 });
    expect(lagOf('9000', '1500', 10_000)).toEqual({ maxLagSeconds: 1.5, lastAppliedAtMs: 9_000, lastAppliedSecondsAgo: 1 });
    expect(lagOf(12_000, -20, 10_000)).toEqual({ maxLagSeconds: 0, lastAppliedAtMs: 12_000, lastAppliedSecondsAgo: 0 });
  });
});
