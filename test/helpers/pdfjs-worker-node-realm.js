// pdf.js's worker in jest (jest.config.js maps 'pdfjs-dist/legacy/build/pdf.worker.mjs' here): loaded
// by Node in the test environment, like pdf.js itself (pdfjs-node-realm.js says why).
'use strict';

module.exports = globalThis.__arendeLoadPdfWorker();
