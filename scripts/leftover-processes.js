// Which processes a test run left behind: every process the suite starts (jest's workers, Temporal
// servers, workers, HTTP servers, Chromium, PostgreSQL) inherits ARENDE_TEST_RUN=<mark> from
// scripts/test.js, so after jest exits any process still carrying the mark outlived its test.
// Linux only (/proc); elsewhere the check reports that it could not look.
'use strict';

const fs = require('node:fs');

const MARK_VARIABLE = 'ARENDE_TEST_RUN';

/** The processes (pid and command line) whose environment holds `${MARK_VARIABLE}=${mark}`, this one excluded. */
function markedProcesses(mark) {
  if (!fs.existsSync('/proc/self/environ')) return undefined;
  const needle = `${MARK_VARIABLE}=${mark}`;
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(needle)) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid: Number(entry), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Waits up to `settleMs` for the marked processes to exit by themselves (jest's workers take a
 * moment), then kills what is left (SIGKILL) and returns it: [] when nothing outlived the run.
 */
async function reapLeftovers(mark, settleMs = 10_000) {
  const deadline = Date.now() + settleMs;
  let left = markedProcesses(mark);
  if (left === undefined) return undefined;
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = markedProcesses(mark);
  }
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return left;
}

module.exports = { MARK_VARIABLE, markedProcesses, reapLeftovers };
