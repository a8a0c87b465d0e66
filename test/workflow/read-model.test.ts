// The workflows keep their rows in the read model current themselves (workflows/read-model-sync.ts),
// on the time-skipping server: the case row from its start, each track's row and status document
// from its request, a timer's change (overdue) without anyone acting, and the final rows before a
// workflow completes. Versions only grow.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { closeTrack, startCase } from '../../client/cases';
import { addDays, isoDate, stockholmDate, stockholmInstant } from '../../domain/dates';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { ReadModel } from '../../readmodel/open';
import { listCases, outstandingTracks, trackStatuses } from '../../readmodel/queries';
import { eventually } from '../helpers/temporal';
import { caseWorkerOnTimeSkippingServer, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'read-model';
const base = demoCase('RS-62-2026.json').registration;

describe('the workflows project their rows into the read model', () => {
  let env: TestWorkflowEnvironment;
  let db: ReadModel;
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, recordingDelivery().activities, (started, readModel) => {
    env = started;
    db = readModel;
  });

  async function skipTo(date: string, hour = 12) {
    const target = stockholmInstant(isoDate(date), hour);
    await env.sleep(target - (await env.currentTimeMs()));
  }
  const versions = async () => new Map((await db.selectFrom('projection_version').selectAll().execute()).map((r) => [r.workflowId, Number(r.version)]));
  const caseRow = async (dnr: string) => (await listCases(db, { text: dnr }, { limit: 1, offset: 0 })).rows[0];
  const trackRow = async (dnr: string, party: string) => db.selectFrom('track_row').selectAll().where('dnr', '=', dnr as Dnr).where('party', '=', party as never).executeTakeFirst();

  test('from registration to completion, a timer\'s overdue included', async () => {
    const today = stockholmDate(await env.currentTimeMs());
    const day = (n: number) => addDays(today, n);
    const registration = registrationFrom(base, {
      dnr: 'RS/951/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: today },
      beredning: [],
      rsrMeetingDate: day(7),
      recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: day(40), reminders: [] },
    });
    const dnr = registration.dnr as Dnr;
    const { handle } = await startCase(env.client, registration, registry, { taskQueue: TASK_QUEUE });

    // The case's row from its first workflow task: no track yet, the meeting is its next date.
    expect(await eventually(() => caseRow(dnr))).toMatchObject({ dnr, stage: 'registered', open: true, partiesAsked: 0, nextDeadline: day(7) });

    await skipTo(day(7), 15);
    await send(env.client, dnr, event({ type: 'rsr-decided', meetingDate: day(7), paragraf: 5, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await skipTo(day(8), 10);
    await send(env.client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: day(8) }));

    // Each track its own row and status document, as its own query answers.
    for (const party of ['region-jh', 'krokom']) {
      expect(await eventually(() => trackRow(dnr, party))).toMatchObject({ state: 'requested', final: false, senast: day(40), nextDeadline: day(40) });
    }
    const documents = await eventually(async () => {
      const docs = await trackStatuses(db, dnr);
      return [...docs.values()].every((d) => d.deliveries.length > 0) && docs.size === 2 ? docs : undefined;
    });
    expect(documents.get('krokom')).toMatchObject({ party: 'krokom', state: 'requested', senast: day(40) });
    expect(documents.get('krokom')).not.toHaveProperty('projectionVersion');
    expect(await caseRow(dnr)).toMatchObject({ stage: 'justerat', partiesAsked: 2, nextDeadline: day(40) });

    // Krokom decides with justering and anslag; the region lets senast pass.
    await skipTo(day(20));
    await send(env.client, dnr, event({
      type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: day(19), paragraf: 12, outcome: 'bifall',
      justering: { justerare: ['Robin Exempel'], date: day(20) }, anslag: { posted: day(20) },
    }));
    expect(await trackRow(dnr, 'krokom')).toMatchObject({ state: 'anslag', final: false });
    const before = await versions();

    // A timer moves the region to overdue: nobody acts, the row follows.
    await skipTo(day(42));
    expect(await eventually(async () => ((await trackRow(dnr, 'region-jh'))?.state === 'overdue' ? trackRow(dnr, 'region-jh') : undefined)))
      .toMatchObject({ state: 'overdue', detail: 'overdue', overdueSince: day(41), final: false });
    expect((await outstandingTracks(db, { overdue: true })).map((t) => [t.dnr, t.party])).toEqual([[dnr, 'region-jh']]);
    expect((await listCases(db, { overdue: true }, { limit: 10, offset: 0 })).rows.map((c) => c.dnr)).toEqual([dnr]);
    const regionId = trackWorkflowId(dnr, 'region-jh' as never);
    expect((await versions()).get(regionId)).toBeGreaterThan(before.get(regionId)!);

    // Closed by an administrator; Krokom's decision wins laga kraft; the case completes. Its last
    // rows are in before the workflows have completed: no waiting needed once the result is there.
    await closeTrack(env.client, dnr, 'region-jh', { reason: 'Beslutet registrerat i efterhand', actor: 'admin@regionjh.example' });
    await skipTo(day(50));
    await handle.result();
    expect(await caseRow(dnr)).toMatchObject({ stage: 'completed', open: false });
    expect(await db.selectFrom('deadline_row').selectAll().where('dnr', '=', dnr).execute()).toEqual([]);
    expect(await trackRow(dnr, 'krokom')).toMatchObject({ state: 'laga-kraft', final: true });
    expect(await trackRow(dnr, 'region-jh')).toMatchObject({ state: 'closed', final: true });
    expect(await outstandingTracks(db, {})).toEqual([]);

    // One guard row per workflow, and every version is a workflow time (ms), newer than the start.
    const after = await versions();
    const ids = [workflowIdForDnr(dnr), regionId, trackWorkflowId(dnr, 'krokom' as never)];
    expect([...after.keys()].sort()).toEqual(ids.sort());
    for (const id of ids) expect(after.get(id)).toBeGreaterThan(Date.parse(`${today}T00:00:00Z`) - 86_400_000);
  });
});
