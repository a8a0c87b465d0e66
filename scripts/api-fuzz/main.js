#!/usr/bin/env node
// `npm run test:api-fuzz`: installs what it needs (npm dependencies; the supervisor installs the
// Temporal CLI, ./schemathesis.js the fuzzer), then runs ./run.ts. No jest.
'use strict';

const path = require('node:path');
const { ensureNpmDependencies } = require('../npm-dependencies');

const ROOT = path.resolve(__dirname, '../..');
ensureNpmDependencies();
require(require.resolve('tsx/cjs/api', { paths: [ROOT] })).register();
require('./run.ts');
