// The case workflow (id `arende:RS-62-2026`, derived from the Dnr): registered → beredning → RSR
// scheduled → RSR decided → justerat → anslag → completed, or withdrawn at any time before that.
// When the recommending body's protocol is justerat it sends the protokollsutdrag (expediering
// child) and starts one decision track (child workflow) per huvudman; it completes with a summary
// when every track is final and RSR's own appeal period has ended.
//
// History budget: the case hears from a track only when it becomes or stops being overdue (a
// signal) and when it ends (its result); a huvudman's decisions go to the track itself. See
// docs/history-sizes.md for the measured sizes.
import {
  CancellationScope,
  allHandlersFinished,
  ParentClosePolicy,
  condition,
  isCancellation,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { stockholmDate, stockholmInstant, type IsoDate } from '../domain/dates';
import { lagaKraftDate } from '../domain/calendar';
import { trackWorkflowId, workflowIdForDnr } from '../domain/dnr';
import {
  SYSTEM_ACTOR,
  applyCaseEvent,
  caseStage,
  checkCaseEvent,
  checkPartyEventAtCase,
  councilGenitive,
  councilName,
  eventParty,
  initialCaseState,
  refuse,
  type CaseTrackView,
  type LogEntry,
  type TrackStatus,
} from '../domain/case-state';
import { DECISION_OUTCOME_LABELS, HumanEvent } from '../domain/events';
import { parseOrThrow } from '../domain/errors';
import { notificationKey, type DeliveryRecord, type Notification, type NotificationCase, type NotificationRsrDecision } from '../domain/notifications';
import {
  DnrAttribute,
  NextDeadlineAttribute,
  OverduePartiesAttribute,
  PendingPartiesAttribute,
  StageAttribute,
  TitleAttribute,
} from '../domain/search-attributes';
import { deliver, upsertDelivery } from './deliveries';
import { decisionTrackWorkflow } from './decision-track';
import { expedieringWorkflow } from './expediering';
import {
  caseStatusQuery,
  caseWithdrawnSignal,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackReportSignal,
  type CaseInput,
  type CaseStatus,
  type CaseSummary,
} from './messages';

/** Tracks are started this many at a time (a 311-party case starts in 7 batches). */
const START_BATCH = 50;
/** A keyword list longer than this (bytes) would pass Temporal's 2 KB per value: stored as ['*']. */
const LIST_ATTRIBUTE_LIMIT = 1800;

const nowIso = () => new Date(Date.now()).toISOString();
const today = () => stockholmDate(Date.now());

export async function caseWorkflow(input: CaseInput): Promise<CaseSummary> {
  const state = initialCaseState(input.registration);
  const log: LogEntry[] = [];
  const deliveries: DeliveryRecord[] = [];
  const notifications = new Map<string, Notification>();
  const caseId = workflowIdForDnr(state.dnr);
  const addLog = (actor: string, type: string, text: string, party?: CaseTrackView['party']) => {
    log.push({ seq: log.length + 1, at: nowIso(), actor, type, text, ...(party ? { party } : {}) });
  };

  const caseFacts: NotificationCase = {
    dnr: state.dnr,
    title: state.title,
    handlaggare: input.registration.handlaggare,
    summary: input.registration.tjansteskrivelse.summary,
    recommendedBy: input.recommendedBy,
    beslutsunderlag: input.registration.beslutsunderlag,
  };
  const rsrFacts = (): NotificationRsrDecision => ({
    meetingDate: state.rsr!.meetingDate,
    paragraf: state.rsr!.paragraf,
    beslut: state.rsr!.beslut,
    ...(state.justering ? { justering: state.justering } : {}),
    ...(state.anslag ? { anslagPosted: state.anslag.posted } : {}),
  });

  const openParties = () => state.tracks.filter((t) => !t.final).map((t) => t.party);
  const overdueParties = () => state.tracks.filter((t) => !t.final && t.overdue).map((t) => t.party);

  function nextDeadline(): { date: IsoDate; what: string } | undefined {
    if (state.withdrawn || state.completed) return undefined;
    if (!state.rsr) return { date: state.registration.rsrMeetingDate, what: `${councilGenitive(state)} sammanträde` };
    if (state.tracks.length === 0 || openParties().length > 0) return { date: state.recommendation.senast, what: 'sista dag för huvudmännens beslut' };
    if (state.anslag) return { date: state.anslag.calendar.lastAppealDay, what: `sista dag att överklaga ${councilGenitive(state)} beslut` };
    return undefined;
  }

  function nextTimer(): CaseStatus['nextTimer'] {
    if (waitingForAppealPeriod && state.anslag) {
      return { at: new Date(stockholmInstant(lagaKraftDate(state.anslag.posted))).toISOString(), what: `${councilGenitive(state)} överklagandetid slutar` };
    }
    return undefined;
  }

  function status(): CaseStatus {
    const next = nextTimer();
    return {
      dnr: state.dnr,
      title: state.title,
      stage: caseStage(state),
      rsrMeetingDate: state.registration.rsrMeetingDate,
      senast: state.recommendation.senast,
      huvudman: state.recommendation.huvudman,
      points: state.recommendation.points,
      ...(state.rsr ? { rsr: state.rsr } : {}),
      ...(state.justering ? { justering: state.justering } : {}),
      ...(state.anslag ? { anslag: state.anslag } : {}),
      appeals: state.appeals,
      ...(state.withdrawn ? { withdrawn: state.withdrawn } : {}),
      tracks: state.tracks,
      open: openParties(),
      overdue: overdueParties(),
      ...(next ? { nextTimer: next } : {}),
      deliveries,
      historyLength: workflowInfo().historyLength,
    };
  }

  // Visibility: one upsert per change of any value, never per event.
  let lastAttributes = '';
  function listValue(ids: string[]): string[] {
    return JSON.stringify(ids).length > LIST_ATTRIBUTE_LIMIT ? ['*'] : ids;
  }
  function syncAttributes() {
    const deadline = nextDeadline();
    const values = {
      stage: caseStage(state),
      open: listValue(openParties()),
      overdue: listValue(overdueParties()),
      deadline: deadline?.date ?? null,
    };
    const key = JSON.stringify(values);
    if (key === lastAttributes) return;
    const first = lastAttributes === '';
    lastAttributes = key;
    upsertSearchAttributes([
      ...(first
        ? [
            { key: DnrAttribute, value: state.dnr as string },
            { key: TitleAttribute, value: state.title },
          ]
        : []),
      { key: StageAttribute, value: values.stage },
      { key: PendingPartiesAttribute, value: values.open },
      { key: OverduePartiesAttribute, value: values.overdue },
      { key: NextDeadlineAttribute, value: values.deadline ? new Date(stockholmInstant(values.deadline)) : null },
    ]);
  }

  setHandler(caseStatusQuery, status);
  setHandler(eventLogQuery, () => log);

  setHandler(
    recordEventUpdate,
    ({ event, actor }) => {
      const text = applyCaseEvent(state, event);
      addLog(actor, event.type, text);
      syncAttributes();
      return { seq: log.length, stage: caseStage(state), message: text };
    },
    {
      validator: (request) => {
        if (typeof request?.actor !== 'string' || request.actor.trim() === '') throw new Error('ange vem som registrerar händelsen (actor)');
        const event = parseOrThrow(HumanEvent, request.event);
        if (eventParty(event) !== undefined) {
          checkPartyEventAtCase(state, event, input.knownParties, trackWorkflowId(state.dnr, eventParty(event)!));
        }
        checkCaseEvent(state, event);
        if (event.type === 'rsr-decided' && event.recommendation) {
          for (const id of event.recommendation.huvudman) {
            if (!input.parties.some((p) => p.id === id)) refuse(event.type, `${id} är inte huvudman i partregistret och kan inte ombes besluta`);
          }
        }
      },
    },
  );

  setHandler(trackReportSignal, (report) => {
    const view = state.tracks.find((t) => t.party === report.party);
    if (!view || view.final) return;
    view.state = report.state;
    view.overdue = report.overdue;
    addLog(SYSTEM_ACTOR, report.overdue ? 'track-overdue' : 'track-no-longer-overdue', report.overdue ? `${view.name} har inte beslutat senast ${state.recommendation.senast}` : `${view.name} har beslutat efter sista dagen`, view.party);
    syncAttributes();
  });

  setHandler(
    retryDeliveryUpdate,
    async ({ key, actor }) => {
      const record = await deliver(notifications.get(key)!, deliveries.find((d) => d.key === key));
      upsertDelivery(deliveries, record);
      addLog(actor, 'delivery-retried', `${record.kind} till ${record.recipient.label}: ${record.status}`);
      return record;
    },
    {
      validator: (request) => {
        const record = deliveries.find((d) => d.key === request?.key);
        if (!record || !notifications.has(record.key)) throw new Error(`retry-delivery: okänd leverans "${String(request?.key)}" i ${state.dnr}`);
        if (record.status === 'sent') throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} är redan skickat`);
      },
    },
  );

  async function sendFromCase(n: Notification): Promise<void> {
    const record = await deliver(n);
    notifications.set(record.key, n);
    upsertDelivery(deliveries, record);
    if (record.status !== 'sent') addLog(SYSTEM_ACTOR, 'delivery-failed', `${record.kind} till ${record.recipient.label}: ${record.status}`);
  }

  let waitingForAppealPeriod = false;
  syncAttributes();
  addLog(SYSTEM_ACTOR, 'registered', `Ärendet registrerat: ${state.title}; ${councilName(state)} sammanträder ${state.registration.rsrMeetingDate}`);

  await condition(() => Boolean(state.justering || state.withdrawn));

  const trackHandles = new Map<string, ChildWorkflowHandle<typeof decisionTrackWorkflow>>();
  const tracksScope = new CancellationScope();
  const tracksDone = state.withdrawn ? Promise.resolve() : tracksScope.run(() => runTracks());
  tracksDone.catch(() => undefined); // observed below; avoids an unhandled rejection while racing
  await Promise.race([tracksDone, condition(() => Boolean(state.withdrawn))]);

  if (state.withdrawn) {
    // Patched in after cases had started: open tracks learn the reason before they are cancelled,
    // so the withdrawal notice to each huvudman says why (older runs replay without the signals).
    if (patched('withdrawal-reason-to-tracks')) await tellOpenTracksWhy(state.withdrawn);
    tracksScope.cancel();
    await tracksDone.catch((err) => {
      if (!isCancellation(err)) throw err;
    });
    await withdrawalNotice();
    return summary('withdrawn');
  }
  await tracksDone;

  // RSR's own appeal period, if its anslag is posted and the period still runs.
  if (state.anslag && Date.now() < stockholmInstant(lagaKraftDate(state.anslag.posted))) {
    waitingForAppealPeriod = true;
    await condition(() => Boolean(state.withdrawn), stockholmInstant(lagaKraftDate(state.anslag.posted)) - Date.now());
    waitingForAppealPeriod = false;
    if (state.withdrawn) {
      await withdrawalNotice();
      return summary('withdrawn');
    }
  }
  await condition(allHandlersFinished);
  state.completed = true;
  addLog(SYSTEM_ACTOR, 'completed', `Ärendet avslutat: alla ${state.tracks.length} beslutsspår är avslutade`);
  syncAttributes();
  return summary('completed');

  async function runTracks(): Promise<void> {
    const rsr = rsrFacts();
    // Expediering: protokollsutdrag to every Expedieras till address, in its own child history.
    const protokoll: Notification[] = input.expediering.map((to) => ({
      kind: 'protokollsutdrag',
      dnr: state.dnr,
      occurrence: `rsr-${rsr.meetingDate}-§${rsr.paragraf}`,
      recipient: { label: to.label, email: to.to, ...(to.party ? { party: to.party } : {}) },
      case: caseFacts,
      rsr,
    }));
    for (const n of protokoll) notifications.set(notificationKey(n), n);
    for (const u of input.unresolved) {
      deliveries.push({
        key: `${state.dnr}|saknas:${u.label}|protokollsutdrag|rsr`,
        kind: 'protokollsutdrag',
        occurrence: `rsr-${rsr.meetingDate}-§${rsr.paragraf}`,
        recipient: { label: u.label },
        status: 'undeliverable',
        messageId: '',
        attemptedAt: nowIso(),
        detail: u.reason,
        attempts: 1,
      });
    }
    const expediering = startChild(expedieringWorkflow, {
      workflowId: `${caseId}:_expediering`,
      args: [{ notifications: protokoll }],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });

    state.tracks = state.recommendation.huvudman.map((id) => {
      const party = input.parties.find((p) => p.id === id)!;
      return { party: id, name: party.name, state: 'requested', overdue: false };
    });
    addLog(SYSTEM_ACTOR, 'tracks-started', `Begäran om beslut till ${state.tracks.length} huvudmän; sista dag ${state.recommendation.senast}`);
    syncAttributes();

    const results: Promise<void>[] = [];
    const recordExpediering = expediering.then(async (handle) => {
      const records = await handle.result();
      for (const r of records) upsertDelivery(deliveries, r);
      const failed = records.filter((r) => r.status !== 'sent').length;
      addLog(SYSTEM_ACTOR, 'expedierat', `Protokollsutdrag skickat till ${records.length - failed} av ${records.length} mottagare${failed ? ` (${failed} misslyckades)` : ''}`);
    });
    results.push(recordExpediering);

    for (let i = 0; i < state.tracks.length; i += START_BATCH) {
      const batch = state.tracks.slice(i, i + START_BATCH);
      const handles = await Promise.all(batch.map((view) => startTrack(view, rsr)));
      handles.forEach((handle, j) => {
        trackHandles.set(batch[j]!.party, handle);
        results.push(followTrack(batch[j]!, handle));
      });
    }
    await Promise.all(results);
  }

  async function tellOpenTracksWhy(w: NonNullable<typeof state.withdrawn>): Promise<void> {
    const withdrawal = { date: w.date, reason: w.reason, ...(w.decidedBy ? { decidedBy: w.decidedBy } : {}) };
    const open = state.tracks.filter((view) => !view.final && trackHandles.has(view.party));
    // A track that ended meanwhile cannot take the signal; it has nothing to say then.
    await Promise.all(open.map((view) => trackHandles.get(view.party)!.signal(caseWithdrawnSignal, withdrawal).catch(() => undefined)));
  }

  function startTrack(view: CaseTrackView, rsr: NotificationRsrDecision) {
    const party = input.parties.find((p) => p.id === view.party)!;
    return startChild(decisionTrackWorkflow, {
      workflowId: trackWorkflowId(state.dnr, view.party),
      args: [
        {
          dnr: state.dnr,
          title: state.title,
          party,
          points: state.recommendation.points,
          senast: state.recommendation.senast,
          reminders: state.recommendation.reminders,
          managerEmail: input.managerEmail,
          case: caseFacts,
          rsr,
        },
      ],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });
  }

  async function followTrack(view: CaseTrackView, handle: ChildWorkflowHandle<typeof decisionTrackWorkflow>): Promise<void> {
    let final: TrackStatus;
    try {
      final = await handle.result();
    } catch (err) {
      if (isCancellation(err) || state.withdrawn) {
        view.state = 'withdrawn';
        return;
      }
      throw err;
    }
    view.final = final;
    view.state = final.state;
    view.overdue = false;
    const last = final.decisions[final.decisions.length - 1];
    addLog(SYSTEM_ACTOR, 'track-final', `${view.name}: ${final.state}${last ? ` (${DECISION_OUTCOME_LABELS[last.outcome]} ${last.meetingDate} § ${last.paragraf})` : ''}`, view.party);
    syncAttributes();
  }

  async function withdrawalNotice(): Promise<void> {
    const w = state.withdrawn!;
    const withdrawal = { date: w.date, reason: w.reason, ...(w.decidedBy ? { decidedBy: w.decidedBy } : {}) };
    const recipients = [
      { label: 'Samordningskansliet', email: input.managerEmail },
      ...(input.registration.handlaggare.email ? [{ label: `${input.registration.handlaggare.name} (handläggare)`, email: input.registration.handlaggare.email }] : []),
    ];
    await Promise.all(recipients.map((recipient) => sendFromCase({ kind: 'aterkallelse', dnr: state.dnr, occurrence: 'aterkallelse', recipient, case: caseFacts, withdrawal })));
    syncAttributes();
  }

  function summary(outcome: CaseSummary['outcome']): CaseSummary {
    const counts: CaseSummary['counts'] = {};
    for (const t of state.tracks) counts[t.state] = (counts[t.state] ?? 0) + 1;
    const trackDeliveries = state.tracks.flatMap((t) => t.final?.deliveries ?? []);
    return {
      dnr: state.dnr,
      title: state.title,
      outcome,
      finishedOn: today(),
      tracks: state.tracks.map((t) => {
        const last = t.final?.decisions[t.final.decisions.length - 1];
        return {
          party: t.party,
          name: t.name,
          state: t.state,
          ...(last ? { lastDecision: `${DECISION_OUTCOME_LABELS[last.outcome]} ${last.meetingDate} § ${last.paragraf}` } : {}),
          ...(t.state === 'laga-kraft' && t.final?.anslag ? { lagaKraft: t.final.anslag.calendar.lagaKraft } : {}),
        };
      }),
      counts,
      failedDeliveries: [...deliveries, ...trackDeliveries].filter((d) => d.status !== 'sent').length,
    };
  }
}
