// The worker's workflow cache is sized for what our workflows weigh (about 95 KiB of heap and 340 KiB
// of RSS each, measured, since the workflow graph is preloaded), with a ceiling that keeps the
// worker under 1 GiB.
import { CACHE_CEILING_MIB, defaultMaxCachedWorkflows, MIB_PER_CACHED_WORKFLOW } from '../../../worker/workflow-cache';
import { WorkerEnvironment, readEnvironment } from '../../../config/environment';

const MIB = 1024 * 1024;
// docs/benchmarks.md: `npm run bench -- --open`, RSS with 100 and with 2,048 workflows cached.
const MEASURED_RSS_MIB_PER_WORKFLOW = (1040 - 400) / (2048 - 100);
const MEASURED_RSS_MIB_WITHOUT_CACHE = 400;

describe('the workflow cache size', () => {
  test("Node's default heap on this machine (4,144 MiB): the ceiling, 1,024 workflows, which keep the worker well under 1 GiB", () => {
    const size = defaultMaxCachedWorkflows(4144 * MIB);
    expect(size).toBe(1024);
    expect(MEASURED_RSS_MIB_WITHOUT_CACHE + size * MEASURED_RSS_MIB_PER_WORKFLOW).toBeLessThan(0.8 * 1024);
    expect(CACHE_CEILING_MIB).toBeLessThan(1024 - MEASURED_RSS_MIB_WITHOUT_CACHE);
  });

  test('a small heap caches what fits after the worker itself, at least 10', () => {
    expect(defaultMaxCachedWorkflows(512 * MIB)).toBe(565);
    expect(defaultMaxCachedWorkflows(256 * MIB)).toBe(10);
    expect(MIB_PER_CACHED_WORKFLOW).toBeGreaterThan(MEASURED_RSS_MIB_PER_WORKFLOW);
  });

  test('ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it; 1 or a word is refused naming the rule', () => {
    expect(readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '300' }).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBe(300);
    expect(readEnvironment(WorkerEnvironment, {}).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS.*0 \(no cache\) or at least 2/);
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
