#!/usr/bin/env node
// `npm test`: installs what the suite needs (npm dependencies, both Temporal binaries), then runs jest.
// Extra arguments go to jest (`npm test -- test/unit`). Jest's results are also written as JSON to
// test-results/jest.json, which .ci/run reads for its summary line.
// `npm run test:faults` (this script with --faults first): only the fault tests in test/faults, which
// `npm test` leaves out (jest.config.js), one file at a time; results in test-results/faults.json.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureNpmDependencies } = require('./npm-dependencies');
const { ensureTemporalBinaries, binaryEnv } = require('./temporal-binaries');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  ensureNpmDependencies();
  const binaries = await ensureTemporalBinaries(['cli', 'testServer']);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const faults = process.argv[2] === '--faults';
  const jestArgs = process.argv.slice(faults ? 3 : 2);
  const output = faults ? 'test-results/faults.json' : 'test-results/jest.json';
  const args = [jest, '--json', `--outputFile=${output}`, ...jestArgs];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...binaryEnv(binaries), ARENDE_TEST_FAULTS: faults ? '1' : '0' },
  });
  process.exit(result.status ?? 1);
}

main().catch((err) => {
  process.stderr.write(`\n${err.message}\n`);
  process.exit(1);
});
