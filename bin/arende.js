#!/usr/bin/env node
// The `arende` command (package.json "bin"). Runs the TypeScript CLI through tsx's CommonJS API,
// so a fresh clone works right after `npm install`, with no build step.
/* global __filename */
'use strict';

const tsx = require('tsx/cjs/api');

const { run } = tsx.require('../client/cli/main.ts', __filename);

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`arende: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
