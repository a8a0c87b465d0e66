// Jest's node environment, plus: when a test file has run (after its own afterAll hooks, while its
// modules are still alive), everything it started through test/helpers (dev servers, workers, HTTP
// servers, browsers, child processes) that is still running is stopped — see test/helpers/teardown.ts.
// And: pdf.js loaded by Node itself, for test/helpers/pdfjs-node-realm.js.
'use strict';

const { TestEnvironment } = require('jest-environment-node');

class ArendeTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__arendeLoadPdfJs = () => require('pdfjs-dist/legacy/build/pdf.mjs');
    this.global.__arendeLoadPdfWorker = () => require('pdfjs-dist/legacy/build/pdf.worker.mjs');
  }

  async handleTestEvent(event) {
    if (event.name !== 'run_finish') return;
    const stopEverything = this.global.__arendeStopEverything;
    if (typeof stopEverything !== 'function') return;
    const failures = await stopEverything();
    for (const failure of failures) process.stderr.write(`teardown: ${failure}\n`);
  }
}

module.exports = ArendeTestEnvironment;
