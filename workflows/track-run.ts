// The state of one huvudman's running decision track and its message handlers (the track workflow
// wires them and runs the clock, decision-track.ts). The rules themselves are pure, in
// domain/track-rules.ts.
import { getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import { stockholmDate, stockholmInstant, type IsoDate } from '../domain/dates';
import type { HumanEvent } from '../domain/events';
import type { DeliveryRecord, Notification, NotificationDecision } from '../domain/notifications';
import { SYSTEM_ACTOR, checkEventRequest, type LogEntry } from '../domain/rules';
import { actorWords } from '../domain/actors';
import { DnrAttribute, NextDeadlineAttribute, PartyAttribute, StageAttribute, TitleAttribute, TrackDetailAttribute } from '../domain/search-attributes';
import {
  applyTrackEvent,
  awaitsDecision,
  checkCloseTrack,
  checkTrackEvent,
  initialTrackState,
  isFinalTrackState,
  nextTrackTimer,
  trackDetail,
  type TrackState,
  type TrackStatus,
  type TrackTimer,
} from '../domain/track-rules';
import { DELIVERY_STATUS_WORDS, NOTIFICATION_KIND_LABELS, TRACK_TIMER_LABELS } from '../domain/words';
import { notificationKey } from '../domain/notification-key';
import { applyLateTrackEvent, applyTrackCorrection, checkTrackCorrection, markCorrected, structuredCopy, CORRECTION_TARGET_WORDS } from '../domain/corrections';
import type { CorrectionRecorded } from '../domain/events';
import { deliver, keyVersionNow, upsertDelivery } from './deliveries';
import { trackReportSignal, type CaseWithdrawal, type CloseTrackRequest, type DecisionDispatch, type EventReceipt, type EventRequest, type RetryDeliveryRequest, type TrackInput } from './messages';
import { HUVUDMAN_EXPEDIERING_PATCH } from './patches';
import { SearchAttributeSync } from './search-attributes';
import { ReadModelSync } from './read-model-sync';
import { MailAfterReply } from './mail-after-reply';
import { trackProjection } from '../domain/projection';
import { refusingImpossibleFacts } from './refusals';

const nowIso = () => new Date(Date.now()).toISOString();
const today = () => stockholmDate(Date.now());

export class TrackRun {
  readonly track: TrackState;
  readonly log: LogEntry[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** Bumped on every change, so the clock recomputes its next wake-up. */
  version = 0;
  /** Why the case was withdrawn: the case says so just before it cancels this track. */
  withdrawal: CaseWithdrawal | undefined;

  private readonly notifications = new Map<string, Notification>();
  private readonly attributes: SearchAttributeSync;
  /** The track's rows in the read model, with its status document. */
  private readonly readModel: ReadModelSync;
  /** Serialises the async parts of the update handlers; only in lean executions, see patches.ts. */
  private readonly mutex: Mutex | undefined;
  /** The e-mail an update started, sent after its reply (MAIL_AFTER_REPLY_PATCH). */
  readonly mail: MailAfterReply;
  private reportedOverdue = false;
  /** The decision (its number, 1-based) whose own "Expedieras till" waits for its protocol to be justerat. */
  private expediering: { decision: number; dispatch: DecisionDispatch } | undefined;

  constructor(
    private readonly input: TrackInput,
    private readonly lean: boolean,
  ) {
    // A new run of an ended track (docs/late-events.md) goes on from the previous run's facts and log.
    const resume = input.resume;
    this.track = resume
      ? structuredCopy(resume.track)
      : initialTrackState({
          dnr: input.dnr,
          party: input.party,
          senast: input.senast,
          reminders: input.reminders,
          rsrMeetingDate: input.rsr.meetingDate,
          today: today(),
        });
    if (resume) {
      this.log.push(...structuredCopy(resume.log));
      this.deliveries.push(...structuredCopy(resume.deliveries));
    }
    this.mutex = lean ? new Mutex() : undefined;
    this.mail = new MailAfterReply(input.mailAfterReply === 1);
    this.attributes = new SearchAttributeSync(() => this.desiredAttributes(), lean, () => [
      { key: DnrAttribute, value: input.dnr as string },
      { key: PartyAttribute, value: input.party.id as string },
      { key: TitleAttribute, value: input.title },
    ]);
    this.readModel = new ReadModelSync(
      (stamp) => ({
        ...trackProjection(this.track, this.deliveries, { ...stamp, partyName: input.party.name, organ: input.party.organ }),
        trackStatus: this.statusDocument(),
      }),
      workflowInfo().workflowId,
      input.readModel === 1,
    );
  }

  // ------------------------------------------------------------ handlers

  validateEvent(request: EventRequest): void {
    checkEventRequest(request);
    // "Today" on the workflow's clock: a validator is never replayed, and it holds for every way in.
    refusingImpossibleFacts(() => checkTrackEvent(this.track, request.event, today()));
    const { event } = request;
    if (event.type === 'correction-recorded') refusingImpossibleFacts(() => checkTrackCorrection(this.track, event, today()));
  }

  /**
   * Applies the event at once (in the same step as its validator, so the state it was checked
   * against still holds), then sends the confirmation; the sending waits for an earlier update's.
   */
  async recordEvent({ event, actor, expediering }: EventRequest): Promise<EventReceipt> {
    if (event.type === 'correction-recorded') return this.correct(event, actor);
    const before = this.track.state;
    const text = applyTrackEvent(this.track, event, nowIso());
    this.addLog(actor, event.type, text);
    if (event.type === 'huvudman-decided') {
      // A new decision's own Expedieras till replaces an earlier one's that was never justerat.
      this.expediering = expediering?.to.length ? { decision: this.track.decisions.length, dispatch: expediering } : undefined;
      if (expediering?.lines.length) this.track.decisions[this.track.decisions.length - 1]!.expedierasTill = expediering.lines;
    }
    const utdrag = this.dueProtokollsutdrag(event);
    const receipt = { seq: this.log.length, stage: this.track.state, message: text };
    this.changed();
    const confirm = event.type === 'huvudman-decided' || (event.type === 'anslag-posted' && before !== 'anslag');
    const confirmation: Notification | undefined = confirm
      ? { kind: 'beslut-registrerat', ...this.common(), occurrence: `${event.type}-${this.track.decisions.length}`, recipient: this.registrator(), track: this.trackFacts(), decision: this.decisionFacts() }
      : undefined;
    await this.mail.afterReply(this.exclusive(() => Promise.all([this.reportIfChanged(), confirmation && this.send(confirmation), utdrag.length > 0 && this.dispatch(utdrag)])));
    return receipt;
  }

  validateClose(request: CloseTrackRequest): void {
    if (typeof request?.reason !== 'string' || request.reason.trim() === '') throw new Error('close-track: ange skälet till att spåret stängs');
    if (typeof request.actor !== 'string' || request.actor.trim() === '') throw new Error('close-track: ange vem som stänger spåret');
    checkCloseTrack(this.track);
  }

  close({ reason, actor }: CloseTrackRequest): EventReceipt {
    const { track } = this;
    track.closed = { reason, by: actor, at: nowIso() };
    track.state = 'closed';
    for (const r of track.reminders) if (r.status === 'planned') r.status = 'not-needed';
    const text = `${this.input.party.name}: spåret stängt av ${actorWords(actor, { [this.input.party.id]: this.input.party.name })}: ${reason}`;
    this.addLog(actor, 'track-closed', text);
    this.changed();
    return { seq: this.log.length, stage: track.state, message: text };
  }

  validateRetry(request: RetryDeliveryRequest): void {
    const record = this.deliveries.find((d) => d.key === request?.key);
    if (!record || !this.notifications.has(request.key)) throw new Error(`retry-delivery: okänd leverans "${String(request?.key)}"`);
    if (record.status === 'sent') throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} är redan skickat`);
    if (request.attempt !== undefined && request.attempt !== record.attempts + 1) {
      throw new Error(`retry-delivery: ${record.kind} till ${record.recipient.label} har redan försökts igen (försök ${record.attempts})`);
    }
  }

  async retryDelivery({ key, actor }: RetryDeliveryRequest): Promise<DeliveryRecord> {
    return this.exclusive(async () => {
      const previous = this.deliveries.find((d) => d.key === key);
      // A retry that waited for another one of the same delivery has nothing left to do.
      if (previous?.status === 'sent') return previous;
      // Sent today: a link it carries counts its days from today (lib/report-links.ts).
      const n: Notification = { ...this.notifications.get(key)!, issuedOn: today() };
      this.notifications.set(key, n);
      const record = await deliver(n, previous);
      upsertDelivery(this.deliveries, record);
      this.addLog(actor, 'delivery-retried', `${NOTIFICATION_KIND_LABELS[record.kind]} till ${record.recipient.label}: ${DELIVERY_STATUS_WORDS[record.status]}`);
      return record;
    });
  }

  caseWithdrawn(withdrawal: CaseWithdrawal): void {
    this.withdrawal = withdrawal;
  }

  status(): TrackStatus {
    return { ...this.statusDocument(), ...(this.readModel.version > 0 ? { projectionVersion: this.readModel.version } : {}) };
  }

  /** The status as the read model keeps it (without its own version, which each projection changes). */
  private statusDocument(): TrackStatus {
    const { track, input } = this;
    const timer = nextTrackTimer(track);
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
      ...(timer ? { nextTimer: { at: new Date(stockholmInstant(timer.date, timer.hour)).toISOString(), what: TRACK_TIMER_LABELS[timer.what] } } : {}),
      deliveries: this.deliveries,
      log: this.log,
    };
  }

  // ------------------------------------------------------------ the clock and its steps

  /** The request to decide, sent when the track starts. */
  async requested(): Promise<void> {
    const { input } = this;
    this.attributes.changed();
    this.addLog(SYSTEM_ACTOR, 'track-requested', `${input.party.name} ombeds besluta (${input.party.organ}) senast ${input.senast}`);
    await this.send({ kind: 'begaran', ...this.common(), occurrence: this.rsrOccurrence(), recipient: this.registrator(), rsr: input.rsr, track: this.trackFacts() });
  }

  /**
   * A new run of an ended track: the late event its case accepted (a timely appeal after laga kraft,
   * or a correction) is recorded and told, then the clock goes on from the facts (it ends at once
   * when the track is final again; a withdrawn laga kraft waits for the new date).
   */
  async resumed(): Promise<void> {
    const { event, actor } = this.input.resume!.request;
    this.attributes.changed();
    if (event.type === 'correction-recorded') {
      await this.correct(event, actor);
      return;
    }
    this.addLog(actor, event.type, applyLateTrackEvent(this.track, event, nowIso(), today()));
    this.changed();
    if (event.type === 'appeal-filed') {
      const appeal = { filedOn: event.filedOn, ...(event.appellant ? { appellant: event.appellant } : {}), ...(event.court ? { court: event.court } : {}) };
      const told = [this.registrator(), this.manager()].map((recipient) => ({
        kind: 'overklagat' as const,
        ...this.common(),
        occurrence: `overklagat-${this.input.party.id}-${event.filedOn}`,
        recipient,
        track: this.trackFacts(),
        decision: this.decisionFacts(),
        appeal,
      }));
      await this.exclusive(() => Promise.all(told.map((n) => this.send(n))));
    }
  }

  /** A correction (rättelse): the fact changes, the original entry is marked, registrator and samordningskansli are told. */
  private async correct(event: CorrectionRecorded, actor: string): Promise<EventReceipt> {
    const outcome = applyTrackCorrection(this.track, event, today());
    this.addLog(actor, event.type, outcome.text);
    const entry = this.log[this.log.length - 1]!;
    const corrected = markCorrected(this.log, event, entry.seq);
    if (corrected !== undefined) entry.corrects = corrected;
    this.changed();
    const correction = {
      what: CORRECTION_TARGET_WORDS[event.target],
      changes: outcome.changes,
      reason: event.reason,
      by: actor,
      ...(outcome.lagaKraftWithdrawn ? { lagaKraftWithdrawn: outcome.lagaKraftWithdrawn } : {}),
    };
    // Its own occurrence per track and correction: the samordningskansli gets one message for each.
    const told = [this.registrator(), this.manager()].map((recipient) => ({
      kind: 'rattelse' as const,
      ...this.common(),
      occurrence: `rattelse-${this.input.party.id}-${entry.seq}`,
      recipient,
      track: this.trackFacts(),
      correction,
    }));
    await this.mail.afterReply(this.exclusive(() => Promise.all([this.reportIfChanged(), ...told.map((n) => this.send(n))])));
    return { seq: entry.seq, stage: this.track.state, message: outcome.text };
  }

  /** What the clock does when `timer` is due: a reminder, the deadline passing, laga kraft. */
  async fire(timer: TrackTimer): Promise<void> {
    const { track, input } = this;
    switch (timer.what) {
      case 'reminder': {
        const reminder = timer.reminder;
        reminder.status = 'sent';
        reminder.at = nowIso();
        this.addLog(SYSTEM_ACTOR, 'reminder-sent', `Påminnelse till ${input.party.name}: ${reminder.workingDays} arbetsdagar kvar till ${input.senast}`);
        await this.send({ kind: 'paminnelse', ...this.common(), occurrence: reminder.date, recipient: this.registrator(), rsr: input.rsr, track: this.trackFacts(), workingDaysLeft: reminder.workingDays });
        break;
      }
      case 'overdue':
        track.state = 'overdue';
        track.overdueSince = timer.date;
        track.escalatedAt = nowIso();
        this.addLog(SYSTEM_ACTOR, 'track-overdue', `${input.party.name} har inte beslutat senast ${input.senast}; samordningskansliet underrättas`);
        await this.send({
          kind: 'forsenad',
          ...this.common(),
          occurrence: timer.date,
          recipient: { label: 'Samordningskansliet', email: input.managerEmail },
          track: this.trackFacts(),
          overdueSince: timer.date,
        });
        break;
      case 'laga-kraft':
        track.state = 'laga-kraft';
        this.addLog(SYSTEM_ACTOR, 'laga-kraft', `${input.party.name}: beslutet vann laga kraft ${timer.date}`);
        await this.send({ kind: 'laga-kraft', ...this.common(), occurrence: timer.date, recipient: this.registrator(), track: this.trackFacts(), decision: this.decisionFacts() });
        break;
    }
    this.changed();
    await this.reportIfChanged();
  }

  /** Withdrawn with the case: tell the huvudman (if the track was still open). */
  async withdrawn(): Promise<void> {
    const wasOpen = !isFinalTrackState(this.track.state);
    this.track.state = 'withdrawn';
    this.addLog(SYSTEM_ACTOR, 'track-withdrawn', `${this.input.party.name}: ärendet återkallat; spåret avslutat`);
    this.attributes.changed();
    if (wasOpen) {
      // Cases started before the case passed the reason on send only that it was withdrawn.
      const why = this.withdrawal ?? { date: today(), reason: 'Ärendet har återkallats' };
      await this.send({ kind: 'aterkallelse', ...this.common(), occurrence: 'aterkallelse', recipient: this.registrator(), withdrawal: why });
    }
    this.attributes.flush();
    await this.readModel.flush();
  }

  /** The track's final status, its result; its rows are current before it completes. */
  async finish(): Promise<TrackStatus> {
    this.attributes.flush();
    await this.readModel.flush();
    return this.status();
  }

  // ------------------------------------------------------------ derived

  private changed(): void {
    this.version += 1;
    this.attributes.changed();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.runExclusive(work) : work();
  }

  /** The case wants to know when the overdue set changes. */
  private async reportIfChanged(): Promise<void> {
    const overdue = this.track.state === 'overdue';
    const parent = workflowInfo().parent;
    if (overdue === this.reportedOverdue || !parent) return;
    this.reportedOverdue = overdue;
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(trackReportSignal, { party: this.input.party.id, state: this.track.state, overdue });
  }

  private async send(n: Notification): Promise<void> {
    const record = await deliver(n);
    upsertDelivery(this.deliveries, record);
    this.notifications.set(record.key, n);
    if (record.status !== 'sent') this.addLog(SYSTEM_ACTOR, 'delivery-failed', `${NOTIFICATION_KIND_LABELS[record.kind]} till ${record.recipient.label}: ${DELIVERY_STATUS_WORDS[record.status]}${record.detail ? ` (${record.detail})` : ''}`);
  }

  /**
   * The protokollsutdrag of the huvudman's own decision to its "Expedieras till", once the decision's
   * protocol is justerat (with the decision, or reported after it); sent once.
   */
  private dueProtokollsutdrag(event: HumanEvent): Notification[] {
    const due = this.expediering;
    if (!due || due.decision !== this.track.decisions.length) return [];
    // An avslag keeps its justering only in the event (the track ends rejected).
    const justering = (event.type === 'huvudman-decided' ? event.justering : undefined) ?? this.track.justering;
    if (!justering || !patched(HUVUDMAN_EXPEDIERING_PATCH)) return [];
    this.expediering = undefined;
    const decision = { ...this.decisionFacts(), justering };
    const common = this.common();
    return due.dispatch.to.map((a) => ({
      kind: 'protokollsutdrag-huvudman',
      ...common,
      occurrence: `beslut-${decision.meetingDate}-§${decision.paragraf}`,
      recipient: { label: a.label, email: a.to, ...(a.party ? { party: a.party } : {}) },
      track: this.trackFacts(),
      decision,
    }));
  }

  private async dispatch(utdrag: Notification[]): Promise<void> {
    await Promise.all(utdrag.map((n) => this.send(n)));
    const failed = utdrag.filter((n) => this.deliveries.find((d) => d.key === notificationKey(n))?.status !== 'sent').length;
    const d = this.track.decisions[this.track.decisions.length - 1]!;
    this.addLog(
      SYSTEM_ACTOR,
      'expedierat',
      `Protokollsutdrag ur ${d.organ} ${d.meetingDate} § ${d.paragraf} skickat till ${utdrag.length - failed} av ${utdrag.length} mottagare${failed ? ` (${failed} misslyckades)` : ''}`,
    );
  }

  private addLog(actor: string, type: string, text: string): void {
    this.log.push({ seq: this.log.length + 1, at: nowIso(), actor, type, text, party: this.input.party.id });
  }

  /** What every notification of the track carries: the case, the key version, the day it is sent. */
  private common() {
    return { dnr: this.input.dnr, case: this.input.case, ...keyVersionNow(this.input), issuedOn: today() };
  }

  private manager() {
    return { label: 'Samordningskansliet', email: this.input.managerEmail };
  }

  private registrator() {
    const { party } = this.input;
    return { label: `${party.name} (registrator)`, email: party.registrator, party: party.id };
  }

  private rsrOccurrence(): string {
    return `rsr-${this.input.rsr.meetingDate}-§${this.input.rsr.paragraf}`;
  }

  private trackFacts() {
    const { party, points, senast } = this.input;
    return { party: party.id, partyName: party.name, organ: party.organ, points, senast };
  }

  private decisionFacts(): NotificationDecision {
    const { track } = this;
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

  /** The track's visibility row (domain/search-attributes.ts). */
  private desiredAttributes(): SearchAttributeUpdatePair[] {
    const { track } = this;
    const timer = nextTrackTimer(track);
    let deadline: IsoDate | undefined =
      awaitsDecision(track) && track.state === 'requested' ? track.senast : timer?.what === 'laga-kraft' ? timer.date : undefined;
    // Lean executions always keep these; older ones took them on as they were patched in:
    // `overdue-deadline-attribute` (an overdue track keeps its passed `senast`, the date the manager
    // counts the days late from) and `track-detail-attribute` (reminded, återremiss… for the overview).
    if (track.state === 'overdue' && (this.lean || patched('overdue-deadline-attribute'))) deadline = track.senast;
    const detail = this.lean || patched('track-detail-attribute') ? trackDetail(track) : undefined;
    return [
      { key: StageAttribute, value: track.state },
      { key: NextDeadlineAttribute, value: deadline ? new Date(stockholmInstant(deadline)) : null },
      ...(detail ? [{ key: TrackDetailAttribute, value: detail }] : []),
    ];
  }
}
