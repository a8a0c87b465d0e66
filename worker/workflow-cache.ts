// How many workflows the worker keeps in memory between their tasks (the sticky cache).
//
// The SDK's default allows about 600 per GiB of heap, i.e. about 1.7 MiB each. Ours measure about
// 2.6 MiB each (every cached workflow evaluates its own copy of the bundle's modules, the domain's
// zod schemas included; docs/benchmarks.md), so with the default a worker ran out of memory at
// about 1,600 open workflows (145 cases of 9 huvudmän plus their case workflows). Sized here for
// 4 MiB each after 300 MiB for the worker itself; ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it.
// A workflow that falls out of the cache is not lost: its next task replays its history.
const MIB = 1024 * 1024;
export const WORKER_BASE_MIB = 300;
export const MIB_PER_CACHED_WORKFLOW = 4;

/** The cache size for a V8 heap limit of `heapLimitBytes` (at least 10). */
export function defaultMaxCachedWorkflows(heapLimitBytes: number): number {
  return Math.max(Math.floor((heapLimitBytes / MIB - WORKER_BASE_MIB) / MIB_PER_CACHED_WORKFLOW), 10);
}
