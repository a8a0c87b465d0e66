// Jest transform for PGlite's CommonJS build: it loads Node's built-ins with `await import("fs")`,
// which jest's module loader cannot run without --experimental-vm-modules. Node runs it as is;
// under jest the same built-ins come from require() instead.
'use strict';

const crypto = require('node:crypto');

module.exports = {
  process(source) {
    // Under its own name: Emscripten's glue declares `var require` in the functions that import.
    const code = source.replace(/\bimport\(("(?:node:)?[a-z/_]+")\)/g, 'Promise.resolve(__builtinRequire($1))');
    return { code: `const __builtinRequire = require;${code}` };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update('builtin-import-2').update(filename).update(source).digest('hex');
  },
};
