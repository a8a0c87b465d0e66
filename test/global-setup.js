// Jest global setup: make sure both Temporal binaries are available and tell the test workers
// where (workers inherit this process's environment). `npm test` has usually done this already.
const { ensureTemporalBinaries, binaryEnv, BINARIES } = require('../scripts/temporal-binaries');

module.exports = async function globalSetup() {
  if (process.env[BINARIES.cli.envVar] && process.env[BINARIES.testServer.envVar]) return;
  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli', 'testServer'])));
};
