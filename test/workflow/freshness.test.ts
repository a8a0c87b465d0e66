// Freshness of the read model for a change nobody makes (issue 13): the overdue timers of 24 tracks
// fire at one instant on the time-skipping server, and the test watches the read model (which every
// list reads: API, pages, CSV, CLI, on every HTTP server) until each track's row says overdue.
// The lag from the timer to the row is measured and written to test-results/freshness.json
// (target: p95 under 1 s, docs/benchmarks.md); the test itself asserts that every row arrives.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startCase } from '../../client/cases';
import { addDays, isoDate, stockholmDate, stockholmInstant } from '../../domain/dates';
import type { Dnr } from '../../domain/dnr';
import { overdueInstantDate } from '../../domain/track-rules';
import type { ReadModel } from '../../readmodel/open';
import { outstandingTracks } from '../../readmodel/queries';
import { eventually } from '../helpers/temporal';
import { caseWorkerOnTimeSkippingServer, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'freshness';
const CASES = 12;
const base = demoCase('RS-62-2026.json').registration;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('a timer-driven change reaches the read model', () => {
  let env: TestWorkflowEnvironment;
  let db: ReadModel;
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, recordingDelivery().activities, (started, readModel) => {
    env = started;
    db = readModel;
  });

  test(`${CASES * 2} tracks going overdue at one instant: every row follows, the lag measured`, async () => {
    const today = stockholmDate(await env.currentTimeMs());
    const senast = addDays(today, 10);
    const dnrs: Dnr[] = [];
    for (let i = 0; i < CASES; i++) {
      const registration = registrationFrom(base, {
        dnr: `RS/${960 + i}/2026`,
        tjansteskrivelse: { ...base.tjansteskrivelse, date: addDays(today, -3) },
        beredning: [],
        rsrMeetingDate: addDays(today, -1),
        recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast, reminders: [] },
      });
      const dnr = registration.dnr as Dnr;
      dnrs.push(dnr);
      await startCase(env.client, registration, registry, { taskQueue: TASK_QUEUE });
      await send(env.client, dnr, event({ type: 'rsr-decided', meetingDate: addDays(today, -1), paragraf: 1 + i, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
      await send(env.client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: today }));
    }
    const tracks = CASES * 2;
    await eventually(async () => ((await outstandingTracks(db, {})).length === tracks ? true : undefined), { timeoutMs: 30_000 });
    expect(await outstandingTracks(db, { overdue: true })).toEqual([]);

    // To the instant the tracks become overdue (00:00 Stockholm the day after senast), and a moment
    // on, watched meanwhile: the lag counts from the start of the skip, so it includes the skip itself
    // (an upper bound of the lag from the timer).
    const overdueAt = stockholmInstant(isoDate(overdueInstantDate(senast)));
    const skip = overdueAt + 1_000 - (await env.currentTimeMs());
    const fired = Date.now();
    const skipped = env.sleep(skip);
    const seen = new Map<string, number>();
    await eventually(async () => {
      const now = Date.now();
      for (const t of await outstandingTracks(db, { overdue: true })) if (!seen.has(`${t.dnr} ${t.party}`)) seen.set(`${t.dnr} ${t.party}`, now - fired);
      return seen.size === tracks ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 10 });
    await skipped;

    expect([...seen.keys()].sort()).toEqual(dnrs.flatMap((d) => [`${d} krokom`, `${d} region-jh`]).sort());
    const lags = [...seen.values()].sort((a, b) => a - b);
    const figures = { tracks, p50Ms: percentile(lags, 50), p95Ms: percentile(lags, 95), maxMs: lags[lags.length - 1]!, measuredAt: new Date().toISOString() };
    const dir = join(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'freshness.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`read model freshness, ${tracks} tracks overdue by timer: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms`);
  });
});
