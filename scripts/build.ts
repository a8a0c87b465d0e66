// `npm run build`: the production build, as the Temporal samples' `production` folder does it.
//   dist/                    the runtime code compiled by tsc (tsconfig.build.json): worker, client
//                            (HTTP server, CLI), activities, domain, config, lib, workflows, and the
//                            namespace setup; run with plain `node dist/...`, no tsx;
//   dist/workflow-bundle.js  the workflow code bundled once by the SDK's bundler (bundleWorkflowCode),
//                            which the compiled worker loads instead of bundling at every start;
//   the files the code reads at run time next to it: config/parties.json, client/web/assets/.
// The build goes to a fresh folder that replaces dist/ only when it is complete, so a failed build
// never leaves half a dist/ (an old bundle beside new code). `--out-dir DIR` builds elsewhere (tests).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/workflow-bundle';
import { BUNDLE_FILE } from '../worker/workflow-source';

const ROOT = resolve(__dirname, '..');
/** Files the compiled code reads at run time through `__dirname`, copied to the same place in the build. */
const ASSETS = ['config/parties.json', 'client/web/assets'];

const say = (msg: string) => console.log(`[build] ${msg}`);

function outDirFromArgs(argv: string[]): string {
  const i = argv.indexOf('--out-dir');
  if (i === -1) return join(ROOT, 'dist');
  const dir = argv[i + 1];
  if (!dir) throw new Error('--out-dir needs a folder');
  return resolve(dir);
}

/** Refuses to replace a folder that is not a build (the project itself, a source folder). */
function checkReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory() || existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git')) || dir === ROOT) {
    throw new Error(`${dir} is not a build folder; refusing to replace it`);
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? ok() : fail(new Error(`${basename(args[0] ?? command)} failed (${signal ?? `exit ${code}`})`))));
  });
}

export async function build(outDir: string): Promise<void> {
  checkReplaceable(outDir);
  const started = Date.now();
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    // tsc in its own process while this one bundles: the two take about the same time.
    const compile = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', staging]);
    const bundle = bundleWorkflowCode(workflowBundleOptions(new DefaultLogger('WARN')));
    const [{ code }] = await Promise.all([bundle, compile]);
    writeFileSync(join(staging, BUNDLE_FILE), code);
    for (const asset of ASSETS) cpSync(join(ROOT, asset), join(staging, asset), { recursive: true });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const where = relative(process.cwd(), outDir) || '.';
  say(`${where}/ built in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${where}/worker/main.js, node ${where}/client/http/server.js; workflows in ${where}/${BUNDLE_FILE}`);
}

if (require.main === module) {
  build(outDirFromArgs(process.argv.slice(2))).catch((err) => {
    console.error(`[build] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
