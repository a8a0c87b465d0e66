// Where timing matters, on the time-skipping server (issue 12, points 6 and 8):
// - a decision is judged by its meeting date, not by when it was entered: two huvudmän are overdue;
//   Krokom's decision from a meeting before senast is in time, reported late ("rapporterat efter
//   sista dagen", no flag, no longer overdue), the region's from a meeting after senast is late
//   ("beslutat efter sista dagen", flagged);
// - "today" for an impossible fact is the workflow's clock: a meeting the real clock still has ahead
//   is refused before the workflow's time reaches it and accepted after, with the field named.
// Dates are relative to the real day the test starts (the server starts at the real time).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseEventLog, caseStatus, startCase } from '../../client/cases';
import { addDays, stockholmDate, stockholmInstant, type IsoDate } from '../../domain/dates';
import { ValidationError } from '../../domain/errors';
import type { Dnr } from '../../domain/dnr';
import { caseWorkerOnTimeSkippingServer, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'decision-timing';
const base = demoCase('RS-62-2026.json').registration;

describe('decision timing and the workflow clock on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, recordingDelivery().activities, (started) => (env = started));

  async function skipTo(date: IsoDate, hour = 0) {
    const now = await env.currentTimeMs();
    const target = stockholmInstant(date, hour);
    if (target > now) await env.sleep(target - now);
  }

  async function refusedFact(promise: Promise<unknown>): Promise<ValidationError> {
    try {
      await promise;
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
    throw new Error('expected the event to be refused as an impossible fact');
  }

  test('in time but reported late is in time; met after senast is late; the future is the workflow clock\'s', async () => {
    const client = env.client;
    const today = stockholmDate(Date.now());
    const meeting = addDays(today, 3);
    const senast = addDays(meeting, 28);
    const registration = registrationFrom(base, {
      dnr: 'RS/960/2026',
      tjansteskrivelse: { ...base.tjansteskrivelse, date: today },
      beredning: [],
      rsrMeetingDate: meeting,
      recommendation: { ...base.recommendation, huvudman: ['krokom', 'region-jh'] as never, senast, reminders: [3] },
    });
    const dnr = registration.dnr as Dnr;
    expect((await startCase(client, registration, registry, { taskQueue: TASK_QUEUE })).created).toBe(true);

    // The meeting is three days ahead on the workflow's clock: refused, naming the field.
    const rsr = event({ type: 'rsr-decided', meetingDate: meeting, paragraf: 4, beslut: ['Rekommenderar huvudmännen att besluta.'] });
    const early = await refusedFact(send(client, dnr, rsr));
    expect(early.issues).toEqual([{ path: 'meetingDate', field: 'Sammanträdesdatum', message: `sammanträdet (${meeting}) kan inte ligga i framtiden; i dag är det ${today}` }]);
    // On the workflow's clock the meeting day has come (the real clock has not moved): accepted.
    await skipTo(meeting, 15);
    expect(stockholmDate(Date.now())).toBe(today);
    await send(client, dnr, rsr);
    await send(client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: meeting }));
    await send(client, dnr, event({ type: 'anslag-posted', posted: meeting }));

    // Both huvudmän pass senast undecided: overdue.
    await skipTo(addDays(senast, 3), 12);
    expect((await caseStatus(client, dnr)).overdue.sort()).toEqual(['krokom', 'region-jh']);

    // Krokom's kommunstyrelse met the day before senast; the registrator reports it three days late.
    await send(client, dnr, event({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: addDays(senast, -1), paragraf: 41, outcome: 'bifall' }));
    // The region met two days after senast. A meeting two days ahead of the workflow's clock is refused first.
    const future = await refusedFact(send(client, dnr, event({ type: 'huvudman-decided', party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: addDays(senast, 5), paragraf: 12, outcome: 'bifall' })));
    expect(future.issues[0]!.path).toBe('meetingDate');
    await send(client, dnr, event({ type: 'huvudman-decided', party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: addDays(senast, 2), paragraf: 12, outcome: 'bifall' }));

    const status = await caseStatus(client, dnr);
    expect(status.overdue).toEqual([]);
    const krokom = status.trackStatus.find((t) => t.party === 'krokom')!;
    const region = status.trackStatus.find((t) => t.party === 'region-jh')!;
    expect(krokom.state).toBe('decided');
    expect(krokom.flags).toEqual([]);
    expect(region.flags.map((f) => f.code)).toEqual(['decision-late']);

    const log = await caseEventLog(client, dnr);
    const lines = (party: string) => log.filter((e) => e.party === party && (e.type === 'huvudman-decided' || e.type === 'track-no-longer-overdue')).map((e) => e.text);
    expect(lines('krokom')).toEqual([
      `Krokoms kommun: bifall, Kommunstyrelsen ${addDays(senast, -1)} § 41; beslutat i tid (sista dag ${senast}), rapporterat efter sista dagen`,
      `Krokoms kommun har rapporterat sitt beslut efter sista dagen ${senast}`,
    ]);
    expect(lines('region-jh')).toEqual([
      `Region Jämtland Härjedalen: bifall, Regionstyrelsen ${addDays(senast, 2)} § 12; beslutat efter sista dagen ${senast}`,
      `Region Jämtland Härjedalen har rapporterat sitt beslut efter sista dagen ${senast}`,
    ]);
    expect(log.some((e) => e.party === 'krokom' && e.text.includes('har beslutat efter sista dagen'))).toBe(false);
  });
});
