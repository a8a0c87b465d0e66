// The case's rules: its state, its stage, and for each case-level event `check…` (refuses an event
// that does not fit the current state: a plain Error whose message starts with the event type and
// names the rule, for the synchronous update validators) and `apply…` (folds an accepted event into
// the state). Pure and free of zod: workflow code imports it; "today" is always passed in.
import { compareDates, type IsoDate } from './dates';
import { appealCalendar, type AppealCalendar } from './calendar';
import type { Dnr } from './dnr';
import type { BeredningStep, CaseRegistration, Recommendation } from './case';
import type { AppealFiled, HumanEvent, Justering } from './events';
import type { PartyId } from './parties';
import { eventParty, refuse, refuseField } from './rules';
import { fieldLabel } from './field-labels';
import { impossible, refuseFutureFacts } from './facts';
import { lateAnslagNote } from './late-facts';
import type { TrackStateName, TrackStatus } from './track-rules';
import { BEREDNING_OUTCOME_LABELS, TRACK_STATE_WORDS, genitive, huvudmanCount } from './words';

export const CASE_STAGES = ['registered', 'beredning', 'rsr-scheduled', 'rsr-decided', 'justerat', 'anslag', 'completed', 'withdrawn'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

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
  /** The recommending body's name as the registry gives it, when the case names its own (recommendedBy). */
  council?: string;
}

/** `council`: the name of the case's own recommending body (its registry short name), when it names one. */
export function initialCaseState(registration: CaseRegistration, council?: string): CaseState {
  return {
    ...(registration.recommendedBy && council ? { council } : {}),
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

/** Refuses a case-level event that does not fit (party-level events: `checkPartyEventAtCase`); an impossible date as an ImpossibleFactError (facts.ts). */
export function checkCaseEvent(state: CaseState, event: HumanEvent, today?: IsoDate): void {
  const { type } = event;
  if (state.withdrawn) refuse(type, `${state.dnr} är återkallat (${state.withdrawn.date}) och tar inte emot fler händelser`);
  if (state.completed) refuse(type, `${state.dnr} är avslutat och tar inte emot fler händelser`);
  if (eventParty(event) === undefined) refuseFutureFacts(event, today);
  switch (event.type) {
    case 'beredning-recorded':
      if (state.rsr) refuse(type, `beredning kan inte registreras efter ${councilGenitive(state)} beslut ${state.rsr.meetingDate}`);
      // It may predate the tjänsteskrivelse, as in the registration.
      return;
    case 'rsr-decided': {
      if (state.rsr) refuse(type, `beslutet är redan registrerat (${state.rsr.meetingDate} § ${state.rsr.paragraf}); ett andra, annorlunda beslut tas inte emot`);
      const earliest = [state.registration.tjansteskrivelse.date, ...state.beredning.map((b) => b.meetingDate)].sort().pop()!;
      if (compareDates(event.meetingDate, earliest) < 0) impossible(type, 'meetingDate', `sammanträdet (${event.meetingDate}) kan inte ligga före tjänsteskrivelsen och beredningen (${earliest})`);
      const rec = event.recommendation ?? state.recommendation;
      if (compareDates(rec.senast, event.meetingDate) <= 0) refuse(type, `sista dag för huvudmännens beslut (${rec.senast}) måste vara efter sammanträdet ${event.meetingDate}`);
      return;
    }
    case 'justering-recorded':
      if (!state.rsr) refuse(type, `protokollet kan inte justeras innan beslutet är registrerat`);
      if (state.justering) refuse(type, `protokollet är redan justerat ${state.justering.date} (${state.justering.justerare.join(', ')})`);
      if (compareDates(event.date, state.rsr.meetingDate) < 0) impossible(type, 'date', `justeringen (${event.date}) kan inte ske före sammanträdet ${state.rsr.meetingDate}`);
      return;
    case 'anslag-posted':
      if (!state.justering) refuse(type, `anslaget tillkännager justeringen: registrera justeringen först`);
      if (state.anslag) refuse(type, `anslaget är redan uppsatt ${state.anslag.posted}`);
      if (compareDates(event.posted, state.justering.date) < 0) impossible(type, 'posted', `anslaget (${event.posted}) kan inte sättas upp före justeringen ${state.justering.date}`);
      return;
    case 'appeal-filed':
      if (!state.anslag) refuse(type, `överklagandetiden börjar när anslaget sätts upp; registrera anslaget först`);
      if (compareDates(event.filedOn, state.anslag.posted) < 0) refuse(type, `överklagandet (${event.filedOn}) kan inte komma in före anslaget ${state.anslag.posted}`);
      if (compareDates(event.filedOn, state.anslag.calendar.lastAppealDay) > 0) {
        refuseField(type, { path: 'filedOn', label: fieldLabel('filedOn') }, `överklagandet kom in ${event.filedOn}, efter sista dag ${state.anslag.calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
      }
      return;
    case 'withdrawn':
      if (compareDates(event.date, state.registration.tjansteskrivelse.date) < 0) refuse(type, `återkallelsen (${event.date}) kan inte ske före tjänsteskrivelsen ${state.registration.tjansteskrivelse.date}`);
      return;
    case 'huvudman-decided':
    case 'correction-recorded':
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
  if (track?.final) refuse(type, `beslutsspåret för ${track.name} är avslutat (${TRACK_STATE_WORDS[track.state]})`);
  refuse(type, `händelser för ${party} tas emot av beslutsspåret ${trackId}`);
}

/** The recommending body as a person reads it: "RSR", or the registry's name of the case's own body (never its id). */
export function councilName(state: CaseState): string {
  if (!state.registration.recommendedBy) return 'RSR';
  return state.council ?? state.registration.recommendedBy;
}

/** "RSR:s" (an abbreviation takes a colon), "Hälso- och sjukvårdsnämndens", "Kommunförbundets". */
export function councilGenitive(state: CaseState): string {
  return genitive(councilName(state));
}

export function applyCaseEvent(state: CaseState, event: HumanEvent): string {
  switch (event.type) {
    case 'beredning-recorded': {
      const { type: _t, ...step } = event;
      state.beredning.push(step);
      return `Beredning i ${event.organ} ${event.meetingDate}${event.paragraf ? ` § ${event.paragraf}` : ''}: ${BEREDNING_OUTCOME_LABELS[event.outcome]}`;
    }
    case 'rsr-decided':
      state.rsr = { meetingDate: event.meetingDate, paragraf: event.paragraf, beslut: event.beslut };
      if (event.recommendation) state.recommendation = event.recommendation;
      return `${councilName(state)} beslutade ${event.meetingDate} § ${event.paragraf}; ${huvudmanCount(state.recommendation.huvudman.length)} ombeds besluta senast ${state.recommendation.senast}`;
    case 'justering-recorded':
      state.justering = { justerare: event.justerare, date: event.date };
      return `Protokollet justerat ${event.date} av ${event.justerare.join(', ')}`;
    case 'anslag-posted': {
      const calendar = appealCalendar({ posted: event.posted, justerad: state.justering?.date });
      state.anslag = { posted: event.posted, ...(event.removed ? { removed: event.removed } : {}), calendar };
      const late = lateAnslagNote(state.anslag);
      return `Anslag uppsatt ${event.posted}${late ? `, ${late}` : ''}; sista dag att överklaga ${calendar.lastAppealDay}`;
    }
    case 'appeal-filed':
      state.appeals.push(event);
      return `Överklagande inkom ${event.filedOn}${event.appellant ? ` från ${event.appellant}` : ''}`;
    case 'withdrawn':
      state.withdrawn = { date: event.date, reason: event.reason, ...(event.decidedBy ? { decidedBy: event.decidedBy } : {}) };
      return `Ärendet återkallat ${event.date}: ${event.reason}`;
    case 'huvudman-decided':
      throw new Error('huvudman-decided hör till beslutsspåret');
    case 'correction-recorded':
      throw new Error('en rättelse tillämpas med applyCaseCorrection (domain/corrections.ts)');
  }
}
