#!/usr/bin/env node
// `npm test`: installs what the suite needs (npm dependencies, both Temporal binaries), then runs jest.
// Extra arguments go to jest (`npm test -- test/unit`). Jest's results are also written as JSON to
// test-results/jest.json, which .ci/run reads for its summary line.
// `npm run test:faults` (this script with --faults first): only the fault tests in test/faults, which
// `npm test` leaves out (jest.config.js), one file at a time; results in test-results/faults.json.
// `npm run test:cluster` (--cluster): only test/cluster, the production profile (npm run
// start:cluster) with 200 cases; results in test-results/cluster.json. Not run by .ci/run: the
// first run builds the Temporal server from its Go module (about 11 minutes).
// After jest exits, no process the run started may still run (scripts/leftover-processes.js): any
// that does is named, killed, and counted as a failed check in test-results/leftovers[-faults].json.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureNpmDependencies } = require('./npm-dependencies');
const { ensureTemporalBinaries, binaryEnv } = require('./temporal-binaries');
const { MARK_VARIABLE, reapLeftovers } = require('./leftover-processes');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  ensureNpmDependencies();
  const binaries = await ensureTemporalBinaries(['cli', 'testServer']);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const suite = { '--faults': 'faults', '--cluster': 'cluster' }[process.argv[2]] ?? 'main';
  const jestArgs = process.argv.slice(suite === 'main' ? 2 : 3);
  const output = suite === 'main' ? 'test-results/jest.json' : `test-results/${suite}.json`;
  const args = [jest, '--json', `--outputFile=${output}`, ...jestArgs];
  const mark = `${process.pid}-${Date.now()}`;
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...binaryEnv(binaries), ARENDE_TEST_SUITE: suite, [MARK_VARIABLE]: mark },
  });
  const leftovers = await reapLeftovers(mark);
  writeLeftovers(leftovers, suite === 'main' ? 'leftovers.json' : `leftovers-${suite}.json`);
  process.exit(leftovers?.length ? 1 : (result.status ?? 1));
}

/** The check "nothing outlives the suite", as one passed or failed test in jest's result shape. */
function writeLeftovers(leftovers, name) {
  if (leftovers === undefined) {
    process.stdout.write('npm test: cannot list processes here (no /proc): did not check for processes left running\n');
  } else if (leftovers.length) {
    process.stderr.write(`\nnpm test: ${leftovers.length} processes of the suite were still running after jest exited (now killed):\n`);
    for (const p of leftovers) process.stderr.write(`  pid ${p.pid}: ${p.command.slice(0, 200)}\n`);
  } else {
    process.stdout.write('npm test: no process of the suite is left running\n');
  }
  const failed = leftovers?.length ? 1 : 0;
  const file = path.join(ROOT, 'test-results', name);
  fs.writeFileSync(file, JSON.stringify({ numPassedTests: leftovers === undefined ? 0 : 1 - failed, numFailedTests: failed, numRuntimeErrorTestSuites: 0, leftovers: leftovers ?? null }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`\n${err.message}\n`);
  process.exit(1);
});
