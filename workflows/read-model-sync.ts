// Keeping a workflow's rows in the read model current (CQRS: the workflow is the write side and the
// truth; readmodel/ is the query side every list reads; docs/read-model.md).
//
// A workflow says what its rows are (`rows`, from its state: domain/projection.ts). A loop wakes
// once they differ from the rows it projected last, lets the rest of the workflow task run (so one
// activation's changes go as one projection), and hands them to a local activity, which applies
// them as one upsert guarded by the version (activities/read-model.ts, readmodel/apply.ts): one
// marker event per projection, nothing else in the history.
//
// The version is the workflow time of the projection (ms), or one more than the last when that is
// not later (two projections in one workflow task): it grows across the runs of one workflow id (a
// new run starts after the previous one ended) and over a reset, so nothing has to carry it over.
//
// Executions started with `readModel: 1` in their input project from their first task, without a
// patch marker. Older ones take it on at their first change from this code on (READ_MODEL_PATCH):
// until then their rows come from `arende reindex`.
import { CancellationScope, condition, log, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { ReadModelActivities } from '../activities/read-model';
import type { ProjectionStamp } from '../domain/projection';
import type { Projection } from '../domain/read-model';
import { READ_MODEL_PATCH } from './patches';
import { nextPass } from './search-attributes';

// Start-to-close: a store that does not answer in 5 s is retried. Past the local retry threshold the
// SDK waits out the backoff as a timer (a few events per retry) rather than holding the workflow
// task open; up to 10 minutes apart, so a store down for a day costs ~150 retries. Never given up:
// the rows are the workflow's current ones whenever the store is back.
const { projectReadModel } = proxyLocalActivities<ReadModelActivities>({
  startToCloseTimeout: '5 seconds',
  localRetryThreshold: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export class ReadModelSync {
  /** The version of the rows projected last (0: none yet). */
  version = 0;
  private projectedKey = '';
  private projecting = false;
  /** Whether this execution projects: known from the input, or once READ_MODEL_PATCH is decided. */
  private enabled: boolean | undefined;

  constructor(
    private readonly rows: (stamp: ProjectionStamp) => Projection,
    private readonly workflowId: string,
    /** Started with `readModel: 1`: projects from the start, no marker. */
    fromStart: boolean,
  ) {
    if (fromStart) this.enabled = true;
    // Not cancellable: a withdrawn (cancelled) track still projects its last rows while it winds down.
    void CancellationScope.nonCancellable(() => this.loop());
  }

  /** Resolves once the rows as they are now have been projected (before the workflow returns). */
  async flush(): Promise<void> {
    await condition(() => !this.projecting && this.key() === this.projectedKey);
  }

  private async loop(): Promise<void> {
    for (;;) {
      await condition(() => this.key() !== this.projectedKey);
      // Let the rest of this workflow task run first: project once the rows stay the same for a pass.
      for (let seen = this.key(); ; ) {
        await nextPass();
        const now = this.key();
        if (now === seen) break;
        seen = now;
      }
      this.enabled ??= patched(READ_MODEL_PATCH) || undefined;
      const key = this.key();
      if (!this.enabled) {
        // Replaying a change from before the patch: that execution did not project it.
        this.projectedKey = key;
        continue;
      }
      this.version = Math.max(this.version + 1, Date.now());
      this.projecting = true;
      try {
        await projectReadModel(this.rows({ workflowId: this.workflowId, version: this.version, now: new Date(Date.now()).toISOString() }));
      } catch (err) {
        // Only rows the store refused as invalid get here (a bug; everything else is retried):
        // the workflow goes on, `arende reindex --check` shows the difference.
        log.error('read model projection refused', { workflowId: this.workflowId, version: this.version, error: String(err) });
      } finally {
        this.projecting = false;
      }
      this.projectedKey = key;
    }
  }

  /**
   * The rows without their stamp, as JSON: what decides whether there is anything to project.
   * Compared as the string itself: a hash of it would save a few KiB per cached workflow, but
   * hashing in JavaScript runs about 100 times slower in the workflow sandbox than outside it
   * (measured: 2.4 ms for 6 KB, and this runs at every activation), while JSON.stringify is native.
   */
  private key(): string {
    return JSON.stringify(this.rows(UNSTAMPED));
  }
}

const UNSTAMPED: ProjectionStamp = { workflowId: '', version: 0, now: '' };
