// One huvudman's decision track, a child of the case workflow (id `arende:RS-62-2026:krokom`):
// request sent → reminders → decided → justerat → anslag → laga kraft, or overdue, rejected,
// appealed, closed by an administrator, withdrawn with the case. Its own small history and its own
// visibility row (ArendeDnr, ArendePart, ArendeStage = the track state, ArendeDetalj, ArendeNastaFrist).
//
// The huvudman's events arrive here as `recordEvent` updates (client/cases.ts routes them); the
// track tells its case only what the case shows (becoming overdue or leaving overdue, via
// `trackReport`) and, by completing, its final status — so the case history stays small.
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { stockholmDate, stockholmInstant } from '../domain/dates';
import {
  SYSTEM_ACTOR,
  TRACK_TIMER_LABELS,
  applyTrackEvent,
  awaitsDecision,
  checkCloseTrack,
  checkTrackEvent,
  initialTrackState,
  isFinalTrackState,
  nextTrackTimer,
  type LogEntry,
  type TrackState,
  type TrackStatus,
  trackDetail,
} from '../domain/case-state';
import { HumanEvent } from '../domain/events';
import { parseOrThrow } from '../domain/errors';
import type { DeliveryRecord, Notification, NotificationDecision } from '../domain/notifications';
import { DnrAttribute, NextDeadlineAttribute, PartyAttribute, StageAttribute, TitleAttribute, TrackDetailAttribute } from '../domain/search-attributes';
import { deliver, upsertDelivery } from './deliveries';
import {
  caseWithdrawnSignal,
  closeTrackUpdate,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackReportSignal,
  trackStatusQuery,
  type CaseWithdrawal,
  type TrackInput,
} from './messages';

const nowIso = () => new Date(Date.now()).toISOString();
const today = () => stockholmDate(Date.now());

export async function decisionTrackWorkflow(input: TrackInput): Promise<TrackStatus> {
  const track: TrackState = initialTrackState({
    dnr: input.dnr,
    party: input.party,
    senast: input.senast,
    reminders: input.reminders,
    rsrMeetingDate: input.rsr.meetingDate,
    today: today(),
  });
  const log: LogEntry[] = [];
  const deliveries: DeliveryRecord[] = [];
  const notifications = new Map<string, Notification>();
  let version = 0; // bumped on every change, so the timer loop recomputes its next wake-up
  const changed = () => {
    version += 1;
  };
  const addLog = (actor: string, type: string, text: string) => {
    log.push({ seq: log.length + 1, at: nowIso(), actor, type, text, party: input.party.id });
  };

  const trackFacts = { party: input.party.id, partyName: input.party.name, organ: input.party.organ, points: input.points, senast: input.senast };
  const registrator = { label: `${input.party.name} (registrator)`, email: input.party.registrator, party: input.party.id };
  const common = { dnr: input.dnr, case: input.case };

  async function send(n: Notification): Promise<void> {
    const record = await deliver(n);
    upsertDelivery(deliveries, record);
    notifications.set(record.key, n);
    if (record.status !== 'sent') addLog(SYSTEM_ACTOR, 'delivery-failed', `${record.kind} till ${record.recipient.label}: ${record.status}${record.detail ? ` (${record.detail})` : ''}`);
  }

  function decisionFacts(): NotificationDecision {
    const d = track.decisions[track.decisions.length - 1]!;
    return {
      organ: d.organ,
      meetingDate: d.meetingDate,
      paragraf: d.paragraf,
      outcome: d.outcome,
      ...(d.beslut ? { beslut: d.beslut } : {}),
      ...(track.justering ? { justering: track.justering } : {}),
      ...(track.anslag ? { anslagPosted: track.anslag.posted, lastAppealDay: track.anslag.calendar.lastAppealDay, lagaKraft: track.anslag.calendar.lagaKraft } : {}),
    };
  }

  function nextTimer() {
    const timer = nextTrackTimer(track);
    return timer && { at: new Date(stockholmInstant(timer.date, timer.hour)).toISOString(), what: TRACK_TIMER_LABELS[timer.what] };
  }

  function status(): TrackStatus {
    const next = nextTimer();
    return {
      party: input.party.id,
      partyName: input.party.name,
      organ: input.party.organ,
      state: track.state,
      final: isFinalTrackState(track.state),
      requestedOn: track.requestedOn,
      senast: track.senast,
      ...(track.overdueSince ? { overdueSince: track.overdueSince } : {}),
      ...(track.escalatedAt ? { escalatedAt: track.escalatedAt } : {}),
      reminders: track.reminders,
      decisions: track.decisions,
      ...(track.justering ? { justering: track.justering } : {}),
      ...(track.anslag ? { anslag: track.anslag } : {}),
      ...(track.appeal ? { appeal: track.appeal } : {}),
      ...(track.closed ? { closed: track.closed } : {}),
      ...(next ? { nextTimer: next } : {}),
      deliveries,
      log,
    };
  }

  // Visibility: upserted only when a value changes.
  let lastAttributes = '';
  function syncAttributes() {
    const timer = nextTrackTimer(track);
    let deadline =
      awaitsDecision(track) && track.state === 'requested' ? track.senast : timer?.what === 'laga-kraft' ? timer.date : undefined;
    // Patched in after tracks had started: an overdue track keeps its passed `senast`, the date the
    // manager counts the days late from (before: no date). Only the value of the same upsert differs.
    if (track.state === 'overdue' && patched('overdue-deadline-attribute')) deadline = track.senast;
    // Patched in after tracks had started: the detailed state (reminded, återremiss…) for the overview.
    const detail = patched('track-detail-attribute') ? trackDetail(track) : undefined;
    const key = JSON.stringify([track.state, deadline, detail]);
    if (key === lastAttributes) return;
    const first = lastAttributes === '';
    lastAttributes = key;
    upsertSearchAttributes([
      ...(first
        ? [
            { key: DnrAttribute, value: input.dnr as string },
            { key: PartyAttribute, value: input.party.id as string },
            { key: TitleAttribute, value: input.title },
          ]
        : []),
      { key: StageAttribute, value: track.state },
      { key: NextDeadlineAttribute, value: deadline ? new Date(stockholmInstant(deadline)) : null },
      ...(detail ? [{ key: TrackDetailAttribute, value: detail }] : []),
    ]);
  }

  // The case wants to know when the overdue set changes.
  let reportedOverdue = false;
  async function reportIfChanged() {
    const overdue = track.state === 'overdue';
    const parent = workflowInfo().parent;
    if (overdue === reportedOverdue || !parent) return;
    reportedOverdue = overdue;
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(trackReportSignal, { party: input.party.id, state: track.state, overdue });
  }

  setHandler(trackStatusQuery, status);
  // The case says why it is withdrawn just before it cancels this track.
  let withdrawal: CaseWithdrawal | undefined;
  setHandler(caseWithdrawnSignal, (w) => {
    withdrawal = w;
  });
  setHandler(eventLogQuery, () => log);

  setHandler(
    recordEventUpdate,
    async ({ event, actor }) => {
      const before = track.state;
      const text = applyTrackEvent(track, event, nowIso());
      addLog(actor, event.type, text);
      const receipt = { seq: log.length, stage: track.state, message: text };
      changed();
      syncAttributes();
      if (event.type === 'huvudman-decided' || (event.type === 'anslag-posted' && before !== 'anslag')) {
        const confirmation: Notification = { kind: 'beslut-registrerat', ...common, occurrence: `${event.type}-${track.decisions.length}`, recipient: registrator, track: trackFacts, decision: decisionFacts() };
        await Promise.all([reportIfChanged(), send(confirmation)]);
      } else {
        await reportIfChanged();
      }
      return receipt;
    },
    {
      validator: (request) => {
        const event = parseOrThrow(HumanEvent, request?.event);
        checkTrackEvent(track, event);
      },
    },
  );

  setHandler(
    closeTrackUpdate,
    ({ reason, actor }) => {
      track.closed = { reason, by: actor, at: nowIso() };
      track.state = 'closed';
      for (const r of track.reminders) if (r.status === 'planned') r.status = 'not-needed';
      const text = `${input.party.name}: spåret stängt av ${actor}: ${reason}`;
      addLog(actor, 'track-closed', text);
      changed();
      syncAttributes();
      return { seq: log.length, stage: track.state, message: text };
    },
    {
      validator: (request) => {
        if (typeof request?.reason !== 'string' || request.reason.trim() === '') throw new Error('close-track: ange skälet till att spåret stängs');
        if (typeof request.actor !== 'string' || request.actor.trim() === '') throw new Error('close-track: ange vem som stänger spåret');
        checkCloseTrack(track);
      },
    },
  );

  setHandler(
    retryDeliveryUpdate,
    async ({ key, actor }) => {
      const n = notifications.get(key)!;
      const record = await deliver(n, deliveries.find((d) => d.key === key));
      upsertDelivery(deliveries, record);
      addLog(actor, 'delivery-retried', `${record.kind} till ${record.recipient.label}: ${record.status}`);
      return record;
    },
    {
      validator: ({ key }) => {
        const record = deliveries.find((d) => d.key === key);
        if (!record || !notifications.has(key)) throw new Error(`retry-delivery: okänd leverans "${key}"`);
        if (record.status === 'sent') throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} är redan skickat`);
      },
    },
  );

  const rsr = input.rsr;
  try {
    syncAttributes();
    addLog(SYSTEM_ACTOR, 'track-requested', `${input.party.name} ombeds besluta (${input.party.organ}) senast ${input.senast}`);
    await send({ kind: 'begaran', ...common, occurrence: `rsr-${rsr.meetingDate}-§${rsr.paragraf}`, recipient: registrator, rsr, track: trackFacts });

    while (!isFinalTrackState(track.state)) {
      const timer = nextTrackTimer(track);
      const dueAt = timer ? stockholmInstant(timer.date, timer.hour) : undefined;
      if (timer && dueAt !== undefined && Date.now() >= dueAt) {
        await fire(timer);
        changed();
        syncAttributes();
        await reportIfChanged();
        continue;
      }
      const seen = version;
      if (dueAt === undefined) await condition(() => version !== seen);
      else await condition(() => version !== seen, dueAt - Date.now());
    }
    // Let an update still sending its confirmation finish before the track ends.
    await condition(allHandlersFinished);
    return status();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Withdrawn with the case: tell the huvudman, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      const wasOpen = !isFinalTrackState(track.state);
      track.state = 'withdrawn';
      addLog(SYSTEM_ACTOR, 'track-withdrawn', `${input.party.name}: ärendet återkallat; spåret avslutat`);
      syncAttributes();
      if (wasOpen) {
        // Cases started before the case passed the reason on send only that it was withdrawn.
        const why = withdrawal ?? { date: today(), reason: 'Ärendet har återkallats' };
        await send({ kind: 'aterkallelse', ...common, occurrence: 'aterkallelse', recipient: registrator, withdrawal: why });
      }
    });
    throw err;
  }

  async function fire(timer: NonNullable<ReturnType<typeof nextTrackTimer>>): Promise<void> {
    switch (timer.what) {
      case 'reminder': {
        const reminder = timer.reminder;
        reminder.status = 'sent';
        reminder.at = nowIso();
        addLog(SYSTEM_ACTOR, 'reminder-sent', `Påminnelse till ${input.party.name}: ${reminder.workingDays} arbetsdagar kvar till ${input.senast}`);
        await send({ kind: 'paminnelse', ...common, occurrence: reminder.date, recipient: registrator, rsr, track: trackFacts, workingDaysLeft: reminder.workingDays });
        return;
      }
      case 'overdue': {
        track.state = 'overdue';
        track.overdueSince = timer.date;
        track.escalatedAt = nowIso();
        addLog(SYSTEM_ACTOR, 'track-overdue', `${input.party.name} har inte beslutat senast ${input.senast}; samordningskansliet underrättas`);
        await send({
          kind: 'forsenad',
          ...common,
          occurrence: timer.date,
          recipient: { label: 'Samordningskansliet', email: input.managerEmail },
          track: trackFacts,
          overdueSince: timer.date,
        });
        return;
      }
      case 'laga-kraft': {
        track.state = 'laga-kraft';
        addLog(SYSTEM_ACTOR, 'laga-kraft', `${input.party.name}: beslutet vann laga kraft ${timer.date}`);
        await send({ kind: 'laga-kraft', ...common, occurrence: timer.date, recipient: registrator, track: trackFacts, decision: decisionFacts() });
        return;
      }
    }
  }
}
