// Human input on a dev server: idempotent start, every refused update with its message and an
// unchanged history, idempotent repeats, återremiss then bifall, an appeal, withdrawal midway.
import type { Client } from '@temporalio/client';
import { eventually } from '../helpers/temporal';
import { caseStatus, recordEvent, startCase } from '../../client/cases';
import { addDays, isoDate, stockholmDate } from '../../domain/dates';
import { lastAppealDay } from '../../domain/calendar';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { HumanEvent } from '../../domain/events';
import { trackStatusQuery } from '../../workflows/messages';
import { demoCase, startCaseStack, type CaseStack, event, historyLength, recordingDelivery, registrationFrom, registry, send, readModelDifferences } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TASK_QUEUE = 'updates';
const base = demoCase('RS-62-2026.json').registration;
const registrationFor = (dnr: string) =>
  registrationFrom(base, { dnr, recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: isoDate('2027-06-30') } });
const RSR = event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation till huvudmännen.'] });
const JUSTERING = event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' });
const decision = (party: string, extra: Record<string, unknown>) =>
  event({ type: 'huvudman-decided', party, organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: 40, outcome: 'bifall', ...extra });

describe('human input on the dev server', () => {
  let stack: CaseStack;
  let client: Client;
  const delivery = recordingDelivery();

  beforeAll(async () => {
    stack = await startCaseStack(TASK_QUEUE, delivery.activities);
    client = stack.client;
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  }, STACK_STOP_TIMEOUT_MS);

  /**
   * The history length once no workflow task and no activity is pending (the start, an earlier
   * update and the mail it sends after its reply have been processed).
   */
  async function settledHistoryLength(workflowId: string): Promise<number> {
    return eventually(async () => {
      const handle = client.workflow.getHandle(workflowId);
      if ((await handle.describe()).raw.pendingActivities?.length) return undefined;
      const events = (await handle.fetchHistory()).events ?? [];
      const last = events[events.length - 1];
      const pending = last?.workflowTaskScheduledEventAttributes || last?.workflowTaskStartedEventAttributes;
      return pending ? undefined : events.length;
    });
  }

  /** Sends `e` and expects it refused with `message`, leaving the workflow's history as it was. */
  async function expectRefused(dnr: Dnr, e: HumanEvent, message: string, workflowId = workflowIdForDnr(dnr)) {
    const before = await settledHistoryLength(workflowId);
    await expect(recordEvent(client, dnr, { event: e, actor: 'admin@regionjh.example' })).rejects.toThrow(message);
    expect(await historyLength(client, workflowId)).toBe(before);
  }

  test('starting a Dnr that exists returns that case with a clear message, never a second case', async () => {
    const registration = registrationFor('RS/7001/2026');
    const first = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    const second = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, message: expect.stringContaining('Ärendet RS/7001/2026 finns redan (arende:RS-7001-2026') });
    expect(second.message).toContain('inget nytt ärende skapades');
    expect(second.handle.workflowId).toBe(first.handle.workflowId);
    expect((await second.handle.describe()).runId).toBe((await first.handle.describe()).runId);
  });

  test('refused updates name the rule and leave no trace; a repeat is idempotent; a conflicting second one is refused', async () => {
    const registration = registrationFor('RS/7002/2026');
    const dnr = registration.dnr as Dnr;
    await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });

    await expectRefused(dnr, decision('krokom', {}), 'huvudman-decided: RSR:s beslut i RS/7002/2026 är inte justerat än');
    await expectRefused(dnr, event({ type: 'justering-recorded', justerare: ['A'], date: '2026-02-02' }), 'justering-recorded: protokollet kan inte justeras innan beslutet är registrerat');
    await expectRefused(dnr, { type: 'rsr-decided', meetingDate: '2026-02-30', paragraf: 2, beslut: ['x'] } as never, 'Sammanträdesdatum: "2026-02-30" finns inte i kalendern (februari 2026 har 28 dagar)');

    const first = await send(client, dnr, RSR);
    const afterFirst = await historyLength(client, workflowIdForDnr(dnr));
    const repeat = await send(client, dnr, RSR, 'someone-else@regionjh.example');
    expect(repeat).toEqual(first);
    expect(await historyLength(client, workflowIdForDnr(dnr))).toBe(afterFirst);
    await expectRefused(dnr, { ...RSR, paragraf: 3 } as HumanEvent, 'rsr-decided: beslutet är redan registrerat (2026-01-26 § 2); ett andra, annorlunda beslut tas inte emot');

    await expectRefused(dnr, event({ type: 'justering-recorded', justerare: ['A'], date: '2026-01-20' }), 'Datum: justeringen (2026-01-20) kan inte ske före sammanträdet 2026-01-26');
    await send(client, dnr, JUSTERING);
    const krokomId = trackWorkflowId(dnr, 'krokom' as never);
    // Let the case finish starting its tracks and the expediering before comparing history lengths.
    await eventually(async () => ((await client.workflow.getHandle(krokomId).query(trackStatusQuery)).deliveries.length > 0 ? true : undefined));
    await eventually(async () => ((await caseStatus(client, dnr)).deliveries.length > 0 ? true : undefined));
    await expectRefused(dnr, decision('okand-kommun', {}), 'huvudman-decided: parten "okand-kommun" finns inte i partregistret');
    await expectRefused(dnr, decision('berg', {}), 'huvudman-decided: berg har inte ombetts att besluta i RS/7002/2026');

    // On the track: a justering dated before its meeting; a decision before the recommendation.
    await expectRefused(dnr, decision('krokom', { justering: { justerare: ['B'], date: '2026-03-20' } }), 'Justering › Datum: justeringen kan inte ske före sammanträdet 2026-03-25', krokomId);
    await expectRefused(dnr, decision('krokom', { meetingDate: '2026-01-10' }), 'Sammanträdesdatum: sammanträdet (2026-01-10) kan inte ligga före rekommendationsbeslutet 2026-01-26', krokomId);
    await send(client, dnr, decision('krokom', {}));
    await expectRefused(dnr, event({ type: 'justering-recorded', party: 'krokom', justerare: ['B'], date: '2026-03-24' }), 'Datum: justeringen (2026-03-24) kan inte ske före sammanträdet 2026-03-25', krokomId);
    await expectRefused(dnr, decision('krokom', { paragraf: 41, outcome: 'avslag', meetingDate: '2026-04-01' }), 'huvudman-decided: Krokoms kommun har redan beslutat (bifall, Kommunstyrelsen 2026-03-25 § 40)', krokomId);
  });

  test('återremiss keeps the track open; the later bifall is accepted; an appeal within the period ends it as appealed', async () => {
    const registration = registrationFor('RS/7003/2026');
    const dnr = registration.dnr as Dnr;
    await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    await send(client, dnr, RSR);
    await send(client, dnr, JUSTERING);
    const krokom = client.workflow.getHandle(trackWorkflowId(dnr, 'krokom' as never));
    await eventually(async () => ((await krokom.query(trackStatusQuery)).deliveries.length > 0 ? true : undefined));

    const remitted = await send(client, dnr, decision('krokom', { outcome: 'aterremiss' }));
    expect(remitted.stage).toBe('requested');
    let status = await krokom.query(trackStatusQuery);
    expect(status.reminders.map((r) => r.status)).toEqual(['planned', 'planned']);
    await expect(recordEvent(client, dnr, { event: decision('krokom', { meetingDate: '2026-03-25', paragraf: 41 }), actor: 'a' })).rejects.toThrow(
      'huvudman-decided: ett nytt beslut måste fattas efter det förra sammanträdet (återremiss, Kommunstyrelsen 2026-03-25 § 40)',
    );

    // Bifall at a later meeting, justerat and posted today: the appeal period runs three weeks from today.
    const today = stockholmDate(Date.now());
    const bifall = await send(client, dnr, decision('krokom', { meetingDate: today, paragraf: 55, justering: { justerare: ['B'], date: today }, anslag: { posted: today } }));
    expect(bifall.stage).toBe('anslag');
    status = await krokom.query(trackStatusQuery);
    expect(status.decisions.map((d) => d.outcome)).toEqual(['aterremiss', 'bifall']);
    expect(status.anslag?.calendar.lastAppealDay).toBe(lastAppealDay(today));

    const late = addDays(lastAppealDay(today), 1);
    await expect(recordEvent(client, dnr, { event: event({ type: 'appeal-filed', party: 'krokom', filedOn: late }), actor: 'a' })).rejects.toThrow(
      // Bad input naming the field (a 400 through the API), as an impossible fact is.
      `Överklagandet kom in: överklagandet kom in ${late}, efter sista dag ${lastAppealDay(today)} (kommunallagen 13 kap. 5 §)`,
    );
    const appealed = await send(client, dnr, event({ type: 'appeal-filed', party: 'krokom', filedOn: today, appellant: 'Kommunmedlem', court: 'Förvaltningsrätten i Härnösand' }));
    expect(appealed.stage).toBe('appealed');
    const caseView = await eventually(async () => {
      const s = await caseStatus(client, dnr);
      return s.tracks.find((t) => t.party === 'krokom')?.final ? s : undefined;
    });
    expect(caseView.tracks.find((t) => t.party === 'krokom')?.state).toBe('appealed');
    expect(caseView.open).toEqual(['region-jh']);
    // A final track takes nothing more; the case says so.
    await expect(recordEvent(client, dnr, { event: decision('krokom', { meetingDate: today, paragraf: 60 }), actor: 'a' })).rejects.toThrow(
      'huvudman-decided: beslutsspåret för Krokoms kommun är avslutat (överklagad)',
    );
  });

  test('withdrawal midway cancels every track and timer and sends the withdrawal notice', async () => {
    const registration = registrationFor('RS/7004/2026');
    const dnr = registration.dnr as Dnr;
    const { handle } = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    await send(client, dnr, RSR);
    await send(client, dnr, JUSTERING);
    await send(client, dnr, decision('region-jh', { organ: 'Regionstyrelsen' }));
    await send(client, dnr, event({ type: 'withdrawn', date: '2026-11-20', reason: 'Frågan hanteras i länsstyrelsens samverkan', decidedBy: 'RSR' }));

    const summary = await handle.result();
    expect(summary.outcome).toBe('withdrawn');
    expect(summary.counts).toEqual({ withdrawn: 2 });
    for (const party of ['region-jh', 'krokom']) {
      const track = client.workflow.getHandle(trackWorkflowId(dnr, party as never));
      expect((await track.describe()).status.name).toBe('CANCELLED');
      const s = await track.query(trackStatusQuery);
      expect(s.state).toBe('withdrawn');
      expect(s.nextTimer).toBeUndefined();
    }
    const notices = delivery.sent.filter((s) => s.notification.dnr === dnr && s.notification.kind === 'aterkallelse').map((s) => s.notification.recipient.email).sort();
    expect(notices).toEqual(
      [registry.getOrThrow('region-jh').registrator, registry.getOrThrow('krokom').registrator, registry.organisation.managerEmail, base.handlaggare.email!].sort(),
    );
    // Every notice, the huvudmän's included, says when, why and by whom.
    for (const notice of delivery.sent.filter((s) => s.notification.dnr === dnr && s.notification.kind === 'aterkallelse')) {
      expect(notice.notification).toMatchObject({ withdrawal: { date: '2026-11-20', reason: 'Frågan hanteras i länsstyrelsens samverkan', decidedBy: 'RSR' } });
    }
    await expect(recordEvent(client, dnr, { event: event({ type: 'anslag-posted', posted: '2026-11-21' }), actor: 'a' })).rejects.toThrow();
  });

  // Last: what the workflows projected is what they say (`arende reindex --check`: 0 differences).
  test('the read model agrees with every workflow these tests drove', async () => {
    expect(await readModelDifferences(stack)).toEqual([]);
  });
});
