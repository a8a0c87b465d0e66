// Timers on the time-skipping test server, with real durations (months, skipped — never shortened by
// configuration): a track's reminders 10 and 3 working days before its last day at 08:00 Stockholm
// on the calendar-exact day (across Easter 2027), the overdue escalation when the last day has
// passed (sent once, the track stays open), laga kraft at the end of the appeal period, and the
// case's completion when every track is final.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '../helpers/temporal';
import { closeTrack, startCase, caseStatus } from '../../client/cases';
import { stockholmInstant, isoDate } from '../../domain/dates';
import { trackWorkflowId, type Dnr } from '../../domain/dnr';
import { trackStatusQuery } from '../../workflows/messages';
import { TrackDetailAttribute } from '../../domain/search-attributes';
import { createCaseWorker, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'deadlines';
const minute = (iso: string | undefined) => iso?.slice(0, 16);
const base = demoCase('RS-62-2026.json').registration;

describe('deadlines on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  const delivery = recordingDelivery();
  let running: Promise<void>;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    worker = await createCaseWorker(env.nativeConnection, TASK_QUEUE, delivery.activities);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Skips the server's clock forward to a Stockholm wall-clock time. */
  async function skipTo(date: string, hour = 0, minute = 0) {
    const target = stockholmInstant(isoDate(date), hour, minute);
    const now = await env.currentTimeMs();
    expect(target).toBeGreaterThan(now);
    await env.sleep(target - now);
  }

  test('reminders 10 and 3 working days before senast 2027-04-06 (Easter), overdue from 2027-04-07, laga kraft 2027-04-17', async () => {
    const client = env.client;
    const registration = registrationFrom(base, {
      dnr: 'RS/901/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: isoDate('2026-11-02') },
      beredning: [],
      rsrMeetingDate: isoDate('2027-03-01'),
      recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: isoDate('2027-04-06'), reminders: [10, 3] },
    });
    const dnr = registration.dnr as Dnr;
    const { handle, created } = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    expect(created).toBe(true);

    await skipTo('2027-03-01', 15);
    await send(client, dnr, event({ type: 'rsr-decided', meetingDate: '2027-03-01', paragraf: 5, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await skipTo('2027-03-03', 10);
    await send(client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2027-03-03' }));
    await send(client, dnr, event({ type: 'anslag-posted', posted: '2027-03-04' }));

    // Both tracks are requested; the first reminder is due 2027-03-19 at 08:00 (CET = 07:00Z).
    const krokom = client.workflow.getHandle(trackWorkflowId(dnr, 'krokom' as never));
    const before = await krokom.query(trackStatusQuery);
    expect(before.state).toBe('requested');
    expect(before.reminders.map((r) => [r.workingDays, r.date, r.status])).toEqual([
      [10, '2027-03-19', 'planned'],
      [3, '2027-04-01', 'planned'],
    ]);
    expect(before.nextTimer).toEqual({ at: '2027-03-19T07:00:00.000Z', what: 'påminnelse' });

    await skipTo('2027-03-19', 7, 59);
    expect((await krokom.query(trackStatusQuery)).reminders[0]!.status).toBe('planned');
    await skipTo('2027-03-19', 8, 1);
    const afterFirst = await krokom.query(trackStatusQuery);
    expect(afterFirst.reminders[0]!.status).toBe('sent');
    expect(minute(afterFirst.reminders[0]!.at)).toBe('2027-03-19T07:00'); // 08:00 in Stockholm
    // The overview's word for Krokom is now "påmind", from the track's own search attribute.
    expect((await krokom.describe()).typedSearchAttributes.get(TrackDetailAttribute)).toBe('reminded');

    // The region decides bifall with justering and anslag; its 3-day reminder is no longer needed.
    await skipTo('2027-03-26', 12);
    await send(client, dnr, event({
      type: 'huvudman-decided', party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: '2027-03-24', paragraf: 12, outcome: 'bifall',
      justering: { justerare: ['Robin Exempel'], date: '2027-03-25' }, anslag: { posted: '2027-03-26' },
    }));
    const region = client.workflow.getHandle(trackWorkflowId(dnr, 'region-jh' as never));
    const regionStatus = await region.query(trackStatusQuery);
    expect(regionStatus.state).toBe('anslag');
    expect(regionStatus.anslag?.calendar).toMatchObject({ lastAppealDay: '2027-04-16', lagaKraft: '2027-04-17' });
    expect(regionStatus.reminders.map((r) => r.status)).toEqual(['sent', 'not-needed']);

    // 3 working days before Tuesday 2027-04-06: Monday 04-05 is annandag påsk, Friday 04-02 långfredagen → Thursday 04-01, 08:00 CEST = 06:00Z.
    await skipTo('2027-04-01', 9);
    const second = (await krokom.query(trackStatusQuery)).reminders[1]!;
    expect([second.status, minute(second.at)]).toEqual(['sent', '2027-04-01T06:00']);

    // The last day passes at the end of 2027-04-06: overdue from 2027-04-07 00:00 (22:00Z), escalated once.
    await skipTo('2027-04-06', 23, 59);
    expect((await krokom.query(trackStatusQuery)).state).toBe('requested');
    await skipTo('2027-04-08', 12);
    const overdue = await krokom.query(trackStatusQuery);
    expect(overdue).toMatchObject({ state: 'overdue', overdueSince: '2027-04-07' });
    expect(minute(overdue.escalatedAt)).toBe('2027-04-06T22:00');
    const escalations = delivery.sent.filter((s) => s.notification.kind === 'forsenad' && s.notification.dnr === dnr);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.notification.recipient.email).toBe(registry.organisation.managerEmail);
    expect((await caseStatus(client, dnr)).overdue).toEqual(['krokom']);

    // Region's decision gains legal force 2027-04-17; Krokom is still open (a late decision is accepted).
    await skipTo('2027-04-17', 1);
    expect((await region.query(trackStatusQuery)).state).toBe('laga-kraft');
    const mid = await caseStatus(client, dnr);
    expect(mid.stage).toBe('anslag');
    expect(mid.open).toEqual(['krokom']);

    // An administrator closes Krokom's track; the case completes with a summary.
    await closeTrack(client, dnr, 'krokom', { reason: 'Kommunen avstår från att besluta', actor: 'admin@regionjh.example' });
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed', finishedOn: '2027-04-17', counts: { 'laga-kraft': 1, closed: 1 } });
    expect(summary.tracks).toEqual([
      { party: 'region-jh', name: 'Region Jämtland Härjedalen', state: 'laga-kraft', lastDecision: 'bifall 2027-03-24 § 12', lagaKraft: '2027-04-17' },
      { party: 'krokom', name: 'Krokoms kommun', state: 'closed' },
    ]);
    // Exactly one message per identity: reminders to Krokom on the two calendar days, one to the region.
    const reminders = delivery.sent.filter((s) => s.notification.kind === 'paminnelse' && s.notification.dnr === dnr).map((s) => `${s.notification.recipient.party} ${s.notification.occurrence}`);
    expect(reminders.sort()).toEqual(['krokom 2027-03-19', 'krokom 2027-04-01', 'region-jh 2027-03-19']);
  });
});
