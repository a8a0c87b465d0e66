// A case's status from the read model alone (issue 13): once the case and every track have
// projected their status documents, caseStatus makes no query at all and says what the workflows'
// own queries say; a change made through an update is there when the update has returned; without
// the case's document it falls back to querying the case. Queries counted by a client interceptor.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseStatus, startCase } from '../../client/cases';
import { addDays, stockholmDate } from '../../domain/dates';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { PartyId } from '../../domain/parties';
import type { ReadModel } from '../../readmodel/open';
import { storedCaseStatus, trackStatuses } from '../../readmodel/queries';
import { caseStatusQuery } from '../../workflows/messages';
import { eventually } from '../helpers/temporal';
import { caseWorkerOnTimeSkippingServer, demoCase, queryCountingClient, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'case-status-projected';
const base = demoCase('RS-62-2026.json').registration;

describe('caseStatus from the projected status documents', () => {
  let env: TestWorkflowEnvironment;
  let db: ReadModel;
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, recordingDelivery().activities, (started, readModel) => {
    env = started;
    db = readModel;
  });

  const countingClient = () => queryCountingClient(env);
  /** The status as the workflows' queries give it, without what only a query knows (the history's length, each track's projection version). */
  async function queried(dnr: Dnr) {
    const { historyLength: _length, ...status } = await caseStatus(env.client, dnr);
    return { ...status, trackStatus: status.trackStatus.map(({ projectionVersion: _version, ...track }) => track) };
  }

  test('no query once every document is there; the same status as the queries; an update\'s change there on return', async () => {
    const today = stockholmDate(await env.currentTimeMs());
    const registration = registrationFrom(base, {
      dnr: 'RS/975/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: today },
      beredning: [],
      rsrMeetingDate: today,
      recommendation: { ...base.recommendation, huvudman: ['krokom', 'region-jh'] as never, senast: addDays(today, 40), reminders: [3] },
    });
    const dnr = registration.dnr as Dnr;
    await startCase(env.client, registration, registry, { taskQueue: TASK_QUEUE });
    await send(env.client, dnr, event({ type: 'rsr-decided', meetingDate: today, paragraf: 4, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await send(env.client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: today }));
    // Both tracks requested and their requests recorded, in the read model.
    await eventually(async () => {
      const tracks = await trackStatuses(db, dnr);
      return tracks.size === 2 && [...tracks.values()].every((t) => t.deliveries.length > 0) && (await storedCaseStatus(db, dnr))?.tracks.length === 2 ? true : undefined;
    });
    // …and nothing more under way (the case's own protokollsutdrag go out after the justering and
    // would change the queried status between two reads): no workflow of the case has an activity pending.
    await eventually(async () => {
      const workflows = [workflowIdForDnr(dnr), ...(['krokom', 'region-jh'] as PartyId[]).map((p) => trackWorkflowId(dnr, p))];
      for (const id of workflows) if (((await env.client.workflow.getHandle(id).describe()).raw.pendingActivities ?? []).length > 0) return undefined;
      expect(await caseStatus(env.client, dnr, db)).toEqual(await queried(dnr));
      return true;
    });

    const counted = countingClient();
    const projected = await caseStatus(counted.client, dnr, db);
    expect(counted.queries).toEqual([]);
    expect(projected).toEqual(await queried(dnr));
    expect(projected).toMatchObject({ stage: 'justerat', open: ['krokom', 'region-jh'], overdue: [] });

    // Krokom decides (an update of its track): the status read right after says so, still without a query.
    await send(env.client, dnr, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: today, paragraf: 9, outcome: 'bifall' }));
    const after = countingClient();
    const decided = await caseStatus(after.client, dnr, db);
    expect(after.queries).toEqual([]);
    // The track's own word: the case itself hears of a track only when it becomes overdue or ends.
    expect(decided.tracks.find((t) => t.party === 'krokom')).toMatchObject({ state: 'decided' });
    expect(decided.trackStatus.find((t) => t.party === 'krokom')).toMatchObject({ state: 'decided', decisions: [expect.objectContaining({ paragraf: 9, outcome: 'bifall' })] });

    // Without the case's document (a case from before the read model, not reindexed): the case is queried.
    await db.deleteFrom('case_status').where('dnr', '=', dnr).execute();
    const fallback = countingClient();
    expect((await caseStatus(fallback.client, dnr, db)).trackStatus.find((t) => t.party === 'krokom')).toMatchObject({ state: 'decided' });
    expect(fallback.queries).toEqual([caseStatusQuery.name]);
  });
});
