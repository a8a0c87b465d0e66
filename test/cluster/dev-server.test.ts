// The comparison for test/cluster/cluster.test.ts: the same cases (ARENDE_CLUSTER_CASES, default 200)
// through the same lifecycle over the API of the embedded default (`npm start`: the Temporal dev
// server on SQLite, one worker, one HTTP server, the read model on SQLite), nothing killed. Its
// figures go beside the cluster's in test-results/cluster-figures.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '../faults/support';
import { Driver } from './drive';
import { describeFigures, runFigures, saveFigures } from './figures';
import { CpuSampler } from './process-tree';
import { stackPorts, startStack, type StackProcess } from './support';

const CASES = Number(process.env.ARENDE_CLUSTER_CASES ?? 200);
const CONCURRENCY = 8;

let stack: StackProcess;

afterAll(async () => {
  await stack?.stop();
}, 200_000);

test(`${CASES} cases through the lifecycle on the embedded default (the dev server), for comparison`, async () => {
  const ports = await stackPorts();
  stack = startStack('embedded', 'scripts/start.js', ports);
  await stack.waitFor(/Ärendeflöde is running\./, 300_000);
  const secrets = JSON.parse(readFileSync(join(stack.dataDir, 'secrets.json'), 'utf8')) as { administratorToken: string };
  const driver = new Driver(`http://127.0.0.1:${ports.ARENDE_HTTP_PORT}`, secrets.administratorToken);

  const cpu = new CpuSampler(stack.child.pid!);
  cpu.start();
  const started = Date.now();
  await driver.runCases(CASES, CONCURRENCY);
  await until('every case completed', async () => ((await driver.completed()) === CASES ? true : undefined), 600_000, 1_000);
  const ms = Date.now() - started;
  const used = cpu.stop();

  expect(driver.stats.refused).toEqual([]);
  const figures = runFigures('dev-server', CASES, CONCURRENCY, ms, driver.stats, used, ['npm start: the Temporal dev server (SQLite, WAL), one worker and one HTTP server run from the TypeScript sources (tsx)']);
  console.log(describeFigures(figures));
  saveFigures(figures);
}, 1_500_000);
