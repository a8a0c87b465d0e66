// The state of one running case and its message handlers (the case workflow wires them and runs
// the lifecycle, case-workflow.ts). The rules themselves are pure, in domain/case-rules.ts.
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  isCancellation,
  patched,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import { lagaKraftDate } from '../domain/calendar';
import { applyCaseEvent, caseStage, checkCaseEvent, checkPartyEventAtCase, councilGenitive, councilName, initialCaseState, type CaseState, type CaseTrackView } from '../domain/case-rules';
import { stockholmDate, stockholmInstant, type IsoDate } from '../domain/dates';
import { trackWorkflowId, workflowIdForDnr } from '../domain/dnr';
import { notificationKey } from '../domain/notification-key';
import type { DeliveryRecord, Notification, NotificationCase, NotificationRecipient, NotificationRsrDecision } from '../domain/notifications';
import { SYSTEM_ACTOR, checkEventRequest, eventParty, refuse, type LogEntry } from '../domain/rules';
import {
  DnrAttribute,
  NextDeadlineAttribute,
  OverduePartiesAttribute,
  PartyAttribute,
  PendingPartiesAttribute,
  StageAttribute,
  TitleAttribute,
  TrackDetailAttribute,
} from '../domain/search-attributes';
import type { TrackState, TrackStatus } from '../domain/track-rules';
import { CORRECTION_TARGET_WORDS, applyCaseCorrection, applyLateTrackEvent, checkCaseCorrection, checkLateTrackEvent, markCorrected, structuredCopy, trackStateFromStatus } from '../domain/corrections';
import type { AppealFiled, CorrectionRecorded } from '../domain/events';
import { DECISION_OUTCOME_LABELS, DELIVERY_STATUS_WORDS, NOTIFICATION_KIND_LABELS, TRACK_STATE_WORDS, huvudmanCount } from '../domain/words';
import { deliver, keyVersionNow, upsertDelivery } from './deliveries';
import { MailAfterReply } from './mail-after-reply';
import { decisionTrackWorkflow } from './decision-track';
import { expedieringWorkflow } from './expediering';
import {
  caseWithdrawnSignal,
  type CaseInput,
  type CaseSnapshot,
  type CaseStatus,
  type CaseSummary,
  type EventReceipt,
  type EventRequest,
  type RetryDeliveryRequest,
  type TrackReport,
  type TrackResume,
} from './messages';
import { SearchAttributeSync } from './search-attributes';
import { ReadModelSync } from './read-model-sync';
import { caseProjection, caseStatusDocument } from '../domain/projection';
import { refusingImpossibleFacts } from './refusals';
import { RSR_LATE_APPEAL_NOTICE_PATCH } from './patches';

/** Tracks are started this many at a time (a 311-party case starts in 7 batches). */
const START_BATCH = 50;
/** A keyword list longer than this (bytes) would pass Temporal's 2 KB per value: stored as ['*']. */
const LIST_ATTRIBUTE_LIMIT = 1800;

const nowIso = () => new Date(Date.now()).toISOString();
const today = () => stockholmDate(Date.now());

function listValue(ids: string[]): string[] {
  return JSON.stringify(ids).length > LIST_ATTRIBUTE_LIMIT ? ['*'] : ids;
}

type TrackHandle = ChildWorkflowHandle<typeof decisionTrackWorkflow>;

export class CaseRun {
  readonly state: CaseState;
  readonly log: LogEntry[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** True while the case waits out RSR's own appeal period (shown as its next timer). */
  waitingForAppealPeriod = false;
  /** Bumped when a correction changes the case's own dates, so the wait for RSR's appeal period is recomputed. */
  version = 0;
  /** The scope the tracks run in (the case workflow sets it): a track reopened for a late event runs there too. */
  tracksScope: CancellationScope | undefined;
  /** A reopened track that failed (not cancelled): the case workflow throws it. */
  failure: unknown;

  private readonly notifications = new Map<string, Notification>();
  private readonly trackHandles = new Map<string, TrackHandle>();
  private readonly caseFacts: NotificationCase;
  private readonly attributes: SearchAttributeSync;
  /** The case's rows in the read model (its own facts and deliveries; each track projects its own). */
  readonly readModel: ReadModelSync;
  /** Serialises the async handlers (a retried delivery); only in lean executions, see patches.ts. */
  private readonly mutex: Mutex | undefined;
  /** The e-mail an update started, sent after its reply (MAIL_AFTER_REPLY_PATCH). */
  readonly mail: MailAfterReply;

  constructor(
    private readonly input: CaseInput,
    /** A lean execution (workflows/patches.ts). */
    readonly lean: boolean,
  ) {
    // The body's name for the timeline and the refusals (a state-only fact: no command changes).
    // A new run of an ended case (docs/late-events.md) goes on from the previous run's state and log.
    this.state = input.resume
      ? { ...structuredCopy(input.resume.state), completed: false }
      : initialCaseState(input.registration, input.recommendedBy.shortName ?? input.recommendedBy.name);
    if (input.resume) {
      this.log.push(...structuredCopy(input.resume.log));
      this.deliveries.push(...structuredCopy(input.resume.deliveries));
    } else {
      // The registration is the log's first entry: logged here, before the handlers are set, so an
      // event sent with the start (update-with-start) comes after it. State only, no command.
      this.addLog(input.registeredBy ?? SYSTEM_ACTOR, 'registered', `Ärendet registrerat: ${this.state.title}; ${councilName(this.state)} sammanträder ${input.registration.rsrMeetingDate}`);
    }
    this.caseFacts = {
      dnr: this.state.dnr,
      title: this.state.title,
      handlaggare: input.registration.handlaggare,
      summary: input.registration.tjansteskrivelse.summary,
      recommendedBy: { id: input.recommendedBy.id, name: input.recommendedBy.name },
      beslutsunderlag: input.registration.beslutsunderlag,
    };
    this.mutex = lean ? new Mutex() : undefined;
    this.mail = new MailAfterReply(input.mailAfterReply === 1);
    this.attributes = new SearchAttributeSync(() => this.desiredAttributes(), lean, () => [
      { key: DnrAttribute, value: this.state.dnr as string },
      { key: TitleAttribute, value: this.state.title },
    ]);
    this.readModel = new ReadModelSync(
      (stamp) => ({ ...caseProjection(this.state, this.deliveries, stamp), caseStatus: caseStatusDocument(this.status()) }),
      workflowInfo().workflowId,
      input.readModel === 1,
    );
  }

  // ------------------------------------------------------------ handlers

  validateEvent(request: EventRequest): void {
    checkEventRequest(request);
    const { event } = request;
    const party = eventParty(event);
    // An ended track still takes a timely appeal or a correction: the case reopens it (reopenTrack).
    const ended = party !== undefined && !this.state.withdrawn ? this.state.tracks.find((t) => t.party === party && t.final) : undefined;
    if (ended) return refusingImpossibleFacts(() => checkLateTrackEvent(this.endedTrackState(ended), event, today()));
    if (party !== undefined) checkPartyEventAtCase(this.state, event, this.input.knownParties, trackWorkflowId(this.state.dnr, party));
    // "Today" on the workflow's clock: a validator is never replayed, and it holds for every way in.
    refusingImpossibleFacts(() => checkCaseEvent(this.state, event, today()));
    if (event.type === 'correction-recorded') refusingImpossibleFacts(() => checkCaseCorrection(this.state, event, today()));
    if (event.type === 'withdrawn' && this.input.resume) refuse(event.type, `${this.state.dnr} har redan avslutats; ett avslutat ärende återkallas inte`);
    if (event.type === 'rsr-decided' && event.recommendation) {
      for (const id of event.recommendation.huvudman) {
        if (!this.input.parties.some((p) => p.id === id)) refuse(event.type, `${id} är inte huvudman i partregistret och kan inte ombes besluta`);
      }
    }
  }

  recordEvent(request: EventRequest): EventReceipt | Promise<EventReceipt> {
    const { event, actor } = request;
    const party = eventParty(event);
    const ended = party !== undefined ? this.state.tracks.find((t) => t.party === party && t.final) : undefined;
    if (ended) return this.reopenTrack(ended, request);
    if (event.type === 'correction-recorded') return this.correct(event, actor);
    const text = applyCaseEvent(this.state, event);
    this.addLog(actor, event.type, text);
    this.attributes.changed();
    const receipt = { seq: this.log.length, stage: caseStage(this.state), message: text };
    if (event.type === 'appeal-filed' && this.afterRsrLagaKraft() && patched(RSR_LATE_APPEAL_NOTICE_PATCH)) return this.tellAppealed(event, receipt.seq).then(() => receipt);
    return receipt;
  }

  trackReported(report: TrackReport): void {
    const view = this.state.tracks.find((t) => t.party === report.party);
    if (!view || view.final) return;
    view.state = report.state;
    view.overdue = report.overdue;
    this.addLog(
      SYSTEM_ACTOR,
      report.overdue ? 'track-overdue' : 'track-no-longer-overdue',
      // Leaving overdue means a decision was reported after senast; whether it was made in time
      // follows from its meeting date, which the track's own entry says (domain/rule-flags.ts).
      report.overdue ? `${view.name} har inte beslutat senast ${this.state.recommendation.senast}` : `${view.name} har rapporterat sitt beslut efter sista dagen ${this.state.recommendation.senast}`,
      view.party,
    );
    this.attributes.changed();
  }

  validateRetry(request: RetryDeliveryRequest): void {
    const record = this.deliveries.find((d) => d.key === request?.key);
    if (!record || !this.notifications.has(record.key)) throw new Error(`retry-delivery: okänd leverans "${String(request?.key)}" i ${this.state.dnr}`);
    if (record.status === 'sent') throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} är redan skickat`);
    if (request.attempt !== undefined && request.attempt !== record.attempts + 1) {
      throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} har redan försökts igen (försök ${record.attempts})`);
    }
  }

  async retryDelivery(request: RetryDeliveryRequest): Promise<DeliveryRecord> {
    const retry = async () => {
      const previous = this.deliveries.find((d) => d.key === request.key);
      // A retry that waited for another one of the same delivery has nothing left to do.
      if (previous?.status === 'sent') return previous;
      // Sent today: a link it carries counts its days from today (lib/report-links.ts).
      const n: Notification = { ...this.notifications.get(request.key)!, issuedOn: today() };
      this.notifications.set(request.key, n);
      const record = await deliver(n, previous);
      upsertDelivery(this.deliveries, record);
      this.addLog(request.actor, 'delivery-retried', `${NOTIFICATION_KIND_LABELS[record.kind]} till ${record.recipient.label}: ${DELIVERY_STATUS_WORDS[record.status]}`);
      return record;
    };
    return this.mutex ? this.mutex.runExclusive(retry) : retry();
  }

  status(): CaseStatus {
    const { state } = this;
    const next = this.nextTimer();
    return {
      dnr: state.dnr,
      title: state.title,
      stage: caseStage(state),
      rsrMeetingDate: state.registration.rsrMeetingDate,
      senast: state.recommendation.senast,
      huvudman: state.recommendation.huvudman,
      points: state.recommendation.points,
      registration: state.registration,
      beredning: state.beredning,
      ...(state.rsr ? { rsr: state.rsr } : {}),
      ...(state.justering ? { justering: state.justering } : {}),
      ...(state.anslag ? { anslag: state.anslag } : {}),
      appeals: state.appeals,
      ...(state.withdrawn ? { withdrawn: state.withdrawn } : {}),
      tracks: state.tracks,
      open: this.openParties(),
      overdue: this.overdueParties(),
      ...(next ? { nextTimer: next } : {}),
      deliveries: this.deliveries,
      historyLength: workflowInfo().historyLength,
      // The names a reader of the status needs for ids (huvudmän, actors); a query's answer, no command.
      partyNames: Object.fromEntries([...this.input.parties.map((p) => [p.id, p.name]), [this.input.recommendedBy.id, this.input.recommendedBy.name]]),
    };
  }

  /** What a new run of this case starts from once it has ended (caseSnapshotQuery). */
  snapshot(): CaseSnapshot {
    const { resume: _previous, ...input } = this.input;
    return { input, state: this.state, log: this.log, deliveries: this.deliveries, projectionVersion: this.readModel.version };
  }

  // ------------------------------------------------------------ late events (docs/late-events.md)

  /**
   * A late event for an ended track (a timely appeal after laga kraft, a correction): the track is
   * started again under its own id, as a new run that goes on from its final status and takes the
   * event; the case follows it until it is final again. The receipt is the same rules applied to a
   * copy, so the caller has it at once.
   */
  private async reopenTrack(view: CaseTrackView, request: EventRequest): Promise<EventReceipt> {
    const final = view.final!;
    const track = this.endedTrackState(view);
    const preview = structuredCopy(track);
    const text = applyLateTrackEvent(preview, request.event, nowIso(), today());
    // Open again at once, before the start is awaited: a second late event for it goes to the new run.
    view.final = undefined;
    view.state = preview.state;
    this.addLog(SYSTEM_ACTOR, 'track-reopened', `${view.name}: beslutsspåret öppnat igen för ${request.event.type === 'correction-recorded' ? 'en rättelse' : 'ett överklagande inom tiden'}`, view.party);
    this.attributes.changed();
    const receipt = { seq: final.log.length + 1, stage: preview.state, message: text };
    const start = () => this.startTrack(view, this.rsrFacts(), this.input.messageKeys, { track, log: final.log, deliveries: final.deliveries, request });
    const handle = await (this.tracksScope ? this.tracksScope.run(start) : start());
    this.trackHandles.set(view.party, handle);
    this.followTrack(view, handle).catch((err) => {
      this.failure = err;
    });
    return receipt;
  }

  /** A correction of the case's own (RSR's) facts: recorded, the original marked, the samordningskansli and handläggare told. */
  private async correct(event: CorrectionRecorded, actor: string): Promise<EventReceipt> {
    const outcome = applyCaseCorrection(this.state, event);
    this.addLog(actor, event.type, outcome.text);
    const entry = this.log[this.log.length - 1]!;
    const corrected = markCorrected(this.log, event, entry.seq);
    if (corrected !== undefined) entry.corrects = corrected;
    this.version += 1;
    this.attributes.changed();
    const what = event.target === 'decision' ? 'rekommendationsbeslutet' : CORRECTION_TARGET_WORDS[event.target];
    const correction = { what, changes: outcome.changes, reason: event.reason, by: actor };
    const recipients = this.caseRecipients();
    const keys = keyVersionNow(this.input);
    const send = () =>
      Promise.all(recipients.map((recipient) => this.send({ kind: 'rattelse', dnr: this.state.dnr, ...keys, issuedOn: today(), occurrence: `rattelse-arende-${entry.seq}`, recipient, case: this.caseFacts, correction })));
    await this.mail.afterReply(this.mutex ? this.mutex.runExclusive(send) : send());
    return { seq: entry.seq, stage: caseStage(this.state), message: outcome.text };
  }

  /** RSR's own appeal period is over: its decision was taken as laga kraft (the case may have completed on it). */
  private afterRsrLagaKraft(): boolean {
    const end = this.rsrAppealEnd();
    return end !== undefined && Date.now() >= end;
  }

  /**
   * A timely appeal of RSR's decision recorded after its laga kraft: the samordningskansli and the
   * handläggare are told that laga kraft does not hold, one message each per appeal (its entry).
   */
  private async tellAppealed(event: AppealFiled, seq: number): Promise<void> {
    const { anslag } = this.state;
    const appeal = {
      filedOn: event.filedOn,
      ...(event.appellant ? { appellant: event.appellant } : {}),
      ...(event.court ? { court: event.court } : {}),
      ...(anslag ? { lastAppealDay: anslag.calendar.lastAppealDay } : {}),
    };
    const keys = keyVersionNow(this.input);
    const rsr = this.rsrFacts();
    const send = () =>
      Promise.all(this.caseRecipients().map((recipient) => this.send({ kind: 'overklagat', dnr: this.state.dnr, ...keys, issuedOn: today(), occurrence: `overklagat-arende-${seq}`, recipient, case: this.caseFacts, rsr, appeal })));
    await this.mail.afterReply(this.mutex ? this.mutex.runExclusive(send) : send());
  }

  /** Who hears of the case's own protocol: the samordningskansli, and the handläggare when an address is known. */
  private caseRecipients(): NotificationRecipient[] {
    const { handlaggare } = this.input.registration;
    return [
      { label: 'Samordningskansliet', email: this.input.managerEmail },
      ...(handlaggare.email ? [{ label: `${handlaggare.name} (handläggare)`, email: handlaggare.email }] : []),
    ];
  }

  /** A new run of an ended case: takes the late event it was started for (refused ones are logged, not thrown). */
  async resumed(): Promise<void> {
    const { request } = this.input.resume!;
    this.attributes.changed();
    try {
      this.validateEvent(request);
    } catch (err) {
      // The client checked it against the same state; only a race could get here.
      this.addLog(SYSTEM_ACTOR, 'late-event-refused', err instanceof Error ? err.message : String(err));
      return;
    }
    await this.recordEvent(request);
  }

  /** Every track final (or withdrawn): the case may complete once RSR's appeal period has ended. */
  tracksSettled(): boolean {
    return this.state.tracks.every((t) => t.final !== undefined || t.state === 'withdrawn');
  }

  /** A track started again for a late event is running. */
  hasReopenedTracks(): boolean {
    return !this.tracksSettled();
  }

  /** When RSR's own appeal period ends (laga kraft of its decision), following a corrected anslag. */
  rsrAppealEnd(): number | undefined {
    const { anslag } = this.state;
    return anslag ? stockholmInstant(lagaKraftDate(anslag.posted)) : undefined;
  }

  private endedTrackState(view: CaseTrackView): TrackState {
    const party = this.input.parties.find((p) => p.id === view.party)!;
    return trackStateFromStatus(view.final!, { dnr: this.state.dnr, party, rsrMeetingDate: this.state.rsr?.meetingDate ?? this.state.registration.rsrMeetingDate });
  }

  // ------------------------------------------------------------ lifecycle steps

  registered(): void {
    this.attributes.changed();
  }

  /** Once justerat: the protokollsutdrag to Expedieras till, and one decision track per huvudman until each is final. */
  async runTracks(): Promise<void> {
    const { state } = this;
    const rsr = this.rsrFacts();
    const keys = keyVersionNow(this.input);
    // Expediering: protokollsutdrag to every Expedieras till address, in its own child history.
    const protokoll: Notification[] = this.input.expediering.map((to) => ({
      kind: 'protokollsutdrag',
      dnr: state.dnr,
      ...keys,
      issuedOn: today(),
      occurrence: `rsr-${rsr.meetingDate}-§${rsr.paragraf}`,
      recipient: { label: to.label, email: to.to, ...(to.party ? { party: to.party } : {}) },
      case: this.caseFacts,
      rsr,
    }));
    for (const n of protokoll) this.notifications.set(notificationKey(n), n);
    for (const u of this.input.unresolved) {
      this.deliveries.push({
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
      workflowId: `${workflowIdForDnr(state.dnr)}:_expediering`,
      args: [{ notifications: protokoll }],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });

    state.tracks = state.recommendation.huvudman.map((id) => {
      const party = this.input.parties.find((p) => p.id === id)!;
      return { party: id, name: party.name, state: 'requested', overdue: false };
    });
    this.addLog(SYSTEM_ACTOR, 'tracks-started', `Begäran om beslut till ${huvudmanCount(state.tracks.length)}; sista dag ${state.recommendation.senast}`);
    this.attributes.changed();

    const results: Promise<void>[] = [
      expediering.then(async (handle) => {
        const records = await handle.result();
        for (const r of records) upsertDelivery(this.deliveries, r);
        const failed = records.filter((r) => r.status !== 'sent').length;
        this.addLog(SYSTEM_ACTOR, 'expedierat', `Protokollsutdrag skickat till ${records.length - failed} av ${records.length} mottagare${failed ? ` (${failed} misslyckades)` : ''}`);
      }),
    ];
    for (let i = 0; i < state.tracks.length; i += START_BATCH) {
      const batch = state.tracks.slice(i, i + START_BATCH);
      const handles = await Promise.all(batch.map((view) => this.startTrack(view, rsr, keys.keyVersion)));
      handles.forEach((handle, j) => {
        this.trackHandles.set(batch[j]!.party, handle);
        results.push(this.followTrack(batch[j]!, handle));
      });
    }
    await Promise.all(results);
  }

  /** Just before the open tracks are cancelled: each learns why, for its withdrawal notice. */
  async tellOpenTracksWhy(): Promise<void> {
    const w = this.state.withdrawn!;
    const withdrawal = { date: w.date, reason: w.reason, ...(w.decidedBy ? { decidedBy: w.decidedBy } : {}) };
    const open = this.state.tracks.filter((view) => !view.final && this.trackHandles.has(view.party));
    // A track that ended meanwhile cannot take the signal; it has nothing to say then.
    await Promise.all(open.map((view) => this.trackHandles.get(view.party)!.signal(caseWithdrawnSignal, withdrawal).catch(() => undefined)));
  }

  /** Tells the samordningskansli and the handläggare that the case is withdrawn; the case ends. */
  async withdrawalNotice(): Promise<CaseSummary> {
    const w = this.state.withdrawn!;
    const withdrawal = { date: w.date, reason: w.reason, ...(w.decidedBy ? { decidedBy: w.decidedBy } : {}) };
    const recipients = this.caseRecipients();
    const keys = keyVersionNow(this.input);
    await Promise.all(
      recipients.map((recipient) => this.send({ kind: 'aterkallelse', dnr: this.state.dnr, ...keys, issuedOn: today(), occurrence: 'aterkallelse', recipient, case: this.caseFacts, withdrawal })),
    );
    // Mail an update left to send after its reply goes out before the case ends (no command: a condition).
    await condition(() => this.mail.idle);
    this.attributes.flush();
    await this.readModel.flush();
    return this.summary('withdrawn');
  }

  async complete(): Promise<CaseSummary> {
    this.state.completed = true;
    this.addLog(SYSTEM_ACTOR, 'completed', this.state.tracks.length === 1 ? 'Ärendet avslutat: beslutsspåret är avslutat' : `Ärendet avslutat: alla ${this.state.tracks.length} beslutsspår är avslutade`);
    this.attributes.flush();
    await this.readModel.flush();
    return this.summary('completed');
  }

  // ------------------------------------------------------------ tracks

  private startTrack(view: CaseTrackView, rsr: NotificationRsrDecision, messageKeys: CaseInput['messageKeys'], resume?: TrackResume): Promise<TrackHandle> {
    const { state, input } = this;
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
          case: this.caseFacts,
          rsr,
          ...(messageKeys ? { messageKeys } : {}),
          ...(input.readModel ? { readModel: input.readModel } : {}),
          ...(input.mailAfterReply ? { mailAfterReply: input.mailAfterReply } : {}),
          ...(resume ? { resume } : {}),
        },
      ],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      // Lean: the track's first row comes with its start, not as an upsert in its first task.
      ...(this.lean
        ? {
            typedSearchAttributes: [
              { key: DnrAttribute, value: state.dnr as string },
              { key: PartyAttribute, value: view.party as string },
              { key: TitleAttribute, value: state.title },
              // A reopened track starts from its previous row; it updates it once it has taken the event.
              { key: StageAttribute, value: resume ? resume.track.state : 'requested' },
              { key: TrackDetailAttribute, value: resume ? resume.track.state : 'requested' },
              ...(resume ? [] : [{ key: NextDeadlineAttribute, value: new Date(stockholmInstant(state.recommendation.senast)) }]),
            ],
          }
        : {}),
    });
  }

  private async followTrack(view: CaseTrackView, handle: TrackHandle): Promise<void> {
    let final: TrackStatus;
    try {
      final = await handle.result();
    } catch (err) {
      if (isCancellation(err) || this.state.withdrawn) {
        view.state = 'withdrawn';
        return;
      }
      throw err;
    }
    view.final = final;
    view.state = final.state;
    view.overdue = false;
    const last = final.decisions[final.decisions.length - 1];
    this.addLog(SYSTEM_ACTOR, 'track-final', `${view.name}: ${TRACK_STATE_WORDS[final.state]}${last ? ` (${DECISION_OUTCOME_LABELS[last.outcome]} ${last.meetingDate} § ${last.paragraf})` : ''}`, view.party);
    this.attributes.changed();
  }

  // ------------------------------------------------------------ derived

  private addLog(actor: string, type: string, text: string, party?: CaseTrackView['party']): void {
    this.log.push({ seq: this.log.length + 1, at: nowIso(), actor, type, text, ...(party ? { party } : {}) });
  }

  private async send(n: Notification): Promise<void> {
    const record = await deliver(n);
    this.notifications.set(record.key, n);
    upsertDelivery(this.deliveries, record);
    if (record.status !== 'sent') this.addLog(SYSTEM_ACTOR, 'delivery-failed', `${NOTIFICATION_KIND_LABELS[record.kind]} till ${record.recipient.label}: ${DELIVERY_STATUS_WORDS[record.status]}`);
  }

  private rsrFacts(): NotificationRsrDecision {
    const { state } = this;
    return {
      meetingDate: state.rsr!.meetingDate,
      paragraf: state.rsr!.paragraf,
      beslut: state.rsr!.beslut,
      ...(state.justering ? { justering: state.justering } : {}),
      ...(state.anslag ? { anslagPosted: state.anslag.posted } : {}),
    };
  }

  private openParties() {
    return this.state.tracks.filter((t) => !t.final).map((t) => t.party);
  }

  private overdueParties() {
    return this.state.tracks.filter((t) => !t.final && t.overdue).map((t) => t.party);
  }

  private nextDeadline(): { date: IsoDate; what: string } | undefined {
    const { state } = this;
    if (state.withdrawn || state.completed) return undefined;
    if (!state.rsr) return { date: state.registration.rsrMeetingDate, what: `${councilGenitive(state)} sammanträde` };
    if (state.tracks.length === 0 || this.openParties().length > 0) return { date: state.recommendation.senast, what: 'sista dag för huvudmännens beslut' };
    if (state.anslag) return { date: state.anslag.calendar.lastAppealDay, what: `sista dag att överklaga ${councilGenitive(state)} beslut` };
    return undefined;
  }

  private nextTimer(): CaseStatus['nextTimer'] {
    const { anslag } = this.state;
    if (!this.waitingForAppealPeriod || !anslag) return undefined;
    return { at: new Date(stockholmInstant(lagaKraftDate(anslag.posted))).toISOString(), what: `${councilGenitive(this.state)} överklagandetid slutar` };
  }

  /** The case's visibility row (domain/search-attributes.ts). */
  private desiredAttributes(): SearchAttributeUpdatePair[] {
    const deadline = this.nextDeadline()?.date;
    return [
      { key: StageAttribute, value: caseStage(this.state) },
      { key: PendingPartiesAttribute, value: listValue(this.openParties()) },
      { key: OverduePartiesAttribute, value: listValue(this.overdueParties()) },
      { key: NextDeadlineAttribute, value: deadline ? new Date(stockholmInstant(deadline)) : null },
    ];
  }

  private summary(outcome: CaseSummary['outcome']): CaseSummary {
    const { state } = this;
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
      failedDeliveries: [...this.deliveries, ...trackDeliveries].filter((d) => d.status !== 'sent').length,
    };
  }
}
