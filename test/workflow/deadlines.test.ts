// Timers on the time-skipping test server, with real durations (months, skipped — never shortened by
// configuration): a track's reminders 10 and 3 working days before its last day at 08:00 Stockholm
// on the calendar-exact day (across Easter), the overdue escalation when the last day has passed
// (sent once, the track stays open), laga kraft at the end of the appeal period, and the case's
// completion when every track is final.
//
// The test server starts at the real current time and can only move forward (its native build has
// no option for another start time), so the scenario cannot sit on one fixed Easter: it runs on the
// first row of EASTER_SCENARIOS whose RSR meeting is still ahead. Every expected date in a row is
// worked out by hand from the rules (domain/calendar.ts) and written out, never computed here by the
// code under test. When the last row has passed, the test fails and asks for the next year's row.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { closeTrack, startCase, caseStatus } from '../../client/cases';
import { stockholmInstant, isoDate } from '../../domain/dates';
import { trackWorkflowId, type Dnr } from '../../domain/dnr';
import { trackStatusQuery } from '../../workflows/messages';
import { TrackDetailAttribute } from '../../domain/search-attributes';
import { caseWorkerOnTimeSkippingServer, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';

const TASK_QUEUE = 'deadlines';
const minute = (iso: string | undefined) => iso?.slice(0, 16);
const base = demoCase('RS-62-2026.json').registration;

/** 08:00 Stockholm as UTC to the minute: `T07:00` in CET (UTC+1), `T06:00` in CEST (UTC+2). */
interface Reminder {
  date: string;
  utc: string;
}

/** One Easter's run of the scenario, every date hand-checked and written out. */
interface EasterScenario {
  easter: string; // påskdagen, for the reader and the test's name
  dnr: string;
  tjansteskrivelse: string;
  /** RSR meets (15:00, the run's first skip), justerar and posts its anslag; the tracks are requested at the justering. */
  rsr: { meeting: string; justering: string; anslag: string };
  senast: string;
  reminder10: Reminder;
  reminder3: Reminder;
  /** The region decides bifall after the first reminder, before the second; its appeal calendar. */
  region: { meeting: string; justering: string; posted: string; lastAppealDay: string; lagaKraft: string };
  /** Krokom stays undecided: overdue from the day after senast, escalated at 00:00 Stockholm (CEST: 22:00Z the day before). */
  overdueSince: string;
  escalatedUtc: string;
  /** When the test looks at the overdue track: noon two days after senast. */
  overdueSeen: string;
}

// The rules the rows are worked out by (domain/calendar.ts): a reminder n working days before senast
// counts back over working days only, and a working day is a weekday that is not a holiday; the
// holidays that matter here are långfredagen (Easter − 2), annandag påsk (Easter + 1) and första maj.
// The last appeal day is the anslag + 21 days, moved to the next working day (lag 1930:173); laga
// kraft the day after. Summer time (CEST) starts the last Sunday of March.
const EASTER_SCENARIOS: readonly EasterScenario[] = [
  // 2027, the worked example. Easter Sunday 03-28, långfredagen 03-26, annandag påsk 03-29; CEST from 03-28.
  // 10 working days before Tuesday 04-06, counting back: 04-05, 04-02, 04-01, 03-31, 03-30 (5),
  // skipping 03-29 annandag påsk, the weekend and 03-26 långfredagen: 03-25, 03-24, 03-23, 03-22 (9),
  // weekend, Friday 03-19 (10); CET, 07:00Z. (Weekends alone would give 03-23.)
  // 3 working days before: 04-05, 04-02, Thursday 04-01; CEST, 06:00Z.
  // The region posts 03-26 (långfredagen; the period counts from the posting whatever the day): + 21 days =
  // Friday 04-16, a working day, the last appeal day; laga kraft 04-17.
  {
    easter: '2027-03-28',
    dnr: 'RS/901/2026',
    tjansteskrivelse: '2026-11-02',
    rsr: { meeting: '2027-03-01', justering: '2027-03-03', anslag: '2027-03-04' },
    senast: '2027-04-06',
    reminder10: { date: '2027-03-19', utc: '2027-03-19T07:00' },
    reminder3: { date: '2027-04-01', utc: '2027-04-01T06:00' },
    region: { meeting: '2027-03-24', justering: '2027-03-25', posted: '2027-03-26', lastAppealDay: '2027-04-16', lagaKraft: '2027-04-17' },
    overdueSince: '2027-04-07',
    escalatedUtc: '2027-04-06T22:00',
    overdueSeen: '2027-04-08',
  },
  // 2028: Easter Sunday 04-16, långfredagen 04-14, annandag påsk 04-17; CEST from 03-26.
  // Senast is the Tuesday after Easter, 04-18. 3 working days before: skipping 04-17 annandag påsk,
  // the weekend and 04-14 långfredagen: 04-13, 04-12, Tuesday 04-11 (weekends alone: Thursday 04-13).
  // 10: on from 04-11 (3): 04-10, 04-07, 04-06, 04-05, 04-04, 04-03 (9), weekend, Friday 03-31 (10).
  // Both in CEST, 06:00Z. The region posts Monday 04-10 (justerat Friday 04-07, + 2 days = Sunday,
  // so 04-10 is also the last day to post): + 21 days = Monday 05-01, första maj, moved to Tuesday
  // 05-02, the last appeal day; laga kraft 05-03.
  {
    easter: '2028-04-16',
    dnr: 'RS/901/2027',
    tjansteskrivelse: '2027-11-01',
    rsr: { meeting: '2028-03-20', justering: '2028-03-22', anslag: '2028-03-23' },
    senast: '2028-04-18',
    reminder10: { date: '2028-03-31', utc: '2028-03-31T06:00' },
    reminder3: { date: '2028-04-11', utc: '2028-04-11T06:00' },
    region: { meeting: '2028-04-06', justering: '2028-04-07', posted: '2028-04-10', lastAppealDay: '2028-05-02', lagaKraft: '2028-05-03' },
    overdueSince: '2028-04-19',
    escalatedUtc: '2028-04-18T22:00',
    overdueSeen: '2028-04-20',
  },
  // 2029: Easter Sunday 04-01, långfredagen 03-30, annandag påsk 04-02; CEST from 03-25.
  // Senast Tuesday 04-03. 3 working days before: skipping 04-02, the weekend and 03-30: 03-29, 03-28,
  // Tuesday 03-27; CEST, 06:00Z. 10: 03-26 (4), weekend, 03-23, 03-22, 03-21, 03-20, 03-19 (9),
  // weekend, Friday 03-16 (10); CET, 07:00Z. The region posts Friday 03-23: + 21 days = Friday 04-13,
  // a working day, the last appeal day; laga kraft 04-14.
  {
    easter: '2029-04-01',
    dnr: 'RS/901/2028',
    tjansteskrivelse: '2028-11-06',
    rsr: { meeting: '2029-03-05', justering: '2029-03-07', anslag: '2029-03-08' },
    senast: '2029-04-03',
    reminder10: { date: '2029-03-16', utc: '2029-03-16T07:00' },
    reminder3: { date: '2029-03-27', utc: '2029-03-27T06:00' },
    region: { meeting: '2029-03-21', justering: '2029-03-22', posted: '2029-03-23', lastAppealDay: '2029-04-13', lagaKraft: '2029-04-14' },
    overdueSince: '2029-04-04',
    escalatedUtc: '2029-04-03T22:00',
    overdueSeen: '2029-04-05',
  },
  // 2030: Easter Sunday 04-21, långfredagen 04-19, annandag påsk 04-22; CEST from 03-31.
  // Senast Tuesday 04-23. 3 working days before: skipping 04-22, the weekend and 04-19: 04-18, 04-17,
  // Tuesday 04-16. 10: 04-15 (4), weekend, 04-12, 04-11, 04-10, 04-09, 04-08 (9), weekend, Friday
  // 04-05 (10). Both in CEST, 06:00Z. The region posts Wednesday 04-10: + 21 days = Wednesday 05-01,
  // första maj, moved to Thursday 05-02, the last appeal day; laga kraft 05-03.
  {
    easter: '2030-04-21',
    dnr: 'RS/901/2029',
    tjansteskrivelse: '2029-11-05',
    rsr: { meeting: '2030-03-25', justering: '2030-03-27', anslag: '2030-03-28' },
    senast: '2030-04-23',
    reminder10: { date: '2030-04-05', utc: '2030-04-05T06:00' },
    reminder3: { date: '2030-04-16', utc: '2030-04-16T06:00' },
    region: { meeting: '2030-04-08', justering: '2030-04-09', posted: '2030-04-10', lastAppealDay: '2030-05-02', lagaKraft: '2030-05-03' },
    overdueSince: '2030-04-24',
    escalatedUtc: '2030-04-23T22:00',
    overdueSeen: '2030-04-25',
  },
  // 2031: Easter Sunday 04-13, långfredagen 04-11, annandag påsk 04-14; CEST from 03-30.
  // Senast Tuesday 04-15. 3 working days before: skipping 04-14, the weekend and 04-11: 04-10, 04-09,
  // Tuesday 04-08; CEST, 06:00Z. 10: 04-07 (4), weekend, 04-04, 04-03, 04-02, 04-01, 03-31 (9),
  // weekend, Friday 03-28 (10); CET, 07:00Z. The region posts Friday 04-04: + 21 days = Friday 04-25,
  // a working day, the last appeal day; laga kraft 04-26.
  {
    easter: '2031-04-13',
    dnr: 'RS/901/2030',
    tjansteskrivelse: '2030-11-04',
    rsr: { meeting: '2031-03-17', justering: '2031-03-19', anslag: '2031-03-20' },
    senast: '2031-04-15',
    reminder10: { date: '2031-03-28', utc: '2031-03-28T07:00' },
    reminder3: { date: '2031-04-08', utc: '2031-04-08T06:00' },
    region: { meeting: '2031-04-02', justering: '2031-04-03', posted: '2031-04-04', lastAppealDay: '2031-04-25', lagaKraft: '2031-04-26' },
    overdueSince: '2031-04-16',
    escalatedUtc: '2031-04-15T22:00',
    overdueSeen: '2031-04-17',
  },
  // 2032: Easter Sunday 03-28, långfredagen 03-26, annandag påsk 03-29; CEST from 03-28.
  // Senast Tuesday 03-30. 3 working days before: skipping 03-29, the weekend and 03-26: 03-25, 03-24,
  // Tuesday 03-23. 10: 03-22 (4), weekend, 03-19, 03-18, 03-17, 03-16, 03-15 (9), weekend, Friday
  // 03-12 (10). Both in CET, 07:00Z; the escalation at 00:00 on 03-31 is in CEST, 22:00Z. The region
  // posts Friday 03-19: + 21 days = Friday 04-09, a working day, the last appeal day; laga kraft 04-10.
  {
    easter: '2032-03-28',
    dnr: 'RS/901/2031',
    tjansteskrivelse: '2031-11-03',
    rsr: { meeting: '2032-03-01', justering: '2032-03-03', anslag: '2032-03-04' },
    senast: '2032-03-30',
    reminder10: { date: '2032-03-12', utc: '2032-03-12T07:00' },
    reminder3: { date: '2032-03-23', utc: '2032-03-23T07:00' },
    region: { meeting: '2032-03-17', justering: '2032-03-18', posted: '2032-03-19', lastAppealDay: '2032-04-09', lagaKraft: '2032-04-10' },
    overdueSince: '2032-03-31',
    escalatedUtc: '2032-03-30T22:00',
    overdueSeen: '2032-04-01',
  },
];

/**
 * The first scenario whose first skip (the RSR meeting, 15:00 Stockholm) is still at least an hour
 * ahead of the real clock the test server starts from.
 */
function currentScenario(): EasterScenario {
  const margin = 60 * 60_000;
  const found = EASTER_SCENARIOS.find((s) => stockholmInstant(isoDate(s.rsr.meeting), 15) - Date.now() > margin);
  if (found) return found;
  const last = EASTER_SCENARIOS[EASTER_SCENARIOS.length - 1]!;
  throw new Error(
    `deadlines.test.ts: every Easter scenario has passed (the last RSR meeting, ${last.rsr.meeting}, is behind the real clock ` +
      `the time-skipping server starts from). Add the next year's row to EASTER_SCENARIOS, every date worked out by hand like the others.`,
  );
}

const s = currentScenario();

describe('deadlines on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  const delivery = recordingDelivery();
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, delivery.activities, (started) => (env = started));

  /** Skips the server's clock forward to a Stockholm wall-clock time. */
  async function skipTo(date: string, hour = 0, minute = 0) {
    const target = stockholmInstant(isoDate(date), hour, minute);
    const now = await env.currentTimeMs();
    expect(target).toBeGreaterThan(now);
    await env.sleep(target - now);
  }

  test(`reminders 10 and 3 working days before senast ${s.senast} (Easter ${s.easter}), overdue from ${s.overdueSince}, laga kraft ${s.region.lagaKraft}`, async () => {
    const client = env.client;
    const registration = registrationFrom(base, {
      dnr: s.dnr,
      tjansteskrivelse: { ...base.tjansteskrivelse, date: isoDate(s.tjansteskrivelse) },
      beredning: [],
      rsrMeetingDate: isoDate(s.rsr.meeting),
      recommendation: { ...base.recommendation, huvudman: ['region-jh', 'krokom'] as never, senast: isoDate(s.senast), reminders: [10, 3] },
    });
    const dnr = registration.dnr as Dnr;
    const { handle, created } = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
    expect(created).toBe(true);

    await skipTo(s.rsr.meeting, 15);
    await send(client, dnr, event({ type: 'rsr-decided', meetingDate: s.rsr.meeting, paragraf: 5, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await skipTo(s.rsr.justering, 10);
    await send(client, dnr, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: s.rsr.justering }));
    // The anslag is reported on its own day: a date still in the future is refused (issue 12).
    await skipTo(s.rsr.anslag, 10);
    await send(client, dnr, event({ type: 'anslag-posted', posted: s.rsr.anslag }));

    // Both tracks are requested; the first reminder is due on its day at 08:00 Stockholm (2027: 03-19, CET = 07:00Z).
    const krokom = client.workflow.getHandle(trackWorkflowId(dnr, 'krokom' as never));
    const before = await krokom.query(trackStatusQuery);
    expect(before.state).toBe('requested');
    expect(before.reminders.map((r) => [r.workingDays, r.date, r.status])).toEqual([
      [10, s.reminder10.date, 'planned'],
      [3, s.reminder3.date, 'planned'],
    ]);
    expect(before.nextTimer).toEqual({ at: `${s.reminder10.utc}:00.000Z`, what: 'påminnelse' });

    await skipTo(s.reminder10.date, 7, 59);
    expect((await krokom.query(trackStatusQuery)).reminders[0]!.status).toBe('planned');
    await skipTo(s.reminder10.date, 8, 1);
    const afterFirst = await krokom.query(trackStatusQuery);
    expect(afterFirst.reminders[0]!.status).toBe('sent');
    expect(minute(afterFirst.reminders[0]!.at)).toBe(s.reminder10.utc); // 08:00 in Stockholm
    // The overview's word for Krokom is now "påmind", from the track's own search attribute.
    expect((await krokom.describe()).typedSearchAttributes.get(TrackDetailAttribute)).toBe('reminded');

    // The region decides bifall with justering and anslag; its 3-day reminder is no longer needed.
    await skipTo(s.region.posted, 12);
    await send(client, dnr, event({
      type: 'huvudman-decided', party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: s.region.meeting, paragraf: 12, outcome: 'bifall',
      justering: { justerare: ['Robin Exempel'], date: s.region.justering }, anslag: { posted: s.region.posted },
    }));
    const region = client.workflow.getHandle(trackWorkflowId(dnr, 'region-jh' as never));
    const regionStatus = await region.query(trackStatusQuery);
    expect(regionStatus.state).toBe('anslag');
    expect(regionStatus.anslag?.calendar).toMatchObject({ lastAppealDay: s.region.lastAppealDay, lagaKraft: s.region.lagaKraft });
    expect(regionStatus.reminders.map((r) => r.status)).toEqual(['sent', 'not-needed']);

    // The second reminder, 3 working days before senast, at 08:00 Stockholm (2027: Thursday 04-01, CEST = 06:00Z).
    await skipTo(s.reminder3.date, 9);
    const second = (await krokom.query(trackStatusQuery)).reminders[1]!;
    expect([second.status, minute(second.at)]).toEqual(['sent', s.reminder3.utc]);

    // The last day passes at its end: overdue from the next day at 00:00 (2027: 04-07, 22:00Z on 04-06), escalated once.
    await skipTo(s.senast, 23, 59);
    expect((await krokom.query(trackStatusQuery)).state).toBe('requested');
    await skipTo(s.overdueSeen, 12);
    const overdue = await krokom.query(trackStatusQuery);
    expect(overdue).toMatchObject({ state: 'overdue', overdueSince: s.overdueSince });
    expect(minute(overdue.escalatedAt)).toBe(s.escalatedUtc);
    const escalations = delivery.sent.filter((x) => x.notification.kind === 'forsenad' && x.notification.dnr === dnr);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.notification.recipient.email).toBe(registry.organisation.managerEmail);
    expect((await caseStatus(client, dnr)).overdue).toEqual(['krokom']);

    // Region's decision gains legal force on its laga kraft day; Krokom is still open (a late decision is accepted).
    await skipTo(s.region.lagaKraft, 1);
    expect((await region.query(trackStatusQuery)).state).toBe('laga-kraft');
    const mid = await caseStatus(client, dnr);
    expect(mid.stage).toBe('anslag');
    expect(mid.open).toEqual(['krokom']);

    // An administrator closes Krokom's track; the case completes with a summary.
    await closeTrack(client, dnr, 'krokom', { reason: 'Kommunen avstår från att besluta', actor: 'admin@regionjh.example' });
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed', finishedOn: s.region.lagaKraft, counts: { 'laga-kraft': 1, closed: 1 } });
    expect(summary.tracks).toEqual([
      { party: 'region-jh', name: 'Region Jämtland Härjedalen', state: 'laga-kraft', lastDecision: `bifall ${s.region.meeting} § 12`, lagaKraft: s.region.lagaKraft },
      { party: 'krokom', name: 'Krokoms kommun', state: 'closed' },
    ]);
    // Exactly one message per identity: reminders to Krokom on the two calendar days, one to the region.
    const reminders = delivery.sent.filter((x) => x.notification.kind === 'paminnelse' && x.notification.dnr === dnr).map((x) => `${x.notification.recipient.party} ${x.notification.occurrence}`);
    expect(reminders.sort()).toEqual([`krokom ${s.reminder10.date}`, `krokom ${s.reminder3.date}`, `region-jh ${s.reminder10.date}`]);
  });
});
