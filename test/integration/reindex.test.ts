// `arende reindex` and `arende reindex --check` (issue 13) as an operator runs them: the real CLI
// process against a dev server with the real case workflows and a worker, into an empty SQLite read
// model. Cases are moved through their events (one to its end: withdrawn, its workflows closed and
// queried by replay). The worker's own read model, which the workflows project into, must compare
// equal (checkReadModel, in process); the rebuild's rows too; a row corrupted in the store is
// reported as exactly that difference (exit 1), rows of a workflow Temporal never had are reported
// and removed, and a second rebuild repairs it all.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { startCase } from '../../client/cases';
import { run } from '../../client/cli/main';
import { checkReadModel } from '../../client/read-model-rebuild';
import { differenceInWords } from '../../readmodel/reindex-rows';
import { dnr } from '../../domain/dnr';
import type { PartyId } from '../../domain/parties';
import { TRACK_STATE_WORDS } from '../../domain/words';
import type { TrackStateName } from '../../domain/track-rules';
import { applyProjection } from '../../readmodel/apply';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { ninePartyCase } from '../helpers/read-model';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { demoCase, event, recordingDelivery, registrationFrom, registry, send, startCaseStack, type CaseStack } from '../workflow/support';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/arende.js');
const TASK_QUEUE = `reindex-${process.pid}`;

const RS62 = dnr('RS/62/2026');
const KROKOM = 'krokom' as PartyId;

let stack: CaseStack;
let dir: string;
let file: string;
let db: ReadModel;

interface Run { code: number | null; stdout: string; stderr: string }

function arende(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...withoutReadModelUrl(process.env),
        TEMPORAL_ADDRESS: stack.env.address,
        TEMPORAL_NAMESPACE: TEST_NAMESPACE,
        ARENDE_TASK_QUEUE: TASK_QUEUE,
        ARENDE_API_URL: '',
        ARENDE_READ_MODEL_FILE: file,
      },
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
  });
}

function withoutReadModelUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ARENDE_READ_MODEL_URL: _url, ...rest } = env;
  return rest;
}

/** Every case and track workflow id, as visibility lists them. */
async function listed(client: Client): Promise<string[]> {
  const ids = new Set<string>();
  for await (const wf of client.workflow.list({ query: "WorkflowType = 'caseWorkflow' OR WorkflowType = 'decisionTrackWorkflow'" })) ids.add(wf.workflowId);
  return [...ids].sort();
}

/** Until all `expected` workflows are listed and none of them moves: no pending activity, the same history length a second later. */
async function quiet(client: Client, expected: number): Promise<void> {
  let last = '';
  await eventually(async () => {
    const ids = await listed(client);
    if (ids.length !== expected) return undefined;
    const described = await Promise.all(ids.map((id) => client.workflow.getHandle(id).describe()));
    const now = described.map((d) => `${d.workflowId}:${d.historyLength}:${d.raw.pendingActivities?.length ?? 0}`).join(' ');
    const still = now === last && described.every((d) => !d.raw.pendingActivities?.length);
    last = now;
    return still ? true : undefined;
  }, { timeoutMs: 90_000, intervalMs: 1_000 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arende-reindex-'));
  file = path.join(dir, 'readmodel.sqlite');
  stack = await startCaseStack(TASK_QUEUE, recordingDelivery().activities);
  const { client } = stack;
  // RS/62/2026 (9 huvudmän) and RS/418/2025 (2) through their seed events; RS/258/2026 requested
  // of its 9 huvudmän and then withdrawn: its case and tracks end (closed workflows).
  for (const name of ['RS-62-2026.json', 'RS-418-2025.json', 'RS-258-2026.json']) {
    const seed = demoCase(name);
    await startCase(client, seed.registration, registry, { taskQueue: TASK_QUEUE });
    const events = name === 'RS-258-2026.json' ? seed.events.filter((e) => e.type !== 'huvudman-decided') : seed.events;
    for (const e of events) await send(client, seed.registration.dnr, e);
  }
  await eventually(async () => ((await listed(client)).length === 23 ? true : undefined), { timeoutMs: 30_000 });
  await send(client, 'RS/258/2026', event({ type: 'withdrawn', date: '2026-02-10', reason: 'Återkallat i testet' }));
  await quiet(client, 23);
  db = await openReadModel({ kind: 'embedded', file });
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, STACK_STOP_TIMEOUT_MS);

test("the workflows' own projections (the worker's read model) compare equal to what they say now", async () => {
  const result = await checkReadModel(stack.client, stack.readModel);
  expect(result).toMatchObject({ cases: 3, tracks: 20, failures: [] });
  expect(result.differences.map(differenceInWords)).toEqual([]);
}, 60_000);

test('reindex fills an empty read model from the workflows; --check then finds 0 differences', async () => {
  const rebuilt = await arende('reindex');
  expect({ code: rebuilt.code, stderr: rebuilt.stderr, stdout: rebuilt.stdout }).toEqual({ code: 0, stderr: expect.not.stringContaining('kunde inte'), stdout: expect.any(String) });
  expect(rebuilt.stdout).toMatch(/^Läsmodellen byggd om: 3 ärenden, 20 beslutsspår på \d+(,\d)? s\.\n$/);
  // Not a terminal: plain progress lines on stderr, no bar.
  expect(rebuilt.stderr).toMatch(/^Bygger om 3 ärenden, 20 beslutsspår …\n(.*\n)*23\/23 arbetsflöden lästa\n$/);

  const counts = await sql<{ cases: number; tracks: number; statuses: number }>`select (select count(*) from case_row) as cases, (select count(*) from track_row) as tracks, (select count(*) from track_status) as statuses`.execute(db);
  expect(counts.rows[0]).toEqual({ cases: 3, tracks: 20, statuses: 20 });
  const withdrawn = await db.selectFrom('case_row').selectAll().where('dnr', '=', dnr('RS/258/2026')).executeTakeFirstOrThrow();
  expect(withdrawn).toMatchObject({ stage: 'withdrawn', open: false, partiesAsked: 9 });

  const check = await arende('reindex', '--check');
  expect(check.stdout).toMatch(/^Läsmodellen jämförd med Temporal: 3 ärenden, 20 beslutsspår på \d+(,\d)? s; 0 skillnader\.\n$/);
  expect(check.code).toBe(0);
  expect(await checkReadModel(stack.client, db)).toMatchObject({ cases: 3, tracks: 20, differences: [], failures: [] });
}, 120_000);

test('a corrupted row and rows without a workflow: --check names each and exits 1; reindex repairs them', async () => {
  const krokom = await db.selectFrom('track_row').selectAll().where('dnr', '=', RS62).where('party', '=', KROKOM).executeTakeFirstOrThrow();
  const wrong: TrackStateName = krokom.state === 'requested' ? 'decided' : 'requested';
  await db.updateTable('track_row').set({ state: wrong }).where('dnr', '=', RS62).where('party', '=', KROKOM).execute();
  // A case Temporal never had (as a read model restored from elsewhere, or after retention removed its workflows).
  const [ghost] = ninePartyCase({ n: 9001 });
  await applyProjection(db, { ...ghost!, workflowId: 'arende:RS-9001-2026' });

  const check = await arende('reindex', '--check');
  expect(check.code).toBe(1);
  expect(check.stdout.split('\n')).toEqual([
    `RS/62/2026 Krokoms kommun: läge i läsmodellen '${TRACK_STATE_WORDS[wrong]}', i arbetsflödet '${TRACK_STATE_WORDS[krokom.state]}'`,
    'RS/9001/2026: ärendet finns i läsmodellen men inte i Temporal',
    expect.stringMatching(/^Läsmodellen jämförd med Temporal: 3 ärenden, 20 beslutsspår på .* s; 2 skillnader\.$/),
    '',
  ]);
  const json = JSON.parse((await arende('reindex', '--check', '--json')).stdout);
  expect(json.differences).toEqual([
    expect.objectContaining({ dnr: 'RS/62/2026', party: 'krokom', kind: 'field', table: 'track_row', field: 'state', inStore: wrong, inWorkflow: krokom.state }),
    expect.objectContaining({ dnr: 'RS/9001/2026', kind: 'orphan', workflowId: 'arende:RS-9001-2026' }),
  ]);
  const inProcess = await checkReadModel(stack.client, db);
  expect(inProcess.differences.map((d) => [d.dnr, d.kind, d.field])).toEqual([['RS/62/2026', 'field', 'state'], ['RS/9001/2026', 'orphan', undefined]]);

  const repaired = await arende('reindex');
  expect(repaired.code).toBe(0);
  expect(repaired.stdout).toMatch(/^Läsmodellen byggd om: 3 ärenden, 20 beslutsspår på .* s; rader för 1 arbetsflöde som inte finns i Temporal borttagna\.\n$/);
  expect(await db.selectFrom('case_row').select('dnr').where('dnr', '=', dnr('RS/9001/2026')).execute()).toEqual([]);
  expect(await db.selectFrom('projection_version').select('workflowId').where('workflowId', '=', 'arende:RS-9001-2026').execute()).toEqual([]);
  const again = await arende('reindex', '--check');
  expect(again.stdout).toMatch(/; 0 skillnader\.\n$/);
  expect(again.code).toBe(0);
}, 120_000);

test('on a terminal the progress is a bar on stderr', async () => {
  let out = '';
  let drawn = '';
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
  const saved = { ...process.env };
  Object.assign(process.env, { TEMPORAL_ADDRESS: stack.env.address, TEMPORAL_NAMESPACE: TEST_NAMESPACE, ARENDE_READ_MODEL_FILE: file });
  delete process.env.ARENDE_READ_MODEL_URL;
  try {
    const code = await run(['reindex', '--check'], { out: (t) => (out += t), err: (t) => (drawn += t), errIsTty: true, errStream: terminal });
    expect({ code, out }).toEqual({ code: 0, out: expect.stringMatching(/; 0 skillnader\.\n$/) });
  } finally {
    process.env = saved;
  }
  expect(drawn).toMatch(/Jämför \[=+\] 23\/23 arbetsflöden/);
  expect(drawn).not.toContain('arbetsflöden lästa');
}, 60_000);

// Last: it leaves a workflow no worker answers for.
test('a workflow on a task queue no worker polls: reindex stops at once, saying the worker must run, and writes nothing', async () => {
  await startCase(stack.client, registrationFrom(demoCase('RS-62-2026.json').registration, { dnr: 'RS/950/2026' }), registry, { taskQueue: 'ingen-worker' });
  await eventually(async () => ((await listed(stack.client)).length === 24 ? true : undefined));
  const before = await db.selectFrom('projection_version').select(['workflowId', 'version']).orderBy('workflowId').execute();
  const stopped = await arende('reindex');
  expect({ code: stopped.code, stdout: stopped.stdout }).toEqual({ code: 1, stdout: '' });
  expect(stopped.stderr).toMatch(/^arende: Ingen arbetare \(worker\) hämtar uppgifter från kön ingen-worker\. Frågorna besvaras av arbetaren \(workern\), också för avslutade arbetsflöden, som Temporal spelar upp på den: starta den för kön ingen-worker \(npm start, eller worker\/main\.ts\) och försök igen\.\n$/m);
  expect(await db.selectFrom('projection_version').select(['workflowId', 'version']).orderBy('workflowId').execute()).toEqual(before);
}, 60_000);
