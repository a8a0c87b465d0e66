#!/usr/bin/env node
// `npm start`: installs what the system needs (npm dependencies, the Temporal CLI), then runs the
// embedded default under one supervisor (scripts/stack/supervisor.ts) until Ctrl-C.
'use strict';

const path = require('node:path');
const { ensureNpmDependencies } = require('./npm-dependencies');
const { ensureTemporalBinaries, binaryEnv } = require('./temporal-binaries');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  ensureNpmDependencies();
  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli'])));
  // tsx (a development dependency, installed just above) runs the TypeScript supervisor in this process.
  require(require.resolve('tsx/cjs/api', { paths: [ROOT] })).register();
  require('./stack/supervisor.ts').runStack();
}

main().catch((err) => {
  process.stderr.write(`\n${err.message}\n`);
  process.exit(1);
});
