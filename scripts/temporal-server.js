#!/usr/bin/env node
// Builds (once) the real Temporal server — not the CLI's dev server — and Temporal's SQL schema tool
// from the Go module go.temporal.io/server, at the release the pinned CLI embeds, and caches them in
// .tools/temporal-server-<version>/ next to the CLI (scripts/temporal-binaries.js):
//   bin/temporal-server     cmd/server: the frontend, history, matching and worker services
//   bin/temporal-sql-tool   cmd/tools/sql: create-database, setup-schema, update-schema
//   schema/postgresql/v12/  temporal/ and visibility/, the versioned schema the tool applies
//   config/                 the module's development-postgres12.yaml and dynamicconfig/, for reference
//   manifest.json           version, Go, seconds taken, sizes; written last, so its presence means "complete"
// The cluster profile needs them; `npm start` and the tests do not. Plain Node, no npm dependencies.
//
// Needs Go and the Go module proxy (GOPROXY; Go's default is proxy.golang.org). Go keeps everything it
// fetches and builds under .tools/go/ (GOPATH, GOMODCACHE, GOCACHE), nothing in the user's home.
// Running it again is a no-op while the cache is complete and both binaries run. Go's caches are kept
// (a rebuild takes seconds with them, minutes without); `--clean` deletes .tools/go afterwards (GBs).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools');
const MODULE = 'go.temporal.io/server';
const PACKAGES = { 'temporal-server': 'cmd/server', 'temporal-sql-tool': 'cmd/tools/sql' };

const log = (msg) => process.stderr.write(`[temporal-server] ${msg}\n`);

// --- pure logic (test/unit/scripts/temporal-server.test.ts) ---

/** The server version the CLI embeds, from its `--version` line: "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)". */
function serverVersionFromCli(line) {
  const match = /\(Server (\d+\.\d+\.\d+)[,)]/.exec(line || '');
  return match ? match[1] : undefined;
}

/**
 * The module release to build for `wanted` ("1.32.0"), given `go list -m -versions` output: that exact
 * release, since the dev server the tests run is that one. Throws naming what the proxy does have.
 */
function pickRelease(wanted, versionsOutput) {
  const versions = versionsOutput.trim().split(/\s+/).slice(1); // first word is the module path
  const tag = `v${wanted}`;
  if (versions.includes(tag)) return tag;
  const [major, minor] = wanted.split('.');
  const sameMinor = versions.filter((v) => v.startsWith(`v${major}.${minor}.`));
  throw new Error(
    `${MODULE} ${tag} is not on the Go module proxy. ` +
      (sameMinor.length ? `Same minor there: ${sameMinor.join(', ')}.` : `Newest there: ${versions.slice(-3).join(', ') || 'none'}.`) +
      ' Pin another with package.json temporalBinaries.server.',
  );
}

/** Go's environment for the build: everything under .tools/go, the user's GOPROXY/GOFLAGS kept. */
function goEnv(base = process.env) {
  const go = path.join(TOOLS, 'go');
  return {
    ...base,
    GOPATH: go,
    GOMODCACHE: path.join(go, 'pkg', 'mod'),
    GOCACHE: path.join(go, 'cache'),
    // Writable module files, so `rm -rf .tools` works; static binaries, as Temporal's own release builds.
    GOFLAGS: [base.GOFLAGS, '-modcacherw'].filter(Boolean).join(' '),
    CGO_ENABLED: '0',
  };
}

// --- effects ---

function go(args, options = {}) {
  const result = spawnSync('go', args, { encoding: 'utf8', env: goEnv(), maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error && result.error.code === 'ENOENT') {
    throw new Error(
      'Go is not installed (no `go` on PATH). The Temporal server is built from its Go module: install Go ' +
        '(1.21 or newer; it fetches the toolchain the module asks for through the module proxy), e.g. ' +
        '`apt-get install golang` or https://go.dev/dl/, and run this again.',
    );
  }
  return result;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function dirBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : fs.lstatSync(p).size;
  }
  return total;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `--version` of a built binary, or undefined when it does not run. */
function binaryVersion(file) {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return (result.stdout || result.stderr).trim().split('\n')[0];
}

function layout(version) {
  const dir = path.join(TOOLS, `temporal-server-${version}`);
  return {
    dir,
    manifest: path.join(dir, 'manifest.json'),
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    schema: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

function result(files, manifest) {
  return { version: manifest.version, server: files.server, sqlTool: files.sqlTool, schema: files.schema, manifest };
}

/** The cached build, when complete and both binaries run. */
function fromCache(files) {
  if (!fs.existsSync(files.manifest)) return undefined;
  if (!binaryVersion(files.server) || !binaryVersion(files.sqlTool)) {
    log(`  ${path.relative(ROOT, files.dir)}/ is there but a binary does not run: building again`);
    return undefined;
  }
  return JSON.parse(fs.readFileSync(files.manifest, 'utf8'));
}

/** The pinned server version, checked against what the CLI embeds (a mismatch is reported, not fatal). */
async function wantedVersion() {
  const pinned = require(path.join(ROOT, 'package.json')).temporalBinaries.server;
  try {
    const { ensureTemporalBinaries } = require('./temporal-binaries');
    const { cli } = await ensureTemporalBinaries(['cli']);
    const line = spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const embedded = serverVersionFromCli(line);
    if (embedded && embedded !== pinned) {
      log(`  note: package.json pins server ${pinned}, the CLI embeds ${embedded} (${line}); building ${pinned}`);
    }
  } catch (err) {
    log(`  could not ask the CLI which server it embeds (${err.message.split('\n')[0]}); building the pinned ${pinned}`);
  }
  return pinned;
}

async function ensureTemporalServer() {
  const version = await wantedVersion();
  const files = layout(version);
  const cached = fromCache(files);
  if (cached) {
    log(`Temporal server ${version}: ${path.relative(ROOT, files.dir)}/ (cached; built in ${cached.seconds.build.toFixed(0)} s on ${cached.builtAt})`);
    return result(files, cached);
  }

  const goVersion = go(['version']).stdout.trim();
  log(`building Temporal server ${version} and its SQL tool from ${MODULE} with ${goVersion}`);
  log(`  Go caches under ${path.relative(ROOT, path.join(TOOLS, 'go'))}/; the first build takes several minutes`);

  const listing = timed(() => go(['list', '-m', '-versions', MODULE]));
  if (listing.value.status !== 0) {
    const proxy = go(['env', 'GOPROXY']).stdout.trim();
    throw new Error(
      `The Go module proxy is unreachable (GOPROXY=${proxy}): \`go list -m -versions ${MODULE}\` failed:\n` +
        `${listing.value.stderr.trim()}\nSet GOPROXY to a proxy this machine can reach, or build on one that can.`,
    );
  }
  const tag = pickRelease(version, listing.value.stdout);

  log(`$ go mod download -json ${MODULE}@${tag}`);
  const download = timed(() => go(['mod', 'download', '-json', `${MODULE}@${tag}`]));
  if (download.value.status !== 0) throw new Error(`go mod download ${MODULE}@${tag} failed:\n${download.value.stdout}${download.value.stderr}`);
  const moduleDir = JSON.parse(download.value.stdout).Dir;

  // Into a fresh folder first: a half-done build never looks complete.
  fs.rmSync(files.dir, { recursive: true, force: true });
  const staging = path.join(files.dir, 'bin.partial');
  fs.mkdirSync(staging, { recursive: true });
  const targets = Object.values(PACKAGES).map((pkg) => `${MODULE}/${pkg}@${tag}`);
  log(`$ GOBIN=${path.relative(ROOT, staging)} go install ${targets.join(' ')}`);
  const build = timed(() => go(['install', ...targets], { env: { ...goEnv(), GOBIN: staging }, stdio: ['ignore', 'inherit', 'inherit'] }));
  if (build.value.status !== 0) throw new Error(`go install failed (exit ${build.value.status}); its output is above.`);

  // go install names a binary after its package folder (server, sql); the project's names say what they are.
  fs.mkdirSync(path.join(files.dir, 'bin'));
  for (const [name, pkg] of Object.entries(PACKAGES)) {
    fs.renameSync(path.join(staging, path.basename(pkg)), path.join(files.dir, 'bin', name));
  }
  fs.rmSync(staging, { recursive: true });

  fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), files.schema, { recursive: true });
  fs.mkdirSync(path.join(files.dir, 'config'));
  fs.cpSync(path.join(moduleDir, 'config', 'development-postgres12.yaml'), path.join(files.dir, 'config', 'development-postgres12.yaml'));
  fs.cpSync(path.join(moduleDir, 'config', 'dynamicconfig'), path.join(files.dir, 'config', 'dynamicconfig'), { recursive: true });

  for (const file of [files.server, files.sqlTool]) {
    if (!binaryVersion(file)) throw new Error(`${path.relative(ROOT, file)} was built but does not run (\`--version\` failed).`);
  }
  const manifest = {
    version,
    module: `${MODULE}@${tag}`,
    go: goVersion,
    builtAt: new Date().toISOString(),
    seconds: { list: round(listing.seconds), download: round(download.seconds), build: round(build.seconds) },
    bytes: {
      server: fs.statSync(files.server).size,
      sqlTool: fs.statSync(files.sqlTool).size,
      schema: dirBytes(path.join(files.dir, 'schema')),
      goCache: dirBytes(path.join(TOOLS, 'go')),
    },
  };
  fs.writeFileSync(files.manifest, JSON.stringify(manifest, null, 2) + '\n');
  log(
    `Temporal server ${version}: ${path.relative(ROOT, files.dir)}/ built in ${manifest.seconds.build} s ` +
      `(temporal-server ${mb(manifest.bytes.server)}, temporal-sql-tool ${mb(manifest.bytes.sqlTool)}, ` +
      `Go's cache ${mb(manifest.bytes.goCache)} in .tools/go/: \`--clean\` deletes it)`,
  );
  return result(files, manifest);
}

const round = (s) => Math.round(s * 10) / 10;

module.exports = { ensureTemporalServer, serverVersionFromCli, pickRelease, goEnv };

/** `--clean`: Go's module and build caches are only needed to build again. */
function removeGoCaches() {
  const dir = path.join(TOOLS, 'go');
  if (!fs.existsSync(dir)) return;
  log(`deleting Go's caches, ${path.relative(ROOT, dir)}/ (${mb(dirBytes(dir))})`);
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  ensureTemporalServer().then(
    (found) => {
      if (process.argv.includes('--clean')) removeGoCaches();
      process.stdout.write(JSON.stringify(found, null, 2) + '\n');
    },
    (err) => {
      process.stderr.write(`\n${err.message}\n`);
      process.exit(1);
    },
  );
}
