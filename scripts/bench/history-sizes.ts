// Measures history sizes (events) of a case and its tracks on a dev server, for 9 and 311 huvudmän
// (all Swedish municipalities and regions, as SKR recommendations ask): `npx tsx scripts/bench/history-sizes.ts [9 311]`.
// Happy path: RSR decided, justerat, anslag; every huvudman decides bifall with justering and anslag
// (dates in the past, so laga kraft follows at once); the case completes. Results go in docs/history-sizes.md.
import type { Client } from '@temporalio/client';
import { workflowIdForDnr, trackWorkflowId, type Dnr } from '../../domain/dnr';
import { isoDate, stockholmInstant } from '../../domain/dates';
import { caseStage, initialCaseState } from '../../domain/case-rules';
import { DnrAttribute, NextDeadlineAttribute, StageAttribute, TitleAttribute } from '../../domain/search-attributes';
import type { PartySnapshot } from '../../domain/rules';
import { TEST_NAMESPACE, createDevServerEnvironment } from '../../test/helpers/temporal';
import { createCaseWorker, demoCase, event, historyLength, recordingDelivery, registrationFrom, send } from '../../test/workflow/support';
import { CASE_WORKFLOW, type CaseInput } from '../../workflows/messages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTemporalBinaries, binaryEnv } = require('../temporal-binaries');

/** Events in a workflow's history, and how many are search-attribute upserts and completed workflow tasks. */
async function eventCounts(client: Client, workflowId: string) {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return {
    total: events.length,
    upserts: events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length,
    tasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
  };
}

async function main() {
  const sizes = process.argv.slice(2).map(Number);
  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli'])));
  const env = await createDevServerEnvironment();
  const worker = await createCaseWorker(env.nativeConnection, 'bench', recordingDelivery().activities, TEST_NAMESPACE);
  const client = env.client;
  const base = demoCase('RS-62-2026.json').registration;
  await worker.runUntil(async () => {
    for (const n of sizes.length ? sizes : [9, 311]) {
      const parties: PartySnapshot[] = Array.from({ length: n }, (_, i) => ({
        id: `huvudman-${String(i + 1).padStart(3, '0')}` as never,
        name: `Huvudman ${i + 1}`,
        organ: 'Kommunstyrelsen',
        registrator: `registrator${i + 1}@kommun.example` as never,
      }));
      const registration = registrationFrom(base, {
        dnr: `RS/${n}0/2026`,
        expedierasTill: [],
        recommendation: { ...base.recommendation, huvudman: parties.map((p) => p.id), senast: isoDate('2027-06-30') },
      });
      const dnr = registration.dnr as Dnr;
      const input: CaseInput = {
        registration, parties, knownParties: parties.map((p) => p.id), managerEmail: 'kansli@region.example' as never,
        recommendedBy: { id: 'rsr' as never, name: 'RSR' }, expediering: parties.map((p) => ({ to: p.registrator, label: p.name, party: p.id })), unresolved: [],
      };
      const started = Date.now();
      // The first row as client/cases.ts startCase gives it (parties outside the registry, so not through it).
      const handle = await client.workflow.start(CASE_WORKFLOW, {
        taskQueue: 'bench',
        workflowId: workflowIdForDnr(dnr),
        args: [input],
        typedSearchAttributes: [
          { key: DnrAttribute, value: dnr },
          { key: TitleAttribute, value: registration.title },
          { key: StageAttribute, value: caseStage(initialCaseState(registration)) },
          { key: NextDeadlineAttribute, value: new Date(stockholmInstant(registration.rsrMeetingDate)) },
        ],
      });
      await send(client, dnr, event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation.'] }));
      await send(client, dnr, event({ type: 'justering-recorded', justerare: ['A'], date: '2026-02-02' }));
      await send(client, dnr, event({ type: 'anslag-posted', posted: '2026-02-03' }));
      for (let i = 0; i < parties.length; i += 20) {
        await Promise.all(parties.slice(i, i + 20).map((p, j) => send(client, dnr, event({
          type: 'huvudman-decided', party: p.id, organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: i + j + 1, outcome: 'bifall',
          justering: { justerare: ['J'], date: '2026-03-30' }, anslag: { posted: '2026-03-31' },
        }))));
      }
      await handle.result();
      const caseEvents = await eventCounts(client, workflowIdForDnr(dnr));
      const trackEvents = await eventCounts(client, trackWorkflowId(dnr, parties[0]!.id));
      const expediering = await historyLength(client, `${workflowIdForDnr(dnr)}:_expediering`);
      console.log(
        `${n} huvudmän: case ${caseEvents.total} events (${caseEvents.upserts} upserts, ${caseEvents.tasks} workflow tasks), ` +
          `one track ${trackEvents.total} (${trackEvents.upserts} upserts, ${trackEvents.tasks} tasks), expediering ${expediering}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  });
  await env.teardown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
