// The overview's decision-track rows from memory: a snapshot of every open case's tracks, refreshed
// in the background, so no page request waits on reading thousands of visibility rows (at 1,000
// open cases: 9,000 rows, about 4.4 s and 6 s of the dev server's CPU; docs/benchmarks.md).
//
// - The refresh lists the open cases (`openDnrs`, the case list without filters, 1,000 rows) and
//   reads their tracks through the inner source (TemporalTrackSource), one refresh at a time
//   (single-flight), every `intervalMs` after the previous one ended; the first starts with start().
//   A failed refresh keeps the last snapshot and is logged; the next one is tried as usual.
// - tracksOf(dnrs) answers from the snapshot. Dnrs not in it (a case newer than the last refresh, a
//   closed case under the "avslutat" filter) are read directly, a few rows each, and kept until the
//   next refresh. Before the first refresh has ended, a request waits for it instead of reading
//   everything a second time.
// - Write-through: after a change made through this server (writeThrough() around the CaseGateway),
//   touched(dnr) reads that case's tracks at once, and for `freshForMs` after it every request
//   reads them directly too (visibility is eventually consistent: the track's own update may land
//   a moment after the API call returned), so the person who acted sees it. Changes from timers and
//   other servers appear within one refresh.
// - Each stored case carries the order in which its read began; a read never replaces a newer one
//   (a slow refresh that began before a write-through read does not undo it).
import type { CaseGateway } from '../api/gateway';
import { dnrFromSlug } from '../../domain/dnr';
import type { TrackRow, TrackSource } from './overview-data';

export interface SnapshotTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SnapshotOptions {
  /** Reads track rows from Temporal (TemporalTrackSource). */
  inner: TrackSource;
  /** The cases the refresh covers: the open ones (the overview's default list). */
  openDnrs: () => Promise<readonly string[]>;
  /** Pause between the end of one refresh and the start of the next. */
  intervalMs: number;
  /** After a write through this server, how long the case's tracks are read directly (default 10 s). */
  freshForMs?: number;
  now?: () => number;
  timers?: SnapshotTimers;
  /** Where a failed refresh is reported (default console.warn). */
  log?: (message: string) => void;
}

interface Entry {
  rows: TrackRow[];
  /** Order in which the read that produced these rows began. */
  version: number;
}

const nodeTimers: SnapshotTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SnapshotTrackSource implements TrackSource {
  private entries = new Map<string, Entry>();
  /** Dnr → until when it is read directly (written through this server). */
  private readonly hot = new Map<string, number>();
  private sequence = 0;
  private inFlight?: Promise<void>;
  private timer: unknown;
  private running = false;
  private loaded = false;
  private refreshedAt?: number;
  private readonly now: () => number;
  private readonly timers: SnapshotTimers;
  private readonly log: (message: string) => void;
  private readonly freshForMs: number;

  constructor(private readonly options: SnapshotOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? nodeTimers;
    this.log = options.log ?? ((m) => console.warn(m));
    this.freshForMs = options.freshForMs ?? 10_000;
  }

  /** Starts the first refresh now and the background refreshes after it. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.refresh();
  }

  /** Stops the background refreshes; waits for one under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await this.inFlight;
  }

  /** When the last complete refresh began (ms), if one has succeeded. */
  asOf(): number | undefined {
    return this.refreshedAt;
  }

  /** Refreshes the whole snapshot now; joins a refresh under way. Never rejects. */
  refresh(): Promise<void> {
    this.inFlight ??= this.runRefresh().finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
    return this.inFlight;
  }

  private async runRefresh(): Promise<void> {
    this.clearTimer();
    const version = ++this.sequence;
    const startedAt = this.now();
    try {
      const dnrs = [...new Set(await this.options.openDnrs())];
      const rows = dnrs.length ? await this.options.inner.tracksOf(dnrs) : [];
      const byDnr = new Map<string, TrackRow[]>(dnrs.map((d) => [d, []]));
      for (const row of rows) byDnr.get(row.dnr)?.push(row);
      const next = new Map<string, Entry>();
      for (const [dnr, list] of byDnr) next.set(dnr, { rows: list, version });
      // Reads that began after this refresh (write-through, new cases) are newer: keep them.
      for (const [dnr, entry] of this.entries) if (entry.version > version) next.set(dnr, entry);
      this.entries = next;
      this.loaded = true;
      this.refreshedAt = startedAt;
    } catch (err) {
      if (this.running) this.log(`overview snapshot: refresh failed, keeping the snapshot from ${this.refreshedAt ? new Date(this.refreshedAt).toISOString() : '(none yet)'}: ${message(err)}`);
    }
  }

  private schedule(): void {
    this.clearTimer();
    if (this.running) this.timer = this.timers.setTimeout(() => void this.refresh(), this.options.intervalMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads these cases' tracks directly and stores them (unless a newer read already did). */
  private async fetch(dnrs: readonly string[]): Promise<void> {
    const version = ++this.sequence;
    const rows = await this.options.inner.tracksOf(dnrs);
    const byDnr = new Map<string, TrackRow[]>(dnrs.map((d) => [d, []]));
    for (const row of rows) byDnr.get(row.dnr)?.push(row);
    for (const [dnr, list] of byDnr) {
      const seen = this.entries.get(dnr);
      if (!seen || seen.version < version) this.entries.set(dnr, { rows: list, version });
    }
  }

  private isHot(dnr: string, now: number): boolean {
    const until = this.hot.get(dnr);
    if (until === undefined) return false;
    if (until > now) return true;
    this.hot.delete(dnr);
    return false;
  }

  async tracksOf(dnrs: readonly string[]): Promise<TrackRow[]> {
    // Before the first refresh has ended, wait for it rather than read every track a second time.
    if (!this.loaded && this.inFlight) await this.inFlight;
    const wanted = [...new Set(dnrs)];
    const now = this.now();
    const direct = wanted.filter((d) => !this.entries.has(d) || this.isHot(d, now));
    if (direct.length) await this.fetch(direct);
    return wanted.flatMap((d) => this.entries.get(d)?.rows ?? []);
  }

  /** A change was made to this case through this server: read its tracks now, and directly for a while. */
  touched(dnr: string): void {
    this.hot.set(dnr, this.now() + this.freshForMs);
    this.fetch([dnr]).catch((err) => this.log(`overview snapshot: reading the tracks of ${dnr} failed: ${message(err)}`));
  }
}

/** The case's Dnr as visibility stores it (routes may pass the slug RS-62-2026). */
function canonicalDnr(dnr: string): string {
  return dnr.includes('/') ? dnr : (dnrFromSlug(dnr) ?? dnr);
}

/**
 * The gateway with a notice after every change (register, recordEvent, closeTrack), whether it
 * succeeded or not (a timed-out request may still have landed): the API, the forms and the report
 * pages all go through it, so none of their routes needs to know about the snapshot.
 */
export function writeThrough(gateway: CaseGateway, changed: (dnr: string) => void): CaseGateway {
  const after = <T>(dnr: string, work: Promise<T>): Promise<T> => work.finally(() => changed(canonicalDnr(dnr)));
  return {
    register: (registration, actor) => after(registration.dnr, gateway.register(registration, actor)),
    recordEvent: (dnr, event, actor) => after(dnr, gateway.recordEvent(dnr, event, actor)),
    closeTrack: (dnr, party, reason, actor) => after(dnr, gateway.closeTrack(dnr, party, reason, actor)),
    retryDelivery: (dnr, key, actor, attempt) => gateway.retryDelivery(dnr, key, actor, attempt),
    status: (dnr) => gateway.status(dnr),
    events: (dnr) => gateway.events(dnr),
    list: (filter) => gateway.list(filter),
    outstanding: (filter) => gateway.outstanding(filter),
    exportRecord: (dnr) => gateway.exportRecord(dnr),
  };
}
