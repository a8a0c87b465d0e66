// Late events on the time-skipping server (docs/late-events.md): a timely appeal that the
// municipality learns of after laga kraft turns the ended track to överklagad; one filed after the
// last appeal day is refused naming `filedOn`; a correction (rättelse) of the anslag date of a case
// that has already completed withdraws laga kraft, and the new laga kraft timer fires on the
// corrected date; a timely appeal of RSR's own decision recorded after the case completed tells the
// samordningskansli and the handläggare, each message with its own Message-ID. The dates follow the real clock the server starts from (it cannot start earlier):
// the calendar itself is tested in test/unit/domain/calendar.test.ts, here only what follows from it.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { eventually } from '../helpers/temporal';
import { trackStatusQuery } from '../../workflows/messages';
import { caseEventLog, caseStatus, closeTrack, recordEvent, startCase } from '../../client/cases';
import { lagaKraftDate, lastAppealDay } from '../../domain/calendar';
import { addDays, isoDate, stockholmDate, stockholmInstant, type IsoDate } from '../../domain/dates';
import { ValidationError } from '../../domain/errors';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { TrackStatus } from '../../domain/track-rules';
import type { CaseSummary } from '../../workflows/messages';
import { caseWorkerOnTimeSkippingServer, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';
import { messageIdFor } from '../../activities/mail/message-id';

const TASK_QUEUE = 'late-events';
const base = demoCase('RS-62-2026.json').registration;
const manager = registry.organisation.managerEmail;

describe('late events on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  const delivery = recordingDelivery();
  caseWorkerOnTimeSkippingServer(TASK_QUEUE, delivery.activities, (started) => (env = started));

  /** The server's time as of the last skip: the clock a late event for an ended case is checked by. */
  let serverNow = Date.now();
  const clock = { now: () => serverNow };

  async function skipTo(date: IsoDate, hour = 0) {
    const target = stockholmInstant(date, hour);
    const now = await env.currentTimeMs();
    expect(target).toBeGreaterThan(now);
    await env.sleep(target - now);
    serverNow = target;
  }

  /**
   * The final status of a track's latest run once it has completed, read by a query: awaiting
   * result() lets the server skip time while it waits, past the other workflows' timers.
   */
  async function ended(handle: WorkflowHandle): Promise<TrackStatus> {
    await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
    return handle.query(trackStatusQuery);
  }

  /** A completed workflow's result, read without letting the server skip time (as the time-skipping client's result() does). */
  async function completed(workflowId: string): Promise<CaseSummary> {
    const plain = new Client({ connection: env.connection, ...(env.namespace ? { namespace: env.namespace } : {}) });
    await eventually(async () => ((await plain.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED' ? true : undefined));
    return (await plain.workflow.getHandle(workflowId).result()) as CaseSummary;
  }

  /** A case whose RSR meets two days after the server's today; its tracks are asked at the justering the day after. */
  async function startedCase(dnr: string, huvudman: string[]) {
    const today = stockholmDate(await env.currentTimeMs());
    const meeting = addDays(today, 2);
    const registration = registrationFrom(base, {
      dnr,
      tjansteskrivelse: { ...base.tjansteskrivelse, date: addDays(today, -30) },
      beredning: [],
      rsrMeetingDate: meeting,
      recommendation: { ...base.recommendation, huvudman: huvudman as never, senast: addDays(today, 90), reminders: [3] },
    });
    const { handle } = await startCase(env.client, registration, registry, { taskQueue: TASK_QUEUE });
    const d = registration.dnr as Dnr;
    await skipTo(meeting, 15);
    await send(env.client, d, event({ type: 'rsr-decided', meetingDate: meeting, paragraf: 7, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
    await skipTo(addDays(meeting, 1), 10);
    await send(env.client, d, event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: addDays(meeting, 1) }));
    await send(env.client, d, event({ type: 'anslag-posted', posted: addDays(meeting, 1) }));
    return { dnr: d, handle, meeting };
  }

  /** Krokom decides bifall three days after the meeting, justerat and posted the same day. */
  async function krokomDecides(dnr: Dnr, meeting: IsoDate) {
    const day = addDays(meeting, 3);
    await skipTo(day, 12);
    await send(env.client, dnr, event({
      type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: day, paragraf: 31, outcome: 'bifall',
      justering: { justerare: ['Kim Exempel'], date: day }, anslag: { posted: day },
    }));
    return day;
  }

  test('a timely appeal recorded after laga kraft turns the track to överklagad; one filed after the last appeal day is refused naming filedOn', async () => {
    const client = env.client;
    const { dnr, handle, meeting } = await startedCase('RS/910/2026', ['krokom', 'berg']);
    const posted = await krokomDecides(dnr, meeting);
    const krokom = client.workflow.getHandle(trackWorkflowId(dnr, 'krokom' as never));
    const firstRun = (await krokom.describe()).runId;

    // Laga kraft: the track ends, Berg is still open, so the case runs on.
    await skipTo(lagaKraftDate(posted), 1);
    expect((await ended(krokom)).state).toBe('laga-kraft');
    expect((await caseStatus(client, dnr)).tracks.find((t) => t.party === 'krokom')?.final?.state).toBe('laga-kraft');

    // Weeks later the court tells the municipality of appeals.
    const last = lastAppealDay(posted);
    await skipTo(addDays(last, 10), 9);
    const tooLate = recordEvent(client, dnr, { event: event({ type: 'appeal-filed', party: 'krokom', filedOn: addDays(last, 1) }), actor: 'admin' });
    await expect(tooLate).rejects.toBeInstanceOf(ValidationError);
    await expect(tooLate).rejects.toMatchObject({
      issues: [{ path: 'filedOn', message: `överklagandet kom in ${addDays(last, 1)}, efter sista dag ${last} (kommunallagen 13 kap. 5 §)` }],
    });
    // Refused: nothing was started, the ended run is still the latest.
    expect((await krokom.describe()).runId).toBe(firstRun);

    const receipt = await recordEvent(client, dnr, { event: event({ type: 'appeal-filed', party: 'krokom', filedOn: last, court: 'Förvaltningsrätten i Härnösand' }), actor: 'admin' });
    expect(receipt).toMatchObject({ stage: 'appealed' });
    expect(receipt.message).toContain(`beslutet överklagat (inkom ${last}, Förvaltningsrätten i Härnösand)`);

    // A new run of the same track id took it and ended at once, överklagad.
    const reopened = await ended(krokom);
    expect((await krokom.describe()).runId).not.toBe(firstRun);
    expect(reopened.state).toBe('appealed');
    expect(reopened.appeal?.filedOn).toBe(last);
    // Its log is the whole log: the first run's laga kraft, then the appeal.
    expect(reopened.log.map((e) => e.type)).toEqual(['track-requested', 'huvudman-decided', 'laga-kraft', 'appeal-filed']);
    // Registrator and samordningskansli are told that laga kraft does not hold.
    const told = delivery.sent.filter((x) => x.notification.dnr === dnr && x.notification.kind === 'overklagat');
    expect(told.map((x) => x.notification.recipient.email).sort()).toEqual([manager, registry.getOrThrow('krokom').registrator].sort());

    // The case, still running, followed the new run: status, log and (after Berg) the summary say överklagad.
    const status = await caseStatus(client, dnr);
    expect(status.tracks.find((t) => t.party === 'krokom')?.final?.state).toBe('appealed');
    expect(status.trackStatus.find((t) => t.party === 'krokom')?.state).toBe('appealed');
    const log = await caseEventLog(client, dnr);
    expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['laga-kraft', 'track-reopened', 'appeal-filed']));
    await closeTrack(client, dnr, 'berg', { reason: 'Avstår', actor: 'admin' });
    const summary = await completed(handle.workflowId);
    expect(summary.tracks.find((t) => t.party === 'krokom')).toMatchObject({ state: 'appealed' });
    expect(summary.counts).toEqual({ appealed: 1, closed: 1 });
  });

  test('a correction of the anslag date after the case completed withdraws laga kraft; the new laga kraft fires on the corrected date', async () => {
    const client = env.client;
    const { dnr, handle, meeting } = await startedCase('RS/911/2026', ['krokom']);
    const posted = await krokomDecides(dnr, meeting);
    await skipTo(addDays(lagaKraftDate(posted), 1), 1);
    const first = await completed(handle.workflowId);
    expect(first.tracks[0]).toMatchObject({ state: 'laga-kraft', lagaKraft: lagaKraftDate(posted) });

    // The anslag was really posted later than reported (a registrator's mistake, found after laga kraft).
    const corrected = addDays(lagaKraftDate(posted), 2);
    await skipTo(corrected, 14);
    const newLagaKraft = lagaKraftDate(corrected);
    const receipt = await recordEvent(client, dnr, {
      event: event({ type: 'correction-recorded', party: 'krokom', target: 'anslag', changes: { posted: corrected }, reason: 'Anslaget sattes upp senare än rapporterat' }),
      actor: 'administrator',
    }, clock);
    expect(receipt.stage).toBe('anslag');
    expect(receipt.message).toContain(`uppsatt ${posted} → ${corrected}`);
    expect(receipt.message).toContain(`laga kraft gäller inte, beslutet vinner laga kraft ${newLagaKraft}`);

    // The case runs again (a new run), and so does the track, waiting for the new date.
    const status = await caseStatus(client, dnr);
    expect(status.stage).toBe('anslag');
    const track = status.trackStatus[0]!;
    expect(track.state).toBe('anslag');
    expect(track.anslag).toMatchObject({ posted: corrected, calendar: { lagaKraft: newLagaKraft } });
    expect(track.nextTimer).toEqual({ at: new Date(stockholmInstant(isoDate(newLagaKraft))).toISOString(), what: 'laga kraft' });
    // The original entry stays, marked as corrected, and the correction names it.
    const decided = track.log.find((e) => e.type === 'huvudman-decided')!;
    const correction = track.log.find((e) => e.type === 'correction-recorded')!;
    expect(decided.correctedBy).toEqual([correction.seq]);
    expect(correction).toMatchObject({ corrects: decided.seq, actor: 'administrator' });
    const told = delivery.sent.filter((x) => x.notification.dnr === dnr && x.notification.kind === 'rattelse');
    expect(told.map((x) => x.notification.recipient.email).sort()).toEqual([manager, registry.getOrThrow('krokom').registrator].sort());
    expect(new Set(told.map((x) => x.key)).size).toBe(2);

    // Not before the corrected day: on it, laga kraft, and the case completes again.
    await skipTo(addDays(newLagaKraft, -1), 12);
    expect((await caseStatus(client, dnr)).trackStatus[0]!.state).toBe('anslag');
    await skipTo(newLagaKraft, 1);
    const summary = await completed(workflowIdForDnr(dnr));
    expect(summary).toMatchObject({ outcome: 'completed', finishedOn: newLagaKraft });
    expect(summary.tracks[0]).toMatchObject({ state: 'laga-kraft', lagaKraft: newLagaKraft });
    const lagaKraftMessages = delivery.sent.filter((x) => x.notification.dnr === dnr && x.notification.kind === 'laga-kraft').map((x) => x.notification.occurrence);
    expect(lagaKraftMessages).toEqual([lagaKraftDate(posted), newLagaKraft]);
  });

  test('a timely appeal of RSR\'s decision recorded after the case completed tells the samordningskansli and the handläggare, each with its own Message-ID', async () => {
    const client = env.client;
    const { dnr, handle, meeting } = await startedCase('RS/912/2026', ['krokom']);
    const rsrPosted = addDays(meeting, 1);
    const posted = await krokomDecides(dnr, meeting);
    await skipTo(addDays(lagaKraftDate(posted), 1), 1);
    await completed(handle.workflowId);
    const before = delivery.sent.filter((x) => x.notification.dnr === dnr).length;

    // The court tells the region of an appeal of RSR's decision, filed on its last appeal day.
    const last = lastAppealDay(rsrPosted);
    await skipTo(addDays(lagaKraftDate(posted), 5), 9);
    const receipt = await recordEvent(client, dnr, { event: event({ type: 'appeal-filed', filedOn: last, appellant: 'En kommunmedlem', court: 'Förvaltningsrätten i Härnösand' }), actor: 'administrator' }, clock);
    expect(receipt.message).toContain(`Överklagande inkom ${last}`);
    await completed(workflowIdForDnr(dnr));

    const told = delivery.sent.filter((x) => x.notification.dnr === dnr && x.notification.kind === 'overklagat');
    expect(told.map((x) => x.notification.recipient.email).sort()).toEqual([manager, base.handlaggare.email].sort());
    for (const { notification: n } of told) {
      expect(n).toMatchObject({ rsr: { meetingDate: meeting, paragraf: 7 }, appeal: { filedOn: last, appellant: 'En kommunmedlem', lastAppealDay: last } });
      expect(n.kind === 'overklagat' && n.track).toBeUndefined();
    }
    // Every message of the case has its own Message-ID (as the e-mail activity derives it from the key).
    const all = delivery.sent.filter((x) => x.notification.dnr === dnr);
    expect(all.length).toBe(before + 2);
    const ids = all.map((x) => messageIdFor(x.key, 'regionjh.example'));
    expect(new Set(ids).size).toBe(ids.length);
    // The case's status lists the two deliveries, sent.
    const status = await caseStatus(client, dnr);
    expect(status.deliveries.filter((d) => d.kind === 'overklagat').map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});
