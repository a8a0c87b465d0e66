// Keeping a workflow's visibility row current with as few history events as the facts allow.
//
// A workflow says what its attributes should be (`desired`); after a change it calls `changed()`.
//   - Lean (executions from the `lean-attributes` patch on): one upsert per workflow task at most,
//     of only the values that differ from what the row already holds (workflowInfo() tracks it,
//     including what the starter set at start), from a loop that wakes once the desired values
//     differ: every handler and timer of one activation has run by then. `flush()` before the
//     workflow returns, since nothing may follow its completion.
//   - Legacy (executions from before): exactly the upserts they made, so their histories replay:
//     all values at once whenever they change, the first time always.
import { CancellationScope, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

export class SearchAttributeSync {
  private legacyKey = '';

  constructor(
    private readonly desired: () => SearchAttributeUpdatePair[],
    private readonly lean: boolean,
    /** Legacy only: values added to the first upsert (Dnr, title…), as the older code sent them. */
    private readonly legacyFirst: () => SearchAttributeUpdatePair[] = () => [],
  ) {
    // Not cancellable: a cancelled (withdrawn) workflow still keeps its row current while it winds down.
    if (lean) void CancellationScope.nonCancellable(() => this.loop());
  }

  /** After a change of state: upsert now (legacy) or once this workflow task's changes are in (lean). */
  changed(): void {
    if (!this.lean) this.legacyUpsert();
  }

  /** Upserts what differs now: before the workflow returns. */
  flush(): void {
    if (this.lean) this.upsertDifferences();
    else this.legacyUpsert();
  }

  private async loop(): Promise<void> {
    for (;;) {
      await condition(() => this.differences().length > 0);
      // Let the rest of this workflow task run first (a handler's change wakes the workflow's own
      // loop, which may change more): upsert once the values stay the same for a whole pass.
      for (let seen = this.key(); ; ) {
        await nextPass();
        const now = this.key();
        if (now === seen) break;
        seen = now;
      }
      this.upsertDifferences();
    }
  }

  private key(): string {
    return JSON.stringify(this.desired().map((pair) => pair.value));
  }

  private differences(): SearchAttributeUpdatePair[] {
    const current = workflowInfo().typedSearchAttributes;
    return this.desired().filter((pair) => !sameValue(current.get(pair.key as never), pair.value));
  }

  private upsertDifferences(): void {
    const changes = this.differences();
    if (changes.length > 0) upsertSearchAttributes(changes);
  }

  private legacyUpsert(): void {
    const values = this.desired();
    const key = JSON.stringify(values.map((pair) => pair.value));
    if (key === this.legacyKey) return;
    const first = this.legacyKey === '';
    this.legacyKey = key;
    upsertSearchAttributes([...(first ? this.legacyFirst() : []), ...values]);
  }
}

/**
 * Resolves at the SDK's next pass over the blocked conditions of this activation: after every
 * continuation that is ready now has run. (A condition that is already true resolves at once.)
 */
export function nextPass(): Promise<void> {
  let due = false;
  const pass = condition(() => due);
  due = true;
  return pass;
}

/** An absent attribute, null and an empty list are all "no value". */
function sameValue(current: unknown, wanted: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(current) || empty(wanted)) return empty(current) && empty(wanted);
  if (current instanceof Date && wanted instanceof Date) return current.getTime() === wanted.getTime();
  if (Array.isArray(current) && Array.isArray(wanted)) return current.length === wanted.length && current.every((v, i) => v === wanted[i]);
  return current === wanted;
}
