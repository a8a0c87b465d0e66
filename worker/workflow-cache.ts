// How many workflows the worker keeps in memory between their tasks (the sticky cache).
//
// A cached workflow of ours holds only its own state: about 95 KiB of V8 heap (`npm run bench`;
// the workflow graph is preloaded, worker/workflow-bundle.ts), and about 340 KiB of the worker's
// RSS with the heap's headroom and the SDK core's own state for it (`npm run bench -- --open`: RSS
// 400 MiB with 100 cached, 1,040 MiB with 2,048; docs/benchmarks.md). Sized here at 0.375 MiB each.
// The cache has a ceiling: a case waits weeks between its tasks, so caching more than a thousand
// workflows buys no speed, only memory; 384 MiB of cache (1,024 workflows) keeps the worker under
// 1 GiB RSS however many cases are open. A small heap caches what fits after 300 MiB for the
// worker itself. ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it. A workflow that falls out of the
// cache is not lost: its next task replays its history.
const MIB = 1024 * 1024;
export const WORKER_BASE_MIB = 300;
export const MIB_PER_CACHED_WORKFLOW = 0.375;
export const CACHE_CEILING_MIB = 384;

/** The cache size for a V8 heap limit of `heapLimitBytes` (at least 10). */
export function defaultMaxCachedWorkflows(heapLimitBytes: number): number {
  const cacheMib = Math.min(heapLimitBytes / MIB - WORKER_BASE_MIB, CACHE_CEILING_MIB);
  return Math.max(Math.floor(cacheMib / MIB_PER_CACHED_WORKFLOW), 10);
}
