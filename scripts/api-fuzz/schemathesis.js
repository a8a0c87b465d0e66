#!/usr/bin/env node
// Finds (or installs) schemathesis, the API fuzzer of `npm run test:api-fuzz`, in a project-local
// virtualenv .tools/schemathesis-venv/ (git-ignored like the rest of .tools; never a global install).
// Every Python package it needs is pinned in requirements.txt beside this file; the venv is made
// again when that file changes (its hash is stamped into the venv), so the install is idempotent.
// Plain Node, no npm dependencies. Prints the path of the `st` command when run directly.
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const VENV = path.join(ROOT, '.tools', 'schemathesis-venv');
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const STAMP = path.join(VENV, '.arende-requirements-hash');
const ST = path.join(VENV, 'bin', 'st');

const log = (msg) => process.stderr.write(`[schemathesis] ${msg}\n`);

/** The pinned schemathesis version (requirements.txt's `schemathesis==X`). */
function pinnedVersion() {
  const match = /^schemathesis==(\S+)$/m.exec(fs.readFileSync(REQUIREMENTS, 'utf8'));
  if (!match) throw new Error(`${path.relative(ROOT, REQUIREMENTS)} pins no schemathesis version`);
  return match[1];
}

function requirementsHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** The `st` command of the pinned schemathesis, installed on first use. */
function ensureSchemathesis() {
  const wanted = requirementsHash();
  const installed = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : undefined;
  if (installed === wanted && fs.existsSync(ST)) return ST;
  const python = process.env.ARENDE_PYTHON || 'python3';
  log(`installing schemathesis ${pinnedVersion()} from PyPI into ${path.relative(ROOT, VENV)}/ (about 20 s) …`);
  fs.rmSync(VENV, { recursive: true, force: true });
  run(python, ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '-r', REQUIREMENTS]);
  fs.writeFileSync(STAMP, `${wanted}\n`);
  return ST;
}

module.exports = { ensureSchemathesis, pinnedVersion };

if (require.main === module) {
  try {
    console.log(ensureSchemathesis());
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}
