// Determinism guard: recorded histories of every stage (test/workflow/histories/, re-recorded by
// `npx tsx scripts/record-histories.ts`) must replay against the current workflow code. A change
// that breaks a running case fails here; guard it with patched() (docs/versioning.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { workflowBundle } from '../helpers/temporal';
import { workflowsPath } from './support';

const DIR = path.join(__dirname, 'histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('recorded histories cover the case, its tracks and the expediering', () => {
  expect(files.length).toBeGreaterThanOrEqual(7);
  const eventTypes = new Set(
    files.flatMap((f) => (JSON.parse(readFileSync(path.join(DIR, f), 'utf8')).events as { eventType: string }[]).map((e) => e.eventType)),
  );
  for (const needed of ['EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED', 'EVENT_TYPE_TIMER_STARTED', 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED']) {
    expect(eventTypes).toContain(needed);
  }
});

test('every recorded history replays against the current workflow code', async () => {
  const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(DIR, f), 'utf8'))) }));
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(workflowsPath) }, histories)) results.push(result);
  expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : 'ok'])).toEqual(histories.map((h) => [h.workflowId, 'ok']));
});
