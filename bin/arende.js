#!/usr/bin/env node
// The `arende` command (package.json "bin"). In a checkout it runs the TypeScript CLI through tsx's
// CommonJS API, so a fresh clone works right after `npm install`, with no build step, and never runs
// an older dist/. Where the sources are absent (the Docker image: `npm run build`'s dist/ only) it
// runs the compiled CLI with plain node.
/* global __filename */
'use strict';

const { existsSync } = require('node:fs');
const path = require('node:path');

const sources = path.join(__dirname, '..', 'client', 'cli', 'main.ts');
const { run } = existsSync(sources)
  ? require('tsx/cjs/api').require('../client/cli/main.ts', __filename)
  : require(path.join(__dirname, '..', 'dist', 'client', 'cli', 'main.js'));

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`arende: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
