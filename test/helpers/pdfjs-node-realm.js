// pdf.js in jest (jest.config.js maps 'pdfjs-dist/legacy/build/pdf.mjs' here). pdfjs-dist ships only
// ES modules (.mjs), which jest's module loader refuses without --experimental-vm-modules, and which
// cannot be transpiled (jest treats every .mjs file as ES). So the test environment, which runs in
// Node itself, loads it with Node's require (require(esm), Node 20.19+) and hands it over: pdf.js
// then lives in Node's realm, not the test's (lib/pdf-text.ts recognises its errors by name).
'use strict';

module.exports = globalThis.__arendeLoadPdfJs();
