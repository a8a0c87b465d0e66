// What the worker loads into its workflow sandbox, in one place for the worker (bundling at start),
// the production build (the prebuilt bundle) and the tests that replay and weigh it.
//
// The SDK's reusable V8 context evaluates every module of the bundle again for each workflow,
// except the ones evaluated before the first workflow (the SDK's own, and these preloaded ones),
// which every workflow then shares, frozen. Our workflow code keeps no state at module level (the
// calendar's holiday table is a memo of a pure function), so the whole graph from workflows/index
// is preloaded: a cached workflow then holds only its own state (docs/benchmarks.md has the
// measurements; test/unit/worker/workflow-bundle.test.ts guards the list and the budget).
import type { BundleOptions } from '@temporalio/worker';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Evaluated once per worker and shared by every workflow: stateless modules only. */
export const PRELOADED_MODULES: readonly string[] = [WORKFLOWS_PATH];

export function workflowBundleOptions(logger?: BundleOptions['logger']): BundleOptions {
  return { workflowsPath: WORKFLOWS_PATH, preloadModules: [...PRELOADED_MODULES], ...(logger ? { logger } : {}) };
}
