// How many workflows the worker keeps in memory between their tasks (the sticky cache).
//
// A cached workflow of ours holds only its own state, about 80 KiB of V8 heap (measured by
// `npm run bench`, docs/benchmarks.md: the workflow graph is preloaded, worker/workflow-bundle.ts);
// sized here at 0.25 MiB each, three times that, for the garbage a busy worker carries. The cache
// also has a ceiling: a case waits weeks between its tasks, so caching more than a few thousand
// workflows buys no speed, only memory; 512 MiB of cache keeps the worker under 1 GiB RSS with
// 10,000 open cases (110,000 workflows; docs/benchmarks.md). A small heap caches what fits after
// 300 MiB for the worker itself. ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it. A workflow that
// falls out of the cache is not lost: its next task replays its history.
const MIB = 1024 * 1024;
export const WORKER_BASE_MIB = 300;
export const MIB_PER_CACHED_WORKFLOW = 0.25;
export const CACHE_CEILING_MIB = 512;

/** The cache size for a V8 heap limit of `heapLimitBytes` (at least 10). */
export function defaultMaxCachedWorkflows(heapLimitBytes: number): number {
  const cacheMib = Math.min(heapLimitBytes / MIB - WORKER_BASE_MIB, CACHE_CEILING_MIB);
  return Math.max(Math.floor(cacheMib / MIB_PER_CACHED_WORKFLOW), 10);
}
