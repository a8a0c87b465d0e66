// Installs the npm dependencies (`npm ci`, from the committed lock) when node_modules is missing or
// was installed from another package-lock.json.
// Plain Node, no npm dependencies: it runs before they exist.
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LOCK = path.join(ROOT, 'package-lock.json');
// Written after a successful install; holds the hash of the lock file it installed.
const STAMP = path.join(ROOT, 'node_modules', '.arende-installed-lock-hash');

const log = (msg) => process.stderr.write(`[dependencies] ${msg}\n`);

function lockHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(LOCK)).digest('hex');
}

function ensureNpmDependencies() {
  const wanted = lockHash();
  const installed = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : undefined;
  if (installed === wanted) return;
  log(installed ? 'package-lock.json changed: updating npm dependencies …' : 'installing npm dependencies (first run, about 2 minutes) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = Date.now();
  // `npm ci`: exactly the committed lock (which holds every platform's optional binaries), never a
  // resolution of its own; it refuses a lock out of step with package.json (test/unit/scripts/lockfile.test.ts).
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`npm ci failed (exit ${result.status}). Check that the npm registry is reachable, Node is 20 or newer, and package-lock.json matches package.json (\`npm install\` updates it).`);
  }
  fs.writeFileSync(STAMP, wanted + '\n');
  log(`npm dependencies installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

module.exports = { ensureNpmDependencies };

if (require.main === module) {
  try {
    ensureNpmDependencies();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
