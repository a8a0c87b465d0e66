// Where the worker gets its workflow code.
//   - From the TypeScript sources (`npm start`, tests, `node --import tsx worker/main.ts`): the SDK
//     bundles workflows/ at start-up, a few seconds, so what runs is always what is on disk.
//   - Compiled (`node dist/worker/main.js`, the Docker image): the bundle `npm run build` wrote
//     beside the compiled code, dist/workflow-bundle.js; built with that same code, never older.
//     Without it the worker refuses to start rather than bundle at run time.
//   - ARENDE_WORKFLOW_BUNDLE names a bundle file explicitly (either way); the worker logs which.
// A prebuilt bundle is only picked up next to compiled code, so an old dist/ in a checkout cannot
// slip its workflow code into a worker started from the sources.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The prebuilt bundle's file name at the top of a build (scripts/build.ts writes it). */
export const BUNDLE_FILE = 'workflow-bundle.js';

export type WorkflowSource =
  | { kind: 'bundle'; workflowBundle: { codePath: string }; description: string }
  | { kind: 'sources'; workflowsPath: string; description: string };

export interface WorkflowSourceInput {
  /** ARENDE_WORKFLOW_BUNDLE. */
  bundleFile?: string;
  /** The worker's own module file (`__filename` of worker/main). */
  workerFile: string;
}

export class WorkflowSourceError extends Error {}

function builtAt(file: string): string {
  return statSync(file).mtime.toISOString();
}

export function workflowSource({ bundleFile, workerFile }: WorkflowSourceInput): WorkflowSource {
  const workerDir = resolve(workerFile, '..');
  if (bundleFile) {
    const codePath = resolve(bundleFile);
    if (!existsSync(codePath)) throw new WorkflowSourceError(`ARENDE_WORKFLOW_BUNDLE: ${codePath} does not exist (build it with \`npm run build\`)`);
    return { kind: 'bundle', workflowBundle: { codePath }, description: `prebuilt bundle ${codePath} (ARENDE_WORKFLOW_BUNDLE, written ${builtAt(codePath)})` };
  }
  if (workerFile.endsWith('.ts')) {
    return { kind: 'sources', workflowsPath: require.resolve(join(workerDir, '..', 'workflows')), description: 'bundled from the workflow sources at start-up' };
  }
  // Compiled: <build>/worker/main.js, the bundle at <build>/workflow-bundle.js.
  const codePath = join(workerDir, '..', BUNDLE_FILE);
  if (!existsSync(codePath)) {
    throw new WorkflowSourceError(`${codePath} is missing: the compiled worker runs the workflow bundle \`npm run build\` writes next to it (or set ARENDE_WORKFLOW_BUNDLE)`);
  }
  return { kind: 'bundle', workflowBundle: { codePath }, description: `prebuilt bundle ${codePath} (written ${builtAt(codePath)})` };
}
