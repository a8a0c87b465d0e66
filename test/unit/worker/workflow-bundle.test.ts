// The workflow bundle's weight is a budget. The SDK's reusable V8 context evaluates every module of
// the bundle that the SDK itself does not load again for each workflow, so what our workflows import
// is paid per workflow in CPU and heap (docs/benchmarks.md). zod and the domain's schemas stay out:
// human input is validated on the client side; the workflows keep only pure rules over typed data.
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES, WORKFLOWS_PATH, workflowBundleOptions } from '../../../worker/workflow-bundle';

/**
 * Bytes of our own code in the bundle (domain/ and workflows/ as webpack emits them): measured 143 KB
 * with the lean workflows; 173 KB once the rules are applied in the validators (domain/facts.ts,
 * late-facts.ts), the message keys and the Swedish words came in (issue 12); about 35 KB more with
 * late events and corrections (domain/corrections.ts); about 5 KB more with the field labels and the
 * actor words the workflows name fields and actors with (domain/field-labels.ts, domain/actors.ts);
 * 253 KB with the read model's projection and the case's status document (domain/projection.ts,
 * workflows/read-model-sync.ts: issue 13); 258 KB with issue 14 (the stricter date checks in
 * domain/values.ts, workflows/mail-after-reply.ts).
 * Preloaded, it is evaluated once per worker, not per workflow.
 */
const PROJECT_CODE_BUDGET = 262_000;
/** Bytes of the whole bundle without its source map: measured 676 KB (1,015 KB with zod); about 760 KB with issue 12, 786 KB with the read model (issue 13), 791 KB with issue 14. */
const BUNDLE_BUDGET = 796_000;
/** Packages the bundle may hold: the SDK and what it needs (loaded once per worker), and async-mutex (the handlers' Mutex). */
const ALLOWED_PACKAGES = ['@temporalio/common', '@temporalio/workflow', 'nexus-rpc', 'long', 'ms', 'async-mutex'];
/** Domain modules of zod schemas (and the zod-based error helpers): the client side's, never a workflow's. */
const SCHEMA_MODULES = ['case', 'case-file', 'dispatch', 'errors', 'events', 'notifications', 'parties', 'values'].map((m) => `./domain/${m}.ts`);

type Module = { path: string; bytes: number };

/** The bundle's modules and their sizes, from webpack's `/***\/ "path":` markers. */
function modulesOf(code: string): Module[] {
  const body = code.slice(0, code.lastIndexOf('//# sourceMappingURL'));
  const modules: Module[] = [];
  for (const line of body.split('\n')) {
    const marker = /^\/\*\*\*\/ "([^"]+)"/.exec(line);
    if (marker) modules.push({ path: marker[1]!, bytes: 0 });
    const current = modules[modules.length - 1];
    if (current) current.bytes += line.length + 1;
  }
  return modules;
}

function packageOf(path: string): string | undefined {
  const m = /^\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m?.[1];
}

let code: string;
let modules: Module[];

beforeAll(async () => {
  ({ code } = await bundleWorkflowCode(workflowBundleOptions(new DefaultLogger('WARN'))));
  modules = modulesOf(code);
}, 120_000);

test('the bundle holds no zod and no schema module of the domain', () => {
  const paths = modules.map((m) => m.path);
  expect(paths.filter((p) => packageOf(p) === 'zod')).toEqual([]);
  expect(paths.filter((p) => SCHEMA_MODULES.includes(p))).toEqual([]);
  // The workflows are there at all (the parser found them).
  expect(paths).toEqual(expect.arrayContaining(['./workflows/case-workflow.ts', './workflows/decision-track.ts', './domain/track-rules.ts']));
});

test('the bundle holds only the packages it is allowed', () => {
  const packages = [...new Set(modules.map((m) => packageOf(m.path)).filter((p): p is string => p !== undefined))].sort();
  expect(packages.filter((p) => !ALLOWED_PACKAGES.includes(p))).toEqual([]);
});

test('the workflows are preloaded: evaluated once per worker, not again for every workflow', () => {
  // The SDK's entry point requires each preloaded module eagerly before any workflow exists.
  expect(PRELOADED_MODULES).toEqual([WORKFLOWS_PATH]);
  const start = code.indexOf('exports.preloadModules = function preloadModules()');
  const preload = code.slice(start, code.indexOf('exports.importWorkflows', start));
  expect(preload).toContain('"./workflows/index.ts"');
});

test('our code and the whole bundle stay within their budgets', () => {
  const project = modules.filter((m) => m.path.startsWith('./domain/') || m.path.startsWith('./workflows/')).reduce((sum, m) => sum + m.bytes, 0);
  const bundle = code.lastIndexOf('//# sourceMappingURL');
  // Printed so a change that grows them shows by how much.
  console.log(`workflow bundle: our code ${(project / 1000).toFixed(0)} KB of ${PROJECT_CODE_BUDGET / 1000} KB; bundle ${(bundle / 1000).toFixed(0)} KB of ${BUNDLE_BUDGET / 1000} KB`);
  expect(project).toBeLessThanOrEqual(PROJECT_CODE_BUDGET);
  expect(bundle).toBeLessThanOrEqual(BUNDLE_BUDGET);
});
