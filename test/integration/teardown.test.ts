// A beforeAll that times out while servers are still starting leaves nothing running: a jest of its
// own runs test/fixtures/teardown/start-cut-short.fixture.ts (a dev server, a time-skipping server,
// Chromium and a child process, cut short after 300 ms) with a mark in its environment, and then no
// process carrying the mark may be alive (scripts/leftover-processes.js, which `npm test` runs too).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { markedProcesses, reapLeftovers } from '../../scripts/leftover-processes';

const ROOT = resolve(__dirname, '../..');

test('a start-up cut short by its beforeAll time-out is stopped when the file ends', async () => {
  const mark = `teardown-test-${process.pid}-${Date.now()}`;
  const seen = new Set<string>();
  const jest = spawn(
    process.execPath,
    [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--rootDir', ROOT, '--roots', '<rootDir>/test/fixtures/teardown', '--testMatch', '**/*.fixture.ts', '--ci'],
    { cwd: ROOT, env: { ...process.env, ARENDE_TEST_RUN: mark }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  for (const stream of [jest.stdout, jest.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // While it runs: what it started (so the test knows the servers really were up).
  const watch = setInterval(() => {
    for (const p of markedProcesses(mark) ?? []) {
      if (/temporal|chromium|setInterval/.test(p.command)) seen.add(p.command.includes('chromium') ? 'chromium' : p.command.includes('setInterval') ? 'child process' : p.command.includes('start-dev') ? 'dev server' : 'test server');
    }
  }, 100);
  const code = await new Promise<number | null>((done) => jest.once('exit', done));
  clearInterval(watch);

  // The fixture's only test fails (its beforeAll timed out), as intended.
  expect({ code, output: output.includes('Exceeded timeout') }).toEqual({ code: 1, output: true });
  expect([...seen].sort()).toEqual(['child process', 'chromium', 'dev server', 'test server']);
  // Nothing it started outlived it (reapLeftovers kills what did, so a failure here leaves nothing either).
  const left = await reapLeftovers(mark, 5_000);
  expect(left).toEqual([]);
}, 180_000);
