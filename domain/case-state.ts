// The state of a case and of one huvudman's decision track, and the pure rules that move them:
// `check…` refuses an event that does not fit the current state (a plain Error whose message
// starts with the event type and names the rule, for the synchronous update validators) and
// `apply…` folds an accepted event into the state. No Temporal here: unit-testable, and the
// workflows stay small. Dates are Stockholm calendar dates; "today" is always passed in.
import { addDays, compareDates, type IsoDate } from './dates';
import { lagaKraftDate, workingDaysBefore, appealCalendar, type AppealCalendar } from './calendar';
import type { Dnr } from './dnr';
import type { BeredningStep, CaseRegistration, Recommendation } from './case';
import {
  DECISION_OUTCOME_LABELS,
  type AnslagPosted,
  type AppealFiled,
  type DecisionOutcome,
  type HumanEvent,
  type HuvudmanDecided,
  type Justering,
  type JusteringRecorded,
} from './events';
import type { DeliveryRecord } from './notifications';
import type { Email, PartyId } from './parties';

// ---------------------------------------------------------------- shared

/** What a huvudman's track needs to know about the party (resolved from the registry at start). */
export interface PartySnapshot {
  id: PartyId;
  name: string;
  organ: string;
  registrator: Email;
}

/** One line of a case or track timeline: ordered, timestamped, with who did it. */
export interface LogEntry {
  seq: number;
  at: string;
  actor: string;
  type: string;
  text: string;
  party?: PartyId;
}

export const SYSTEM_ACTOR = 'system';

export function refuse(type: string, message: string): never {
  throw new Error(`${type}: ${message}`);
}

/** Events that concern one huvudman's own protocol go to its decision track. */
export function eventParty(event: HumanEvent): PartyId | undefined {
  switch (event.type) {
    case 'huvudman-decided':
      return event.party;
    case 'justering-recorded':
    case 'anslag-posted':
    case 'appeal-filed':
      return event.party;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- case

export const CASE_STAGES = ['registered', 'beredning', 'rsr-scheduled', 'rsr-decided', 'justerat', 'anslag', 'completed', 'withdrawn'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const TRACK_STATES = ['requested', 'overdue', 'decided', 'justerat', 'anslag', 'laga-kraft', 'rejected', 'appealed', 'closed', 'withdrawn'] as const;
export type TrackStateName = (typeof TRACK_STATES)[number];
export const FINAL_TRACK_STATES: readonly TrackStateName[] = ['laga-kraft', 'rejected', 'appealed', 'closed', 'withdrawn'];
export function isFinalTrackState(state: TrackStateName): boolean {
  return FINAL_TRACK_STATES.includes(state);
}

/** The case's view of a track: open until the track reports its final status. */
export interface CaseTrackView {
  party: PartyId;
  name: string;
  state: TrackStateName;
  overdue: boolean;
  final?: TrackStatus;
}

export interface RsrDecision {
  meetingDate: IsoDate;
  paragraf: number;
  beslut: string[];
}

export interface CaseState {
  dnr: Dnr;
  title: string;
  registration: CaseRegistration;
  recommendation: Recommendation;
  beredning: BeredningStep[];
  rsr?: RsrDecision;
  justering?: Justering;
  anslag?: { posted: IsoDate; removed?: IsoDate; calendar: AppealCalendar };
  appeals: AppealFiled[];
  withdrawn?: { date: IsoDate; reason: string; decidedBy?: string };
  completed: boolean;
  tracks: CaseTrackView[];
}

export function initialCaseState(registration: CaseRegistration): CaseState {
  return {
    dnr: registration.dnr,
    title: registration.title,
    registration,
    recommendation: registration.recommendation,
    beredning: [...registration.beredning],
    appeals: [],
    completed: false,
    tracks: [],
  };
}

/** Before the recommending body decides: registered, in beredning, or prepared and scheduled. */
export function caseStage(state: CaseState): CaseStage {
  if (state.withdrawn) return 'withdrawn';
  if (state.completed) return 'completed';
  if (state.anslag) return 'anslag';
  if (state.justering) return 'justerat';
  if (state.rsr) return 'rsr-decided';
  if (state.beredning.length === 0) return 'registered';
  const ready = state.beredning.some((b) => b.outcome === 'forslag' || b.outcome === 'tillstyrkt');
  const last = state.beredning[state.beredning.length - 1]!;
  return ready && last.outcome !== 'aterremiss' && last.outcome !== 'bordlagd' ? 'rsr-scheduled' : 'beredning';
}

/** Refuses a case-level event that does not fit; party-level events are checked by `checkPartyEventAtCase`. */
export function checkCaseEvent(state: CaseState, event: HumanEvent): void {
  const { type } = event;
  if (state.withdrawn) refuse(type, `${state.dnr} är återkallat (${state.withdrawn.date}) och tar inte emot fler händelser`);
  if (state.completed) refuse(type, `${state.dnr} är avslutat och tar inte emot fler händelser`);
  switch (event.type) {
    case 'beredning-recorded':
      if (state.rsr) refuse(type, `beredning kan inte registreras efter ${councilGenitive(state)} beslut ${state.rsr.meetingDate}`);
      if (compareDates(event.meetingDate, state.registration.tjansteskrivelse.date) < 0) {
        refuse(type, `beredningen (${event.meetingDate}) kan inte ske före tjänsteskrivelsen ${state.registration.tjansteskrivelse.date}`);
      }
      return;
    case 'rsr-decided': {
      if (state.rsr) refuse(type, `beslutet är redan registrerat (${state.rsr.meetingDate} § ${state.rsr.paragraf}); ett andra, annorlunda beslut tas inte emot`);
      const earliest = [state.registration.tjansteskrivelse.date, ...state.beredning.map((b) => b.meetingDate)].sort().pop()!;
      if (compareDates(event.meetingDate, earliest) < 0) refuse(type, `sammanträdet (${event.meetingDate}) kan inte ligga före tjänsteskrivelsen och beredningen (${earliest})`);
      const rec = event.recommendation ?? state.recommendation;
      if (compareDates(rec.senast, event.meetingDate) <= 0) refuse(type, `sista dag för huvudmännens beslut (${rec.senast}) måste vara efter sammanträdet ${event.meetingDate}`);
      return;
    }
    case 'justering-recorded':
      if (!state.rsr) refuse(type, `protokollet kan inte justeras innan beslutet är registrerat`);
      if (state.justering) refuse(type, `protokollet är redan justerat ${state.justering.date} (${state.justering.justerare.join(', ')})`);
      if (compareDates(event.date, state.rsr.meetingDate) < 0) refuse(type, `justeringen (${event.date}) kan inte ske före sammanträdet ${state.rsr.meetingDate}`);
      return;
    case 'anslag-posted':
      if (!state.justering) refuse(type, `anslaget tillkännager justeringen: registrera justeringen först`);
      if (state.anslag) refuse(type, `anslaget är redan uppsatt ${state.anslag.posted}`);
      if (compareDates(event.posted, state.justering.date) < 0) refuse(type, `anslaget (${event.posted}) kan inte sättas upp före justeringen ${state.justering.date}`);
      return;
    case 'appeal-filed':
      if (!state.anslag) refuse(type, `överklagandetiden börjar när anslaget sätts upp; registrera anslaget först`);
      if (compareDates(event.filedOn, state.anslag.posted) < 0) refuse(type, `överklagandet (${event.filedOn}) kan inte komma in före anslaget ${state.anslag.posted}`);
      if (compareDates(event.filedOn, state.anslag.calendar.lastAppealDay) > 0) {
        refuse(type, `överklagandet kom in ${event.filedOn}, efter sista dag ${state.anslag.calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
      }
      return;
    case 'withdrawn':
      if (compareDates(event.date, state.registration.tjansteskrivelse.date) < 0) refuse(type, `återkallelsen (${event.date}) kan inte ske före tjänsteskrivelsen ${state.registration.tjansteskrivelse.date}`);
      return;
    case 'huvudman-decided':
      return;
  }
}

/**
 * A party-level event sent to the case: refused with the rule (unknown party, not asked, not yet
 * justerat, track closed); when every rule holds it belongs to the track (`trackId`), which the
 * client sends it to (client/cases.ts does).
 */
export function checkPartyEventAtCase(state: CaseState, event: HumanEvent, knownParties: readonly string[], trackId: string): void {
  const party = eventParty(event)!;
  const { type } = event;
  if (state.withdrawn) refuse(type, `${state.dnr} är återkallat (${state.withdrawn.date}) och tar inte emot fler händelser`);
  if (!knownParties.includes(party)) refuse(type, `parten "${party}" finns inte i partregistret`);
  if (!state.recommendation.huvudman.includes(party)) refuse(type, `${party} har inte ombetts att besluta i ${state.dnr}`);
  if (!state.justering) {
    refuse(type, `${councilGenitive(state)} beslut i ${state.dnr} är inte justerat än; huvudmännen ombeds besluta först när protokollet är justerat`);
  }
  const track = state.tracks.find((t) => t.party === party);
  if (track?.final) refuse(type, `beslutsspåret för ${track.name} är avslutat (${track.state})`);
  refuse(type, `händelser för ${party} tas emot av beslutsspåret ${trackId}`);
}

export function councilName(state: CaseState): string {
  return state.registration.recommendedBy ? state.registration.recommendedBy.toUpperCase() : 'RSR';
}

/** "RSR:s", as Swedish writes the genitive of an abbreviation. */
export function councilGenitive(state: CaseState): string {
  return `${councilName(state)}:s`;
}

export function applyCaseEvent(state: CaseState, event: HumanEvent): string {
  switch (event.type) {
    case 'beredning-recorded': {
      const { type: _t, ...step } = event;
      state.beredning.push(step);
      return `Beredning i ${event.organ} ${event.meetingDate}${event.paragraf ? ` § ${event.paragraf}` : ''}: ${event.outcome}`;
    }
    case 'rsr-decided':
      state.rsr = { meetingDate: event.meetingDate, paragraf: event.paragraf, beslut: event.beslut };
      if (event.recommendation) state.recommendation = event.recommendation;
      return `${councilName(state)} beslutade ${event.meetingDate} § ${event.paragraf}; ${state.recommendation.huvudman.length} huvudmän ombeds besluta senast ${state.recommendation.senast}`;
    case 'justering-recorded':
      state.justering = { justerare: event.justerare, date: event.date };
      return `Protokollet justerat ${event.date} av ${event.justerare.join(', ')}`;
    case 'anslag-posted': {
      const calendar = appealCalendar({ posted: event.posted, justerad: state.justering?.date });
      state.anslag = { posted: event.posted, ...(event.removed ? { removed: event.removed } : {}), calendar };
      return `Anslag uppsatt ${event.posted}; sista dag att överklaga ${calendar.lastAppealDay}`;
    }
    case 'appeal-filed':
      state.appeals.push(event);
      return `Överklagande inkom ${event.filedOn}${event.appellant ? ` från ${event.appellant}` : ''}`;
    case 'withdrawn':
      state.withdrawn = { date: event.date, reason: event.reason, ...(event.decidedBy ? { decidedBy: event.decidedBy } : {}) };
      return `Ärendet återkallat ${event.date}: ${event.reason}`;
    case 'huvudman-decided':
      throw new Error('huvudman-decided hör till beslutsspåret');
  }
}

// ---------------------------------------------------------------- track

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

/** Refuses an event the track cannot take now. `closeReason` checks an administrator's close. */
export function checkTrackEvent(track: TrackState, event: HumanEvent): void {
  const { type } = event;
  const name = track.party.name;
  if (isFinalTrackState(track.state)) refuse(type, `beslutsspåret för ${name} är avslutat (${track.state})`);
  const party = eventParty(event);
  if (party === undefined) refuse(type, `händelsen gäller hela ärendet ${track.dnr} och skickas till ärendet, inte till beslutsspåret för ${name}`);
  if (party !== track.party.id) refuse(type, `beslutsspåret för ${name} tar inte emot händelser för ${party}`);
  const last = track.decisions[track.decisions.length - 1];
  switch (event.type) {
    case 'huvudman-decided': {
      if (compareDates(event.meetingDate, track.rsrMeetingDate) < 0) {
        refuse(type, `sammanträdet (${event.meetingDate}) kan inte ligga före rekommendationsbeslutet ${track.rsrMeetingDate}`);
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
      if (compareDates(event.date, last.meetingDate) < 0) refuse(type, `justeringen (${event.date}) kan inte ske före sammanträdet ${last.meetingDate}`);
      return;
    case 'anslag-posted':
      if (!track.justering) refuse(type, `anslaget tillkännager justeringen: registrera justeringen för ${name} först`);
      if (track.anslag) refuse(type, `anslaget för ${name} är redan uppsatt ${track.anslag.posted}`);
      if (compareDates(event.posted, track.justering.date) < 0) refuse(type, `anslaget (${event.posted}) kan inte sättas upp före justeringen ${track.justering.date}`);
      return;
    case 'appeal-filed':
      if (!track.anslag) refuse(type, `överklagandetiden för ${name} börjar när anslaget sätts upp; registrera anslaget först`);
      if (compareDates(event.filedOn, track.anslag.posted) < 0) refuse(type, `överklagandet (${event.filedOn}) kan inte komma in före anslaget ${track.anslag.posted}`);
      if (compareDates(event.filedOn, track.anslag.calendar.lastAppealDay) > 0) {
        refuse(type, `överklagandet kom in ${event.filedOn}, efter sista dag ${track.anslag.calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
      }
      return;
    default:
      return;
  }
}

export function checkCloseTrack(track: TrackState): void {
  if (isFinalTrackState(track.state)) refuse('close-track', `beslutsspåret för ${track.party.name} är redan avslutat (${track.state})`);
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
      return `${name}: anslag uppsatt ${e.posted}; sista dag att överklaga ${track.anslag!.calendar.lastAppealDay}, laga kraft ${track.anslag!.calendar.lagaKraft}`;
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
  const text = `${track.party.name}: ${describeDecision(record)}`;
  switch (event.outcome) {
    case 'aterremiss':
    case 'bordlaggning':
      // Still open: the huvudman will decide again; reminders and the deadline stand.
      track.state = track.overdueSince ? 'overdue' : 'requested';
      return `${text}; spåret är öppet för ett nytt beslut`;
    case 'avslag':
      track.state = 'rejected';
      endReminders(track);
      return text;
    default:
      track.state = 'decided';
      endReminders(track);
      if (event.justering) recordJustering(track, event.justering);
      if (event.anslag) recordAnslag(track, event.anslag);
      return text;
  }
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

export const TRACK_TIMER_LABELS: Record<TrackTimer['what'], string> = {
  reminder: 'påminnelse',
  overdue: 'sista dagen passeras',
  'laga-kraft': 'laga kraft',
};

// ---------------------------------------------------------------- the matrix word

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

/**
 * The Swedish word a manager reads for a track state: the overview's cells, the ärendebalanslista
 * and `arende outstanding`. Never colour alone.
 */
export const TRACK_STATE_WORDS: Record<TrackStateName, string> = {
  requested: 'begärd',
  overdue: 'försenad',
  decided: 'beslutad',
  justerat: 'justerad',
  anslag: 'anslagen',
  'laga-kraft': 'laga kraft',
  rejected: 'avslag',
  appealed: 'överklagad',
  closed: 'stängd',
  withdrawn: 'återkallad',
};

/** The word for a detailed state: the track states' words, plus påmind, återremiss, bordläggning. */
export const TRACK_DETAIL_WORDS: Record<TrackDetail, string> = {
  ...TRACK_STATE_WORDS,
  reminded: 'påmind',
  aterremiss: 'återremiss',
  bordlaggning: 'bordläggning',
};

export function isTrackState(state: string): state is TrackStateName {
  return (TRACK_STATES as readonly string[]).includes(state);
}

function isTrackDetail(detail: string): detail is TrackDetail {
  return (TRACK_DETAILS as readonly string[]).includes(detail);
}

/**
 * The word for a track as visibility lists it (ArendeStage, ArendeDetalj): the detailed state when
 * the track records it (tracks from the `track-detail-attribute` patch on), else the state; a value
 * this code does not know is shown as it is.
 */
export function trackStateWord(state: string, detail?: string): string {
  if (detail !== undefined && isTrackDetail(detail)) return TRACK_DETAIL_WORDS[detail];
  return isTrackState(state) ? TRACK_STATE_WORDS[state] : state;
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
