// The worker's workflow cache is sized for what our workflows weigh (about 2.6 MiB each, measured),
// not the SDK's 1.7 MiB guess, so a busy worker does not run out of heap.
import { defaultMaxCachedWorkflows, MIB_PER_CACHED_WORKFLOW } from '../../../worker/workflow-cache';
import { WorkerEnvironment, readEnvironment } from '../../../config/environment';

const MIB = 1024 * 1024;
const MEASURED_MIB_PER_WORKFLOW = 2.6; // docs/benchmarks.md: the dev-server benchmark

describe('the workflow cache size', () => {
  test("Node's default heap on this machine (4,144 MiB): 961 workflows, which fit with room to spare", () => {
    const size = defaultMaxCachedWorkflows(4144 * MIB);
    expect(size).toBe(961);
    expect(size * MEASURED_MIB_PER_WORKFLOW).toBeLessThan(4144 * 0.7);
  });

  test('a small heap still caches a few; the SDK default would not fit', () => {
    expect(defaultMaxCachedWorkflows(256 * MIB)).toBe(10);
    const sdkDefault = Math.floor(((4144 - 200) * 600) / 1024); // @temporalio/worker 1.24 with reuseV8Context
    expect(sdkDefault * MEASURED_MIB_PER_WORKFLOW).toBeGreaterThan(4144);
    expect(MIB_PER_CACHED_WORKFLOW).toBeGreaterThan(MEASURED_MIB_PER_WORKFLOW);
  });

  test('ARENDE_WORKER_MAX_CACHED_WORKFLOWS overrides it; 1 or a word is refused naming the rule', () => {
    expect(readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '300' }).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBe(300);
    expect(readEnvironment(WorkerEnvironment, {}).ARENDE_WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS.*0 \(no cache\) or at least 2/);
    expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/ARENDE_WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
