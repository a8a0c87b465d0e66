#!/usr/bin/env node
// `npm run start:cluster`: the production profile on this machine (scripts/cluster/supervisor.ts):
// installs what it needs — npm dependencies, the Temporal CLI, the Temporal server built from its
// Go module (scripts/temporal-server.js; minutes the first time), PostgreSQL and HAProxy from
// Debian's packages when missing — then runs it all until Ctrl-C.
'use strict';

const path = require('node:path');
const { ensureNpmDependencies } = require('./npm-dependencies');
const { ensureTemporalBinaries, binaryEnv } = require('./temporal-binaries');
const { ensureTemporalServer } = require('./temporal-server');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  ensureNpmDependencies();
  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli'])));
  const build = await ensureTemporalServer();
  require(require.resolve('tsx/cjs/api', { paths: [ROOT] })).register();
  require('./cluster/supervisor.ts').runCluster(build);
}

main().catch((err) => {
  process.stderr.write(`\n${err.message}\n`);
  process.exit(1);
});
