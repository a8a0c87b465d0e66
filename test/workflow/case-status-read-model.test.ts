// A case's status without a query per open track (issue 13): the case is queried (the truth), its open
// tracks' status comes from their documents in the read model (one read); only a track without a
// document, or whose document disagrees with the case on being overdue (a projection on its way), is
// queried itself. The queries are counted by a client interceptor, on real workflows.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseEventLog, caseStatus, startCase } from '../../client/cases';
import { addDays, stockholmDate } from '../../domain/dates';
import type { Dnr } from '../../domain/dnr';
import type { TrackStatus } from '../../domain/track-rules';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { caseStatusQuery, trackStatusQuery } from '../../workflows/messages';
import { caseWorkerOnTimeSkippingServer, demoCase, queryCountingClient, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'case-status-read-model';
const base = demoCase('RS-62-2026.json').registration;

describe('caseStatus with the read model: no query per open track', () => {
  let env: TestWorkflowEnvironment;
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, recordingDelivery().activities, (started) => (env = started));

  let db: ReadModel;
  beforeAll(async () => {
    db = await openReadModel({ kind: 'embedded', file: ':memory:' });
  });
  afterAll(async () => db?.destroy());

  /** A client on the same server that counts the queries it sends, by query name. */
  function countingClient() {
    const counted = queryCountingClient(env);
    return { ...counted, trackQueries: () => counted.queries.filter((q) => q === trackStatusQuery.name).length };
  }

  async function putDocument(dnr: string, status: TrackStatus) {
    const row = { dnr, party: status.party, workflowId: `test-${status.party}`, status: JSON.stringify(status) };
    await db.insertInto('track_status').values(row).onConflict((oc) => oc.columns(['dnr', 'party']).doUpdateSet(row)).execute();
  }

  test('documents for every open track: only the case is queried; a missing or disagreeing one is queried itself', async () => {
    const today = stockholmDate(Date.now());
    const registration = registrationFrom(base, {
      dnr: 'RS/970/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: today },
      beredning: [],
      rsrMeetingDate: today,
      recommendation: { ...base.recommendation, huvudman: ['krokom', 'region-jh'] as never, senast: addDays(today, 40), reminders: [3] },
    });
    const dnr = registration.dnr as Dnr;
    await startCase(env.client, registration, registry, { taskQueue: TASK_QUEUE });
    await send(env.client, dnr, event({ type: 'rsr-decided', meetingDate: today, paragraf: 4, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await send(env.client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: today }));
    // Both tracks started and answering (without a read model: each queried).
    let truth = await caseStatus(env.client, dnr);
    for (let i = 0; truth.trackStatus.length < 2 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      truth = await caseStatus(env.client, dnr);
    }
    expect(truth.trackStatus.map((t) => [t.party, t.state]).sort()).toEqual([['krokom', 'requested'], ['region-jh', 'requested']]);

    // The documents as projected, marked so that a status built from them shows it.
    const strip = ({ flags: _flags, ...status }: (typeof truth.trackStatus)[number]) => status;
    const [krokom, region] = ['krokom', 'region-jh'].map((p) => strip(truth.trackStatus.find((t) => t.party === p)!));
    await putDocument(dnr, { ...krokom!, organ: 'Ur läsmodellen' });
    await putDocument(dnr, { ...region!, organ: 'Ur läsmodellen' });

    const counted = countingClient();
    const status = await caseStatus(counted.client, dnr, db);
    expect(counted.queries).toEqual([caseStatusQuery.name]);
    expect(status.trackStatus.map((t) => [t.party, t.organ, t.state])).toEqual([['krokom', 'Ur läsmodellen', 'requested'], ['region-jh', 'Ur läsmodellen', 'requested']]);
    // Flags are derived from the document as from a queried status.
    expect(status.trackStatus.every((t) => Array.isArray(t.flags))).toBe(true);

    // The event log reads the same status: the case's own log is one more query, no track is asked.
    const logClient = countingClient();
    await caseEventLog(logClient.client, dnr, db);
    expect(logClient.trackQueries()).toBe(0);

    // Krokom's document is not there (its track not projected yet): Krokom alone is queried.
    await db.deleteFrom('track_status').where('dnr', '=', dnr).where('party', '=', 'krokom').execute();
    const missing = countingClient();
    const fallback = await caseStatus(missing.client, dnr, db);
    expect(missing.trackQueries()).toBe(1);
    expect(fallback.trackStatus.map((t) => [t.party, t.organ])).toEqual([['krokom', krokom!.organ], ['region-jh', 'Ur läsmodellen']]);
    expect(krokom!.organ).not.toBe('Ur läsmodellen');

    // A document that says overdue while the case says not (an older or newer projection than the case knows): queried.
    await putDocument(dnr, { ...region!, organ: 'Ur läsmodellen', state: 'overdue' });
    const disagreeing = countingClient();
    const checked = await caseStatus(disagreeing.client, dnr, db);
    expect(disagreeing.trackQueries()).toBe(2);
    expect(checked.trackStatus.find((t) => t.party === 'region-jh')).toMatchObject({ state: 'requested', organ: region!.organ });
  });
});
