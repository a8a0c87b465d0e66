// Re-records the workflow histories the replay test (test/workflow/replay.test.ts) runs against
// the current code: `npx tsx scripts/record-histories.ts [--suffix PATCH-ID]`. Run it after a
// deliberate change of workflow behaviour (with patched() for running cases — docs/versioning.md)
// and commit the JSON; with `--suffix` the files are named `<id>.<PATCH-ID>.json`, beside the older
// histories, which stay until no case from before the patch runs.
// The cases cover every stage: registered → rsr-decided → justerat → anslag → tracks requested,
// overdue, återremiss, decided, anslag, laga kraft, appealed, closed; completed and withdrawn; and
// late events: an ended track and an ended case started again (docs/late-events.md); and a case
// started as before the read model, which takes its patch on at its first change.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startCase, closeTrack } from '../client/cases';
import { addDays, stockholmDate, isoDate } from '../domain/dates';
import { lastAppealDay } from '../domain/calendar';
import { trackWorkflowId, workflowIdForDnr, dnrSlug, type Dnr } from '../domain/dnr';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually } from '../test/helpers/temporal';
import { createCaseWorker, demoCase, event, recordingDelivery, registrationFrom, registry, send } from '../test/workflow/support';
import { trackStatusQuery, type CaseInput } from '../workflows/messages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTemporalBinaries, binaryEnv } = require('./temporal-binaries');

const OUT = path.join(__dirname, '../test/workflow/histories');
const TASK_QUEUE = 'record';
const suffixAt = process.argv.indexOf('--suffix');
const SUFFIX = suffixAt > 0 ? `.${process.argv[suffixAt + 1]}` : '';

async function save(client: Client, workflowId: string, run?: { runId: string; label: string }) {
  const history = await client.workflow.getHandle(workflowId, run?.runId).fetchHistory();
  const file = path.join(OUT, `${workflowId.replaceAll(':', '_')}${run ? `.${run.label}` : ''}${SUFFIX}.json`);
  // protobufjs's own object form (enums as names, 64-bit ints as strings); the replay test reads it back with fromObject.
  const json = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.create(history), { longs: String, enums: String, bytes: String });
  writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
  console.log(`${file}: ${history.events?.length} events`);
}

/** Starts cases as the code before the read model did: their input without `readModel` (nor the later `mailAfterReply`). */
const withoutReadModelInput: WorkflowClientInterceptor = {
  async start(input, next) {
    const [caseInput, ...rest] = input.options.args as [CaseInput, ...unknown[]];
    const { readModel: _readModel, mailAfterReply: _mailAfterReply, ...older } = caseInput;
    return next({ ...input, options: { ...input.options, args: [older, ...rest] } });
  },
};

async function main() {
  Object.assign(process.env, binaryEnv(await ensureTemporalBinaries(['cli', 'testServer'])));
  const env = await createDevServerEnvironment();
  const { activities } = recordingDelivery();
  const worker = await createCaseWorker(env.nativeConnection, TASK_QUEUE, activities, TEST_NAMESPACE);
  const client = env.client;
  await worker.runUntil(async () => {
    const rs62 = demoCase('RS-62-2026.json');
    const base = rs62.registration;
    const today = stockholmDate(Date.now());
    const trackOf = (dnr: Dnr, party: string) => client.workflow.getHandle(trackWorkflowId(dnr, party as never));
    const requested = (dnr: Dnr, party: string) =>
      eventually(async () => ((await trackOf(dnr, party).query(trackStatusQuery)).deliveries.length > 0 ? true : undefined));

    // 1. RS/62/2026 as in the seeds, then closed by an administrator → completed.
    const dnr = base.dnr;
    const { handle } = await startCase(client, base, registry, { taskQueue: TASK_QUEUE });
    for (const e of rs62.events) await send(client, dnr, e);
    for (const p of ['berg', 'bracke', 'harjedalen', 'ragunda', 'stromsund', 'are', 'ostersund']) {
      await requested(dnr, p);
      await closeTrack(client, dnr, p, { reason: 'Registrerat i efterhand', actor: 'admin' });
    }
    // Krokom: återremiss, then bifall posted today, then an appeal within the period.
    await send(client, dnr, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-04-15', paragraf: 20, outcome: 'aterremiss' }));
    await send(client, dnr, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: today, paragraf: 44, outcome: 'bifall' }));
    await send(client, dnr, event({ type: 'justering-recorded', party: 'krokom', justerare: ['B'], date: today }));
    await send(client, dnr, event({ type: 'anslag-posted', party: 'krokom', posted: today }));
    await send(client, dnr, event({ type: 'appeal-filed', party: 'krokom', filedOn: today }));
    await handle.result();
    await save(client, workflowIdForDnr(dnr));
    for (const p of ['region-jh', 'krokom', 'berg']) await save(client, trackWorkflowId(dnr, p as never));
    await save(client, `${workflowIdForDnr(dnr)}:_expediering`);

    // 2. Withdrawn midway, with a beredning step recorded first.
    const w = registrationFrom(base, { dnr: 'RS/63/2026', beredning: [], recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: isoDate('2027-06-30') } });
    const wd = w.dnr as Dnr;
    const withdrawn = await startCase(client, w, registry, { taskQueue: TASK_QUEUE });
    await send(client, wd, event({ type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate: '2026-01-16', paragraf: 3, outcome: 'tillstyrkt' }));
    await send(client, wd, event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation.'] }));
    await send(client, wd, event({ type: 'justering-recorded', justerare: ['A'], date: '2026-02-02' }));
    await requested(wd, 'krokom');
    await send(client, wd, event({ type: 'withdrawn', date: today, reason: 'Återkallat' }));
    await withdrawn.handle.result();
    await save(client, workflowIdForDnr(wd));
    await save(client, trackWorkflowId(wd, 'krokom' as never));

    // 3. Late events (docs/late-events.md): Krokom's decision is laga kraft at once (posted weeks
    // ago); a timely appeal reaches the running case, which starts Krokom's track again; Berg is
    // closed and the case completes; then a timely appeal of RSR's decision and a correction of
    // Krokom's anslag each start a new run of the completed case (the second also of the track).
    const daysAgo = (n: number) => addDays(today, -n);
    const l = registrationFrom(base, {
      dnr: 'RS/64/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: daysAgo(90) },
      beredning: [],
      rsrMeetingDate: daysAgo(60),
      recommendation: { ...base.recommendation, huvudman: ['krokom', 'berg'] as never, senast: addDays(today, 60), reminders: [3] },
    });
    const ld = l.dnr as Dnr;
    const late = await startCase(client, l, registry, { taskQueue: TASK_QUEUE });
    await send(client, ld, event({ type: 'rsr-decided', meetingDate: daysAgo(60), paragraf: 4, beslut: ['Rekommendation.'] }));
    await send(client, ld, event({ type: 'justering-recorded', justerare: ['A'], date: daysAgo(58) }));
    await send(client, ld, event({ type: 'anslag-posted', posted: daysAgo(57) }));
    await requested(ld, 'krokom');
    await send(client, ld, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: daysAgo(50), paragraf: 12, outcome: 'bifall', justering: { justerare: ['B'], date: daysAgo(49) }, anslag: { posted: daysAgo(48) } }));
    const krokomId = trackWorkflowId(ld, 'krokom' as never);
    const firstKrokom = await eventually(async () => {
      const d = await client.workflow.getHandle(krokomId).describe();
      return d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    await send(client, ld, event({ type: 'appeal-filed', party: 'krokom', filedOn: lastAppealDay(daysAgo(48)) }));
    const appealedKrokom = await eventually(async () => {
      const d = await client.workflow.getHandle(krokomId).describe();
      return d.runId !== firstKrokom && d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    await requested(ld, 'berg');
    await closeTrack(client, ld, 'berg', { reason: 'Avstår', actor: 'admin' });
    await late.handle.result();
    const firstCase = (await late.handle.describe()).runId;
    await send(client, ld, event({ type: 'appeal-filed', filedOn: lastAppealDay(daysAgo(57)), appellant: 'Kommunmedlem' }));
    const appealedCase = await eventually(async () => {
      const d = await client.workflow.getHandle(workflowIdForDnr(ld)).describe();
      return d.runId !== firstCase && d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    await send(client, ld, event({ type: 'correction-recorded', party: 'krokom', target: 'appeal', changes: { court: 'Förvaltningsrätten i Härnösand' }, reason: 'Domstolen angavs inte' }));
    const correctedCase = await eventually(async () => {
      const d = await client.workflow.getHandle(workflowIdForDnr(ld)).describe();
      return d.runId !== appealedCase && d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    await save(client, workflowIdForDnr(ld), { runId: firstCase, label: 'run1' });
    await save(client, workflowIdForDnr(ld), { runId: appealedCase, label: 'run2' });
    await save(client, workflowIdForDnr(ld), { runId: correctedCase, label: 'run3' });
    await save(client, krokomId, { runId: firstKrokom, label: 'run1' });
    await save(client, krokomId, { runId: appealedKrokom, label: 'run2' });
    await save(client, krokomId, { runId: (await client.workflow.getHandle(krokomId).describe()).runId, label: 'run3' });
    // 4. A case as started before the read model (its input without `readModel`), withdrawn midway:
    // it and its track take READ_MODEL_PATCH on at their first change (workflows/read-model-sync.ts),
    // and the track MAIL_AFTER_REPLY_PATCH at its decision (workflows/mail-after-reply.ts).
    const older = new Client({ connection: env.connection, namespace: TEST_NAMESPACE, interceptors: { workflow: [withoutReadModelInput] } });
    const o = registrationFrom(base, { dnr: 'RS/65/2026', beredning: [], recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: isoDate('2027-06-30') } });
    const od = o.dnr as Dnr;
    const olderCase = await startCase(older, o, registry, { taskQueue: TASK_QUEUE });
    await send(client, od, event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation.'] }));
    await send(client, od, event({ type: 'justering-recorded', justerare: ['A'], date: '2026-02-02' }));
    await requested(od, 'krokom');
    await send(client, od, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: today, paragraf: 7, outcome: 'aterremiss' }));
    await send(client, od, event({ type: 'withdrawn', date: today, reason: 'Återkallat' }));
    await olderCase.handle.result();
    await save(client, workflowIdForDnr(od));
    await save(client, trackWorkflowId(od, 'krokom' as never));
    console.log(`recorded ${dnrSlug(dnr)}, ${dnrSlug(wd)}, ${dnrSlug(ld)} and ${dnrSlug(od)}`);
  });
  await env.teardown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
