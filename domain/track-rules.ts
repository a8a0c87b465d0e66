// One huvudman's decision track: its state, `check…` and `apply…` for the huvudman's own events
// (decision, justering, anslag, appeal) and an administrator's close, and the track's clock
// (`nextTrackTimer`: reminders, the deadline, laga kraft). Pure and free of zod: workflow code
// imports it; "today" and "now" are always passed in.
import { addDays, compareDates, stockholmDate, type IsoDate } from './dates';
import { lagaKraftDate, workingDaysBefore, appealCalendar, type AppealCalendar } from './calendar';
import type { Dnr } from './dnr';
import type { AnslagPosted, AppealFiled, DecisionOutcome, HumanEvent, HuvudmanDecided, Justering, JusteringRecorded } from './events';
import type { DeliveryRecord } from './notifications';
import type { PartyId } from './parties';
import { eventParty, refuse, refuseField, type LogEntry, type PartySnapshot } from './rules';
import { fieldLabel } from './field-labels';
import { impossible, refuseFutureFacts } from './facts';
import { decisionTiming, decisionTimingText, lateAnslagNote } from './late-facts';
import { DECISION_OUTCOME_LABELS, TRACK_STATE_WORDS } from './words';

export const TRACK_STATES = ['requested', 'overdue', 'decided', 'justerat', 'anslag', 'laga-kraft', 'rejected', 'appealed', 'closed', 'withdrawn'] as const;
export type TrackStateName = (typeof TRACK_STATES)[number];
export const FINAL_TRACK_STATES: readonly TrackStateName[] = ['laga-kraft', 'rejected', 'appealed', 'closed', 'withdrawn'];
export function isFinalTrackState(state: TrackStateName): boolean {
  return FINAL_TRACK_STATES.includes(state);
}

export interface ReminderPlan {
  workingDays: number;
  date: IsoDate;
  status: 'planned' | 'sent' | 'skipped' | 'not-needed';
  at?: string;
}

export interface DecisionRecord {
  organ: string;
  meetingDate: IsoDate;
  paragraf: number;
  outcome: DecisionOutcome;
  beslut?: string[];
  dnr?: string;
  note?: string;
  /** The decision's own "Expedieras till", as people read the lines. */
  expedierasTill?: string[];
  recordedAt: string;
}

export interface TrackState {
  dnr: Dnr;
  party: PartySnapshot;
  senast: IsoDate;
  rsrMeetingDate: IsoDate;
  requestedOn: IsoDate;
  state: TrackStateName;
  reminders: ReminderPlan[];
  overdueSince?: IsoDate;
  escalatedAt?: string;
  decisions: DecisionRecord[];
  justering?: Justering;
  anslag?: { posted: IsoDate; removed?: IsoDate; calendar: AppealCalendar };
  appeal?: AppealFiled;
  closed?: { reason: string; by: string; at: string };
}

export interface TrackStatus {
  party: PartyId;
  partyName: string;
  organ: string;
  state: TrackStateName;
  final: boolean;
  requestedOn: IsoDate;
  senast: IsoDate;
  overdueSince?: IsoDate;
  escalatedAt?: string;
  reminders: ReminderPlan[];
  decisions: DecisionRecord[];
  justering?: Justering;
  anslag?: { posted: IsoDate; removed?: IsoDate; calendar: AppealCalendar };
  appeal?: AppealFiled;
  closed?: { reason: string; by: string; at: string };
  nextTimer?: { at: string; what: string };
  deliveries: DeliveryRecord[];
  log: LogEntry[];
  /** The version of the last rows the track projected into the read model (0 or absent: none yet; `arende reindex`). */
  projectionVersion?: number;
}

/** The first instant after the last day for a decision: the track is overdue from then. */
export function overdueInstantDate(senast: IsoDate): IsoDate {
  return addDays(senast, 1);
}

export function initialTrackState(input: {
  dnr: Dnr;
  party: PartySnapshot;
  senast: IsoDate;
  reminders: readonly number[];
  rsrMeetingDate: IsoDate;
  today: IsoDate;
}): TrackState {
  // Calendar-exact: a reminder n working days before the last day; one whose day has already
  // passed when the request goes out is skipped (never sent late).
  const reminders = [...new Set(input.reminders)]
    .sort((a, b) => b - a)
    .map((workingDays): ReminderPlan => {
      const date = workingDaysBefore(input.senast, workingDays);
      return { workingDays, date, status: compareDates(date, input.today) < 0 ? 'skipped' : 'planned' };
    });
  return {
    dnr: input.dnr,
    party: input.party,
    senast: input.senast,
    rsrMeetingDate: input.rsrMeetingDate,
    requestedOn: input.today,
    state: 'requested',
    reminders,
    decisions: [],
  };
}

function describeDecision(d: DecisionRecord): string {
  return `${DECISION_OUTCOME_LABELS[d.outcome]}, ${d.organ} ${d.meetingDate} § ${d.paragraf}`;
}

/** Refuses an event the track cannot take now; an impossible date as an ImpossibleFactError (facts.ts). */
export function checkTrackEvent(track: TrackState, event: HumanEvent, today?: IsoDate): void {
  const { type } = event;
  const name = track.party.name;
  if (isFinalTrackState(track.state)) refuse(type, `beslutsspåret för ${name} är avslutat (${TRACK_STATE_WORDS[track.state]})`);
  const party = eventParty(event);
  if (party === undefined) refuse(type, `händelsen gäller hela ärendet ${track.dnr} och skickas till ärendet, inte till beslutsspåret för ${name}`);
  if (party !== track.party.id) refuse(type, `beslutsspåret för ${name} tar inte emot händelser för ${party}`);
  refuseFutureFacts(event, today);
  const last = track.decisions[track.decisions.length - 1];
  switch (event.type) {
    case 'huvudman-decided': {
      if (compareDates(event.meetingDate, track.rsrMeetingDate) < 0) {
        impossible(type, 'meetingDate', `sammanträdet (${event.meetingDate}) kan inte ligga före rekommendationsbeslutet ${track.rsrMeetingDate}`);
      }
      if (track.state !== 'requested' && track.state !== 'overdue') {
        refuse(type, `${name} har redan beslutat (${describeDecision(last!)}); ett nytt beslut tas emot bara efter återremiss eller bordläggning`);
      }
      if (last && compareDates(event.meetingDate, last.meetingDate) <= 0) {
        refuse(type, `ett nytt beslut måste fattas efter det förra sammanträdet (${describeDecision(last)})`);
      }
      return;
    }
    case 'justering-recorded':
      if (!last || (track.state !== 'decided' && track.state !== 'justerat' && track.state !== 'anslag')) refuse(type, `${name} har inget beslut att justera`);
      if (track.justering) refuse(type, `protokollet för ${name} är redan justerat ${track.justering.date}`);
      if (compareDates(event.date, last.meetingDate) < 0) impossible(type, 'date', `justeringen (${event.date}) kan inte ske före sammanträdet ${last.meetingDate}`);
      return;
    case 'anslag-posted':
      if (!track.justering) refuse(type, `anslaget tillkännager justeringen: registrera justeringen för ${name} först`);
      if (track.anslag) refuse(type, `anslaget för ${name} är redan uppsatt ${track.anslag.posted}`);
      if (compareDates(event.posted, track.justering.date) < 0) impossible(type, 'posted', `anslaget (${event.posted}) kan inte sättas upp före justeringen ${track.justering.date}`);
      return;
    case 'appeal-filed':
      checkAppealDate(track, event);
      return;
    default:
      return;
  }
}

/** KL 13 kap. 5 §: an appeal counts when it came in within three weeks of the posting (also after laga kraft, domain/corrections.ts). */
export function checkAppealDate(track: TrackState, event: AppealFiled): void {
  const { type } = event;
  if (!track.anslag) refuse(type, `överklagandetiden för ${track.party.name} börjar när anslaget sätts upp; registrera anslaget först`);
  if (compareDates(event.filedOn, track.anslag.posted) < 0) refuse(type, `överklagandet (${event.filedOn}) kan inte komma in före anslaget ${track.anslag.posted}`);
  if (compareDates(event.filedOn, track.anslag.calendar.lastAppealDay) > 0) {
    refuseField(type, FILED_ON, `överklagandet kom in ${event.filedOn}, efter sista dag ${track.anslag.calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
  }
}

const FILED_ON = { path: 'filedOn', label: fieldLabel('filedOn') };

export function checkCloseTrack(track: TrackState): void {
  if (isFinalTrackState(track.state)) refuse('close-track', `beslutsspåret för ${track.party.name} är redan avslutat (${TRACK_STATE_WORDS[track.state]})`);
}

function recordJustering(track: TrackState, justering: Justering) {
  track.justering = justering;
  track.state = 'justerat';
}

function recordAnslag(track: TrackState, anslag: { posted: IsoDate; removed?: IsoDate }) {
  track.anslag = { ...anslag, calendar: appealCalendar({ posted: anslag.posted, justerad: track.justering?.date }) };
  track.state = 'anslag';
}

/** Applies an accepted event (already checked) at `at` (ISO instant); returns the log text. */
export function applyTrackEvent(track: TrackState, event: HumanEvent, at: string): string {
  const name = track.party.name;
  switch (event.type) {
    case 'huvudman-decided':
      return applyDecision(track, event, at);
    case 'justering-recorded': {
      const e = event as JusteringRecorded;
      recordJustering(track, { justerare: e.justerare, date: e.date });
      return `${name}: protokollet justerat ${e.date} av ${e.justerare.join(', ')}`;
    }
    case 'anslag-posted': {
      const e = event as AnslagPosted;
      recordAnslag(track, { posted: e.posted, ...(e.removed ? { removed: e.removed } : {}) });
      const late = lateAnslagNote(track.anslag!);
      return `${name}: anslag uppsatt ${e.posted}${late ? `, ${late}` : ''}; sista dag att överklaga ${track.anslag!.calendar.lastAppealDay}, laga kraft ${track.anslag!.calendar.lagaKraft}`;
    }
    case 'appeal-filed':
      track.appeal = event;
      track.state = 'appealed';
      return `${name}: beslutet överklagat (inkom ${event.filedOn}${event.court ? `, ${event.court}` : ''})`;
    default:
      throw new Error(`${event.type} hör inte till beslutsspåret`);
  }
}

function applyDecision(track: TrackState, event: HuvudmanDecided, at: string): string {
  const record: DecisionRecord = {
    organ: event.organ,
    meetingDate: event.meetingDate,
    paragraf: event.paragraf,
    outcome: event.outcome,
    ...(event.beslut ? { beslut: event.beslut } : {}),
    ...(event.dnr ? { dnr: event.dnr } : {}),
    ...(event.note ? { note: event.note } : {}),
    recordedAt: at,
  };
  track.decisions.push(record);
  // Judged by the meeting, not by when it was entered (DESIGN.md: applying the rules).
  const timing = decisionTimingText(decisionTiming(record.meetingDate, track.senast, stockholmDate(Date.parse(at))), track.senast);
  const text = `${track.party.name}: ${describeDecision(record)}${timing ? `; ${timing}` : ''}`;
  switch (event.outcome) {
    case 'aterremiss':
    case 'bordlaggning':
      // Still open: the huvudman will decide again; reminders and the deadline stand.
      track.state = track.overdueSince ? 'overdue' : 'requested';
      return `${text}; spåret är öppet för ett nytt beslut`;
    case 'avslag':
      track.state = 'rejected';
      endReminders(track);
      // An avslag is minuted too: its justering and anslag are facts of the protocol, kept with it.
      if (event.justering) track.justering = event.justering;
      if (event.anslag) track.anslag = { ...event.anslag, calendar: appealCalendar({ posted: event.anslag.posted, justerad: track.justering?.date }) };
      return withLateAnslag(text, track);
    default:
      track.state = 'decided';
      endReminders(track);
      if (event.justering) recordJustering(track, event.justering);
      if (event.anslag) recordAnslag(track, event.anslag);
      return withLateAnslag(text, track);
  }
}

function withLateAnslag(text: string, track: TrackState): string {
  const late = track.anslag ? lateAnslagNote(track.anslag) : undefined;
  return late ? `${text}; anslaget ${late}` : text;
}

function endReminders(track: TrackState) {
  for (const r of track.reminders) if (r.status === 'planned') r.status = 'not-needed';
}

/** Whether the track is waiting for a decision (requested or overdue). */
export function awaitsDecision(track: TrackState): boolean {
  return track.state === 'requested' || track.state === 'overdue';
}

/** The next thing the track's clock does, as a calendar date and hour in Stockholm. */
export type TrackTimer =
  | { what: 'reminder'; date: IsoDate; hour: 8; reminder: ReminderPlan }
  | { what: 'overdue'; date: IsoDate; hour: 0 }
  | { what: 'laga-kraft'; date: IsoDate; hour: 0 };

export function nextTrackTimer(track: TrackState): TrackTimer | undefined {
  if (awaitsDecision(track)) {
    const reminder = track.reminders.find((r) => r.status === 'planned');
    if (reminder) return { what: 'reminder', date: reminder.date, hour: 8, reminder };
    if (track.state === 'requested') return { what: 'overdue', date: overdueInstantDate(track.senast), hour: 0 };
    return undefined;
  }
  if (track.state === 'anslag' && track.anslag) return { what: 'laga-kraft', date: lagaKraftDate(track.anslag.posted), hour: 0 };
  return undefined;
}

/**
 * A track's state as a manager reads it in the overview, finer than `state`: a requested track that
 * has been reminded, or sent back (återremiss) or tabled (bordläggning) to be decided again. Overdue
 * wins over these: it is what the manager has to act on. Kept in visibility (ArendeDetalj) so the
 * overview needs no query per track.
 */
export const TRACK_DETAILS = [...TRACK_STATES, 'reminded', 'aterremiss', 'bordlaggning'] as const;
export type TrackDetail = (typeof TRACK_DETAILS)[number];

export function trackDetail(track: Pick<TrackState, 'state' | 'reminders' | 'decisions'>): TrackDetail {
  if (track.state !== 'requested') return track.state;
  const last = track.decisions[track.decisions.length - 1];
  if (last && (last.outcome === 'aterremiss' || last.outcome === 'bordlaggning')) return last.outcome;
  if (track.reminders.some((r) => r.status === 'sent')) return 'reminded';
  return 'requested';
}

export function isTrackState(state: string): state is TrackStateName {
  return (TRACK_STATES as readonly string[]).includes(state);
}

/**
 * The date an overdue track counts its days late from: its passed `senast`. Tracks keep it as their
 * ArendeNastaFrist from the `overdue-deadline-attribute` patch on (`own`); for tracks started before,
 * the case's ArendeNastaFrist stands in, which is the same `senast` while any track is open — if it
 * has passed (else it is not that date, and no date is better than a wrong one).
 */
export function overdueTrackDeadline(own: IsoDate | undefined, caseDeadline: IsoDate | undefined, today: IsoDate): IsoDate | undefined {
  if (own) return own;
  return caseDeadline && compareDates(caseDeadline, today) < 0 ? caseDeadline : undefined;
}
