// The overview's track snapshot (client/web/track-snapshot.ts) with a fake inner source, a fake
// clock and fake timers: the first refresh, background refreshes, single-flight, a failed refresh
// keeping the last snapshot, unknown Dnrs read directly, the write-through, stop(); and the
// gateway decorator that reports every change; TemporalTrackSource's batches and concurrency.
import type { CaseGateway } from '../../../client/api/gateway';
import type { TrackRow, TrackSource } from '../../../client/web/overview-data';
import { SnapshotTrackSource, writeThrough, type SnapshotTimers } from '../../../client/web/track-snapshot';
import { buildOverview, TemporalTrackSource } from '../../../client/web/overview-data';
import { matrixHtml } from '../../../client/web/overview';
import type { IsoDate } from '../../../domain/dates';

const row = (dnr: string, party: string, state: string): TrackRow => ({ dnr, party, state, running: true, workflowId: `${dnr}/${party}`, startedAt: 1 });

/** A track store the test edits; every tracksOf call is recorded and can be held back or made to fail. */
class FakeTracks implements TrackSource {
  rows: TrackRow[] = [];
  calls: string[][] = [];
  failNext?: Error;
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  set(dnr: string, party: string, state: string): void {
    this.rows = [...this.rows.filter((r) => !(r.dnr === dnr && r.party === party)), row(dnr, party, state)];
  }

  async tracksOf(dnrs: readonly string[]): Promise<TrackRow[]> {
    this.calls.push([...dnrs]);
    // The rows as they are when the read begins (visibility answers what it has then).
    const answer = this.rows.filter((r) => dnrs.includes(r.dnr));
    const fail = this.failNext;
    this.failNext = undefined;
    if (this.gate) await this.gate;
    if (fail) throw fail;
    return answer;
  }
}

/** Timers the test fires by hand. */
class FakeTimers implements SnapshotTimers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Fires every pending timer (the interval has passed). */
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(open: string[] = ['RS/1/2026', 'RS/2/2026']) {
  const inner = new FakeTracks();
  inner.set('RS/1/2026', 'krokom', 'requested');
  inner.set('RS/1/2026', 'berg', 'decided');
  inner.set('RS/2/2026', 'krokom', 'overdue');
  const timers = new FakeTimers();
  const clock = { now: Date.parse('2026-11-23T09:00:00Z') };
  const logs: string[] = [];
  const openDnrs = { list: open, calls: 0 };
  const snapshot = new SnapshotTrackSource({
    inner,
    openDnrs: async () => {
      openDnrs.calls++;
      return openDnrs.list;
    },
    intervalMs: 30_000,
    freshForMs: 10_000,
    now: () => clock.now,
    timers,
    log: (m) => logs.push(m),
  });
  return { inner, timers, clock, logs, openDnrs, snapshot };
}

const states = (rows: TrackRow[]) => rows.map((r) => `${r.dnr} ${r.party} ${r.state}`).sort();

describe('SnapshotTrackSource', () => {
  test('start() reads every open case once; requests then answer from memory; the next refresh comes an interval after', async () => {
    const { inner, timers, clock, snapshot } = setup();
    snapshot.start();
    // A request during the first refresh waits for it rather than reading everything again.
    const first = await snapshot.tracksOf(['RS/1/2026', 'RS/2/2026']);
    expect(states(first)).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom requested', 'RS/2/2026 krokom overdue']);
    expect(inner.calls).toEqual([['RS/1/2026', 'RS/2/2026']]);
    expect(snapshot.asOf()).toBe(clock.now);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([30_000]);

    // A change in visibility (a timer in the workflow, another server) is not seen until the refresh…
    inner.set('RS/1/2026', 'krokom', 'overdue');
    for (let i = 0; i < 3; i++) expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom requested']);
    expect(inner.calls).toHaveLength(1);

    // …which the timer starts, and which schedules the next one.
    clock.now += 30_000;
    timers.fire();
    await settle();
    expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom overdue']);
    expect(inner.calls).toHaveLength(2);
    expect(snapshot.asOf()).toBe(clock.now);
    expect(timers.pending.size).toBe(1);
    await snapshot.stop();
  });

  test('single-flight: refreshes asked for while one runs share it', async () => {
    const { inner, openDnrs, snapshot } = setup();
    inner.hold();
    const a = snapshot.refresh();
    const b = snapshot.refresh();
    const c = snapshot.tracksOf(['RS/2/2026']); // before the first refresh ended: waits for it
    expect(a).toBe(b);
    inner.release();
    await Promise.all([a, b]);
    expect(states(await c)).toEqual(['RS/2/2026 krokom overdue']);
    expect(openDnrs.calls).toBe(1);
    expect(inner.calls).toHaveLength(1);
    // A later call starts a new one.
    await snapshot.refresh();
    expect(inner.calls).toHaveLength(2);
  });

  test('a failed refresh keeps the last snapshot, is logged, never rejects, and the next one is still scheduled', async () => {
    const { inner, timers, clock, logs, snapshot } = setup();
    snapshot.start();
    await snapshot.refresh();
    const asOf = snapshot.asOf();
    inner.set('RS/1/2026', 'krokom', 'decided');
    inner.failNext = new Error('14 UNAVAILABLE: connection refused');
    clock.now += 30_000;
    timers.fire();
    await settle();
    await snapshot.refresh(); // joins or follows the failing one; resolves either way
    expect(logs.some((m) => m.includes('refresh failed') && m.includes('UNAVAILABLE'))).toBe(true);
    expect(snapshot.asOf()).toBeGreaterThanOrEqual(asOf!);
    expect(timers.pending.size).toBe(1);

    // Only the failed one is lost: the stored rows are served, and the next refresh catches up.
    inner.failNext = new Error('deadline exceeded');
    const before = snapshot.asOf();
    await snapshot.refresh();
    expect(snapshot.asOf()).toBe(before);
    expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom decided']);
    await snapshot.refresh();
    expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom decided']);
    await snapshot.stop();
  });

  test('the open cases failing to list is a failed refresh too', async () => {
    const inner = new FakeTracks();
    const logs: string[] = [];
    const snapshot = new SnapshotTrackSource({ inner, openDnrs: () => Promise.reject(new Error('no list')), intervalMs: 1000, timers: new FakeTimers(), log: (m) => logs.push(m) });
    snapshot.start();
    await snapshot.refresh();
    expect(logs).toEqual([expect.stringContaining('no list')]);
    expect(snapshot.asOf()).toBeUndefined();
    // With no snapshot at all, requests read directly.
    inner.set('RS/9/2026', 'krokom', 'requested');
    expect(states(await snapshot.tracksOf(['RS/9/2026']))).toEqual(['RS/9/2026 krokom requested']);
    await snapshot.stop();
  });

  test('a Dnr not in the snapshot (a new case) is read directly, alone, and kept', async () => {
    const { inner, snapshot } = setup();
    await snapshot.refresh();
    inner.set('RS/3/2026', 'krokom', 'requested');
    expect(states(await snapshot.tracksOf(['RS/1/2026', 'RS/3/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom requested', 'RS/3/2026 krokom requested']);
    expect(inner.calls.at(-1)).toEqual(['RS/3/2026']);
    await snapshot.tracksOf(['RS/3/2026']);
    expect(inner.calls).toHaveLength(2);
    // A case with no tracks yet is remembered as such, not asked again on every request.
    await snapshot.tracksOf(['RS/4/2026']);
    await snapshot.tracksOf(['RS/4/2026']);
    expect(inner.calls.filter((c) => c.includes('RS/4/2026'))).toHaveLength(1);
  });

  test('the refresh covers the open cases only: a case no longer open is dropped, and read directly if asked for', async () => {
    const { inner, openDnrs, snapshot } = setup();
    await snapshot.refresh();
    openDnrs.list = ['RS/2/2026'];
    await snapshot.refresh();
    expect(inner.calls.at(-1)).toEqual(['RS/2/2026']);
    await snapshot.tracksOf(['RS/1/2026']);
    expect(inner.calls.at(-1)).toEqual(['RS/1/2026']);
  });

  test('write-through: touched() reads the case at once, and requests read it directly for freshForMs', async () => {
    const { inner, clock, snapshot } = setup();
    await snapshot.refresh();
    const reads = () => inner.calls.filter((c) => c.length === 1 && c[0] === 'RS/1/2026').length;

    inner.set('RS/1/2026', 'krokom', 'decided');
    snapshot.touched('RS/1/2026');
    await settle();
    expect(reads()).toBe(1);
    expect(states(await snapshot.tracksOf(['RS/1/2026', 'RS/2/2026']))).toEqual(['RS/1/2026 berg decided', 'RS/1/2026 krokom decided', 'RS/2/2026 krokom overdue']);

    // Visibility may lag the API's answer: while fresh, every request reads the case directly.
    inner.set('RS/1/2026', 'berg', 'justerat');
    clock.now += 9_000;
    expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg justerat', 'RS/1/2026 krokom decided']);
    expect(reads()).toBe(3);

    // After that, from memory again (the last direct read), with the other cases never read alone.
    clock.now += 2_000;
    inner.set('RS/1/2026', 'berg', 'anslag');
    expect(states(await snapshot.tracksOf(['RS/1/2026']))).toEqual(['RS/1/2026 berg justerat', 'RS/1/2026 krokom decided']);
    expect(reads()).toBe(3);
    expect(inner.calls.some((c) => c.length === 1 && c[0] === 'RS/2/2026')).toBe(false);
  });

  test('a refresh that began before a write-through read does not undo it', async () => {
    const { inner, snapshot } = setup();
    await snapshot.refresh();
    inner.hold();
    const slow = snapshot.refresh(); // reads krokom as requested, then waits
    await settle();
    inner.set('RS/1/2026', 'krokom', 'decided');
    inner.release();
    snapshot.touched('RS/1/2026'); // began after the refresh: newer
    await settle();
    await slow;
    expect(states(await snapshot.tracksOf(['RS/1/2026'])).filter((s) => s.includes('krokom'))).toEqual(['RS/1/2026 krokom decided']);
  });

  test('a failed write-through read is logged and leaves the snapshot as it was', async () => {
    const { inner, logs, snapshot } = setup();
    await snapshot.refresh();
    inner.failNext = new Error('boom');
    snapshot.touched('RS/2/2026');
    await settle();
    expect(logs).toEqual([expect.stringContaining('RS/2/2026')]);
    expect(states(await snapshot.tracksOf(['RS/2/2026']))).toEqual(['RS/2/2026 krokom overdue']);
  });

  test('stop() cancels the timer and waits for a refresh under way; no refresh after it', async () => {
    const { inner, timers, snapshot } = setup();
    snapshot.start();
    await snapshot.refresh();
    expect(timers.pending.size).toBe(1);
    inner.hold();
    const running = snapshot.refresh();
    const stopped = snapshot.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    inner.release();
    await running;
    await stopped;
    expect(timers.pending.size).toBe(0);
  });
});

describe('writeThrough', () => {
  const receipt = { accepted: true } as never;
  function fakeGateway(fail = false): CaseGateway {
    const answer = <T>(value: T) => (fail ? Promise.reject(new Error('refused')) : Promise.resolve(value));
    return {
      register: (r) => answer({ dnr: r.dnr, created: true, message: 'ok' }),
      recordEvent: () => answer(receipt),
      closeTrack: () => answer(receipt),
      retryDelivery: () => answer({} as never),
      status: () => answer({} as never),
      events: () => answer([]),
      list: () => answer([]),
      outstanding: () => answer([]),
      exportRecord: () => answer({} as never),
    };
  }

  test('reports the Dnr (as visibility stores it) after every change, also a failed one; reads report nothing', async () => {
    const changed: string[] = [];
    const gateway = writeThrough(fakeGateway(), (dnr) => changed.push(dnr));
    await gateway.register({ dnr: 'RS/5/2026' } as never, 'a');
    await gateway.recordEvent('RS-6-2026', {} as never, 'a');
    await gateway.closeTrack('RS/7/2026', 'krokom', 'r', 'a');
    await gateway.status('RS/8/2026');
    await gateway.list({});
    await gateway.outstanding({});
    await gateway.retryDelivery('RS/8/2026', 'k', 'a');
    expect(changed).toEqual(['RS/5/2026', 'RS/6/2026', 'RS/7/2026']);

    const failing = writeThrough(fakeGateway(true), (dnr) => changed.push(dnr));
    await expect(failing.recordEvent('RS/9/2026', {} as never, 'a')).rejects.toThrow('refused');
    expect(changed.at(-1)).toBe('RS/9/2026');
  });
});

describe('the matrix says how fresh the tracks are', () => {
  test('"Beslutslägen hämtade hh:mm:ss" (Stockholm) with a snapshot, nothing without', () => {
    const input = {
      today: '2026-11-23' as IsoDate,
      parties: [{ id: 'krokom', name: 'Krokoms kommun' }],
      cases: [{ dnr: 'RS/1/2026', title: 't', stage: 'justerat', pending: [], overdue: [], running: true, startedAt: '' }],
      tracks: [],
    };
    expect(matrixHtml(buildOverview({ ...input, tracksAsOf: Date.parse('2026-11-23T09:04:05Z') })).value).toContain('Beslutslägen hämtade 10:04:05.');
    expect(matrixHtml(buildOverview(input)).value).not.toContain('hämtade');
  });
});

describe('TemporalTrackSource', () => {
  test('100 Dnr a query; with concurrency 1 one query at a time, the rows in the order of the Dnrs', async () => {
    let open = 0;
    let most = 0;
    const queries: string[] = [];
    const client = {
      workflow: {
        list: ({ query }: { query: string }) => ({
          async *[Symbol.asyncIterator]() {
            queries.push(query);
            open++;
            most = Math.max(most, open);
            await settle();
            open--;
            const first = /IN \('([^']+)'/.exec(query)![1]!;
            yield { workflowId: first, status: { name: 'RUNNING' }, startTime: new Date(0), typedSearchAttributes: { get: () => undefined } };
          },
        }),
      },
    };
    const dnrs = Array.from({ length: 250 }, (_, i) => `RS/${i}/2026`);
    const sequential = await new TemporalTrackSource(client as never, { concurrency: 1 }).tracksOf(dnrs);
    expect(queries).toHaveLength(3);
    expect(most).toBe(1);
    expect(sequential.map((r) => r.workflowId)).toEqual(['RS/0/2026', 'RS/100/2026', 'RS/200/2026']);
    most = 0;
    await new TemporalTrackSource(client as never).tracksOf(dnrs);
    expect(most).toBe(3);
  });
});
