// The worker's workflow cache is sized for what our workflows weigh (about 80 KiB each, measured,
// since the workflow graph is preloaded), with a ceiling that keeps the worker's memory bounded.
import { CACHE_CEILING_MIB, defaultMaxCachedWorkflows, MIB_PER_CACHED_WORKFLOW } from '../../../worker/workflow-cache';
import { WorkerEnvironment, readEnvironment } from '../../../config/environment';

const MIB = 1024 * 1024;
const MEASURED_MIB_PER_WORKFLOW = 76 / 1024; // docs/benchmarks.md: npm run bench, heap per cached workflow

describe('the workflow cache size', () => {
  test("Node's default heap on this machine (4,144 MiB): the ceiling, 2,048 workflows, about 150 MiB of live state", () => {
    const size = defaultMaxCachedWorkflows(4144 * MIB);
    expect(size).toBe(2048);
    expect(size * MEASURED_MIB_PER_WORKFLOW).toBeLessThan(CACHE_CEILING_MIB / 3);
  });

  test('a small heap caches what fits after the worker itself, at least 10', () => {
    expect(defaultMaxCachedWorkflows(512 * MIB)).toBe(848);
    expect(defaultMaxCachedWorkflows(256 * MIB)).toBe(10);
    expect(MIB_PER_CACHED_WORKFLOW).toBeGreaterThan(2 * MEASURED_MIB_PER_WORKFLOW);
  });

  test('ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it; 1 or a word is refused naming the rule', () => {
    expect(readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '300' }).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBe(300);
    expect(readEnvironment(WorkerEnvironment, {}).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS.*0 \(no cache\) or at least 2/);
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
