// The case lifecycle on a dev server (real visibility): the RS/62/2026 timeline of the seeds, the
// search attributes answering the managers' list queries, and the full happy path with 9 huvudmän
// within the history budget (≤ 120 events in the case's history).
import type { Client } from '@temporalio/client';
import { eventually } from '../helpers/temporal';
import { caseEventLog, caseStatus, startCase } from '../../client/cases';
import { isoDate } from '../../domain/dates';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import { DnrAttribute, PartyAttribute, StageAttribute } from '../../domain/search-attributes';
import { demoCase, startCaseStack, type CaseStack, event, historyLength, recordingDelivery, registrationFrom, registry, send, readModelDifferences } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TASK_QUEUE = 'lifecycle';
const rs62 = demoCase('RS-62-2026.json');
const MUNICIPALITIES: string[] = ['berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];

async function list(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids.sort();
}

/** Waits until a list query returns exactly `expected` (visibility is eventually consistent). */
async function expectList(client: Client, query: string, expected: string[]) {
  const want = [...expected].sort();
  await eventually(async () => {
    const got = await list(client, query);
    return JSON.stringify(got) === JSON.stringify(want) ? got : undefined;
  }).catch(async () => {
    expect(await list(client, query)).toEqual(want);
  });
}

/**
 * How many upserts of our search attributes each workflow task of `workflowId` made (not counting
 * the SDK's own upsert of TemporalChangeVersion beside a patch marker).
 */
async function upsertsPerTask(client: Client, workflowId: string): Promise<number[]> {
  const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
  const counts: number[] = [];
  for (const e of events ?? []) {
    const upserted = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
    if (e.workflowTaskCompletedEventAttributes) counts.push(0);
    else if (upserted.some((key) => key !== 'TemporalChangeVersion')) counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
  }
  return counts;
}

describe('case lifecycle on the dev server', () => {
  let stack: CaseStack;
  const delivery = recordingDelivery();

  beforeAll(async () => {
    stack = await startCaseStack(TASK_QUEUE, delivery.activities);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  }, STACK_STOP_TIMEOUT_MS);

  test('RS/62/2026: RSR 2026-01-26 § 2 → regionstyrelsen 2026-03-25 § 31 → laga kraft 2026-04-22; the 8 municipalities overdue', async () => {
    const client = stack.client;
    const dnr = rs62.registration.dnr;
    const { created, handle } = await startCase(client, rs62.registration, registry, { taskQueue: TASK_QUEUE });
    expect(created).toBe(true);
    expect((await handle.query('caseStatus' as never) as { stage: string }).stage).toBe('rsr-scheduled'); // beredning: Regionala ledningsgruppen lämnade förslag

    for (const e of rs62.events) await send(client, dnr, e);

    const region = await eventually(async () => {
      const s = await caseStatus(client, dnr);
      const r = s.trackStatus.find((t) => t.party === 'region-jh');
      return r?.state === 'laga-kraft' && !s.open.includes('region-jh' as never) && s.overdue.length === 8 ? s : undefined;
    });
    expect(region.stage).toBe('anslag');
    expect(region.rsr).toEqual({ meetingDate: '2026-01-26', paragraf: 2, beslut: rs62.events[0]!.type === 'rsr-decided' ? rs62.events[0]!.beslut : [] });
    expect(region.anslag?.calendar).toMatchObject({ justerad: '2026-02-02', posted: '2026-02-03', lastAppealDay: '2026-02-24', lagaKraft: '2026-02-25' });
    const regionTrack = region.trackStatus.find((t) => t.party === 'region-jh')!;
    expect(regionTrack.decisions.map((d) => [d.organ, d.meetingDate, d.paragraf, d.outcome])).toEqual([['Regionstyrelsen', '2026-03-25', 31, 'bifall']]);
    expect(regionTrack.anslag?.calendar).toMatchObject({ justerad: '2026-03-30', posted: '2026-03-31', lastAppealDay: '2026-04-21', lagaKraft: '2026-04-22' });
    expect(region.overdue.sort()).toEqual([...MUNICIPALITIES].sort());
    expect(region.open.sort()).toEqual([...MUNICIPALITIES].sort());
    const krokom = region.trackStatus.find((t) => t.party === 'krokom')!;
    // Requested after the reminder days (2026-04-16, 2026-04-27) had passed: skipped, never sent late.
    expect(krokom).toMatchObject({ state: 'overdue', senast: '2026-04-30', overdueSince: '2026-05-01' });
    expect(krokom.reminders.map((r) => [r.date, r.status])).toEqual([['2026-04-16', 'skipped'], ['2026-04-27', 'skipped']]);

    // Expediering: one protokollsutdrag per address (region, 8 municipalities, GNUS; Krokom's kommundirektör has no e-mail → registrator, merged).
    const utdragTo = () => delivery.sent
      .filter((s) => s.notification.dnr === dnr && s.notification.kind === 'protokollsutdrag')
      .map((s) => s.notification.recipient.email)
      .sort();
    const expedieras = [...new Set(['region-jh', ...MUNICIPALITIES, 'gnus'].map((id) => registry.getOrThrow(id).registrator))].sort();
    await eventually(async () => (utdragTo().length >= expedieras.length ? true : undefined)).catch(() => undefined);
    expect(utdragTo()).toEqual(expedieras);
    // Registered today (after 2026-04-30), every municipality's track is overdue from the start: one escalation each.
    // A track shows "overdue" as soon as it escalates; the mail activity may still be running, so wait for the mail.
    // The region's decision is entered right after justering: whether its track escalated first is a race, but never twice.
    const escalatedParties = () => delivery.sent
      .filter((s) => s.notification.dnr === dnr && s.notification.kind === 'forsenad')
      .map((s) => (s.notification.kind === 'forsenad' ? s.notification.track.party : ''))
      .sort();
    const municipalitiesEscalated = () => escalatedParties().filter((p) => p !== 'region-jh');
    await eventually(async () => (municipalitiesEscalated().length >= MUNICIPALITIES.length ? true : undefined)).catch(() => undefined);
    expect(municipalitiesEscalated()).toEqual([...MUNICIPALITIES].sort());
    expect(escalatedParties().filter((p) => p === 'region-jh').length).toBeLessThanOrEqual(1);

    // The timeline as a person reads it: ordered, timestamped, with the actor.
    const timeline = await caseEventLog(client, dnr);
    const types = timeline.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['registered', 'rsr-decided', 'justering-recorded', 'tracks-started']);
    expect(timeline.find((e) => e.type === 'huvudman-decided')).toMatchObject({ actor: 'registrator@regionjh.example', party: 'region-jh' });
    expect(timeline.every((e, i) => i === 0 || timeline[i - 1]!.at <= e.at)).toBe(true);

    // The search attributes answer the managers' questions with one list query each.
    const caseId = workflowIdForDnr(dnr);
    await expectList(client, `ArendeForsenade = 'krokom'`, [caseId]);
    await expectList(client, `ArendeEjKlara = 'ostersund' AND ArendeStage = 'anslag'`, [caseId]);
    await expectList(client, `ArendeEjKlara = 'region-jh'`, []);
    // "Every case where Krokom has not decided": the track rows, one query.
    await expectList(client, `ArendePart = 'krokom' AND ArendeStage IN ('requested', 'overdue')`, [trackWorkflowId(dnr, 'krokom' as never)]);
    // "Everything overdue": the overdue track rows.
    await expectList(client, `ArendeStage = 'overdue' AND ArendeDnr = '${dnr}'`, MUNICIPALITIES.map((p) => trackWorkflowId(dnr, p as never)));
    await expectList(client, `ArendeStage = 'laga-kraft'`, [trackWorkflowId(dnr, 'region-jh' as never)]);
    await expectList(client, `ArendeDnr = '${dnr}' AND ArendeNastaFrist < '2026-05-01T00:00:00Z' AND ArendePart IS NULL`, [caseId]);
    const row = await eventually(async () => {
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${trackWorkflowId(dnr, 'krokom' as never)}'` })) return wf;
      return undefined;
    });
    expect([row.typedSearchAttributes.get(DnrAttribute), row.typedSearchAttributes.get(PartyAttribute), row.typedSearchAttributes.get(StageAttribute)]).toEqual([dnr, 'krokom', 'overdue']);
  });

  test('the full happy path with 9 huvudmän completes, and the case history stays within 120 events', async () => {
    const client = stack.client;
    const base = rs62.registration;
    const registration = registrationFrom(base, { dnr: 'RS/9009/2026', recommendation: { ...base.recommendation, senast: isoDate('2027-06-30') } });
    const dnr = registration.dnr as Dnr;
    const { handle } = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    await send(client, dnr, event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation till huvudmännen.'] }));
    await send(client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' }));
    await send(client, dnr, event({ type: 'anslag-posted', posted: '2026-02-03' }));
    await eventually(async () => ((await caseStatus(client, dnr)).trackStatus.every((t) => t.state === 'requested') ? true : undefined));
    let paragraf = 30;
    for (const party of registration.recommendation.huvudman) {
      const organ = registry.getOrThrow(party).organs[0]!;
      paragraf += 1;
      const receipt = await send(client, dnr, event({
        type: 'huvudman-decided', party, organ, meetingDate: '2026-03-25', paragraf, outcome: 'bifall',
        justering: { justerare: ['Justerare Exempel'], date: '2026-03-30' }, anslag: { posted: '2026-03-31' },
      }));
      expect(receipt.stage).toBe('anslag');
    }
    const summary = await handle.result();
    expect(summary.outcome).toBe('completed');
    expect(summary.counts).toEqual({ 'laga-kraft': 9 });
    expect(summary.tracks.every((t) => t.lagaKraft === '2026-04-22')).toBe(true);
    expect(summary.failedDeliveries).toBe(0);
    await expectList(client, `ArendeDnr = '${dnr}' AND ArendeStage = 'completed'`, [workflowIdForDnr(dnr)]);

    const parentEvents = await historyLength(client, workflowIdForDnr(dnr));
    const trackEvents = await historyLength(client, trackWorkflowId(dnr, 'krokom' as never));
    const projections = async (id: string) => ((await client.workflow.getHandle(id).fetchHistory()).events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
    console.log(`history sizes, 9-party happy path: case ${parentEvents} events (${await projections(workflowIdForDnr(dnr))} projections), one track ${trackEvents} events (${await projections(trackWorkflowId(dnr, 'krokom' as never))} projections)`);
    expect(parentEvents).toBeLessThanOrEqual(120);
    expect(trackEvents).toBeLessThanOrEqual(60);
    // Search attributes are upserted once per workflow task at most: a task's commands follow its
    // WorkflowTaskCompleted event.
    for (const id of [workflowIdForDnr(dnr), trackWorkflowId(dnr, 'krokom' as never), `${workflowIdForDnr(dnr)}:_expediering`]) {
      const counts = await upsertsPerTask(client, id);
      expect({ id, tasksWithMoreThanOne: counts.filter((n) => n > 1) }).toEqual({ id, tasksWithMoreThanOne: [] });
    }
  });

  // Last: what the workflows projected is what they say (`arende reindex --check`: 0 differences).
  test('the read model agrees with every workflow these tests drove', async () => {
    expect(await readModelDifferences(stack)).toEqual([]);
  });
});
