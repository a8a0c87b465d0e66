// Which workflow code a worker runs: the sources when it runs from them, the prebuilt bundle beside
// compiled code, or the bundle ARENDE_WORKFLOW_BUNDLE names; never an old bundle by accident.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WorkflowSourceError, workflowSource } from '../../../worker/workflow-source';

const ROOT = resolve(__dirname, '../../..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workflow-source-'));
  mkdirSync(join(dir, 'worker'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('from the sources: bundles workflows/ at start, even with an old dist/ in the checkout', () => {
  const source = workflowSource({ workerFile: join(ROOT, 'worker', 'main.ts') });
  expect(source).toMatchObject({ kind: 'sources', workflowsPath: join(ROOT, 'workflows', 'index.ts') });
});

test('compiled: the bundle at the top of the build', () => {
  writeFileSync(join(dir, 'workflow-bundle.js'), '// bundle');
  const source = workflowSource({ workerFile: join(dir, 'worker', 'main.js') });
  expect(source).toMatchObject({ kind: 'bundle', workflowBundle: { codePath: join(dir, 'workflow-bundle.js') } });
  expect(source.description).toContain('prebuilt bundle');
});

test('compiled without its bundle: refuses to start, naming the file and the fix', () => {
  expect(() => workflowSource({ workerFile: join(dir, 'worker', 'main.js') })).toThrow(WorkflowSourceError);
  expect(() => workflowSource({ workerFile: join(dir, 'worker', 'main.js') })).toThrow(/workflow-bundle\.js is missing: .*npm run build/);
});

test('ARENDE_WORKFLOW_BUNDLE: that file, from either; a missing file is named', () => {
  const file = join(dir, 'other-bundle.js');
  writeFileSync(file, '// bundle');
  expect(workflowSource({ bundleFile: file, workerFile: join(ROOT, 'worker', 'main.ts') })).toMatchObject({ kind: 'bundle', workflowBundle: { codePath: file } });
  expect(() => workflowSource({ bundleFile: join(dir, 'nope.js'), workerFile: join(dir, 'worker', 'main.js') })).toThrow(/ARENDE_WORKFLOW_BUNDLE: .*nope\.js does not exist/);
});
