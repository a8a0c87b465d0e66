// Late facts and corrections (rättelse), for a track and for the case: what may still be recorded
// after a track or the case has ended (a timely appeal, a correction), the checks (a refusal names
// the rule, like the other rules) and how a correction is folded into the state and marked in the
// log (the corrected entry stays, with `correctedBy`; the correction names it with `corrects`).
// Pure and free of zod: workflow code imports it; "today" is always passed in. How an ended
// workflow takes a late event is in docs/late-events.md.
import { appealCalendar, earliestRemovalDate } from './calendar';
import { compareDates, type IsoDate } from './dates';
import type { CaseState } from './case-rules';
import type { AppealFiled, CorrectionRecorded, HumanEvent } from './events';
import { fieldLabel } from './field-labels';
import { refuse, refuseField, type LogEntry, type PartySnapshot } from './rules';
import { applyTrackEvent, checkAppealDate, type DecisionRecord, type TrackState, type TrackStateName, type TrackStatus } from './track-rules';
import { DECISION_OUTCOME_LABELS, TRACK_STATE_WORDS } from './words';

const TYPE = 'correction-recorded';

export const CORRECTION_TARGET_WORDS: Record<CorrectionRecorded['target'], string> = {
  decision: 'beslutet',
  justering: 'justeringen',
  anslag: 'anslaget',
  appeal: 'överklagandet',
};

const FIELD_WORDS: Record<string, string> = {
  meetingDate: 'sammanträdesdag',
  paragraf: 'paragraf',
  outcome: 'utfall',
  organ: 'organ',
  date: 'justeringsdag',
  justerare: 'justerare',
  posted: 'uppsatt',
  removed: 'nedtaget',
  filedOn: 'inkom',
  appellant: 'klagande',
  court: 'domstol',
};

/** What a correction changes, in words: "uppsatt 2026-11-02 → 2026-11-20". */
export interface CorrectionOutcome {
  text: string;
  changes: string[];
  /** A laga kraft that no longer holds: the track waits for the new date. */
  lagaKraftWithdrawn?: IsoDate;
}

function show(field: string, value: unknown): string {
  if (value === undefined) return '–';
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'outcome') return DECISION_OUTCOME_LABELS[value as DecisionRecord['outcome']] ?? String(value);
  if (field === 'paragraf') return `§ ${String(value)}`;
  return String(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields a correction changes, against the recorded `current` values; refuses one that changes nothing. */
function changedFields(c: CorrectionRecorded, current: Record<string, unknown>): string[] {
  const changes = c.changes as Record<string, unknown>;
  const fields = Object.keys(changes).filter((k) => changes[k] !== undefined && !same(changes[k], current[k]));
  if (fields.length === 0) refuse(TYPE, `rättelsen ändrar inget: ${CORRECTION_TARGET_WORDS[c.target]} är redan registrerat så`);
  return fields;
}

function describeChanges(c: CorrectionRecorded, current: Record<string, unknown>, fields: string[]): string[] {
  const changes = c.changes as Record<string, unknown>;
  return fields.map((f) => `${FIELD_WORDS[f] ?? f} ${show(f, current[f])} → ${show(f, changes[f])}`);
}

/** A fact cannot lie in the future: refused naming the field (`changes.<field>` of a correction, the event's own field otherwise). */
function notFuture(field: string, date: IsoDate | undefined, today: IsoDate, type: string = TYPE): void {
  if (date && compareDates(date, today) > 0) {
    const path = type === TYPE ? `changes.${field}` : field;
    refuseField(type, { path, label: fieldLabel(path) }, `${FIELD_WORDS[field]} ${date} ligger i framtiden (i dag ${today}); det kan inte ha hänt än`);
  }
}

/** The fact as it would be after the correction (only the target's own fields are read). */
interface Next {
  meetingDate: IsoDate;
  outcome: DecisionRecord['outcome'];
  date: IsoDate;
  posted: IsoDate;
  removed?: IsoDate;
  filedOn: IsoDate;
}

const isOpenOutcome = (o: DecisionRecord['outcome']) => o === 'aterremiss' || o === 'bordlaggning';

// ------------------------------------------------------------------ a track

/** The recorded values a track's correction compares with. */
function trackCurrent(track: TrackState, target: CorrectionRecorded['target']): Record<string, unknown> {
  const name = track.party.name;
  switch (target) {
    case 'decision': {
      const last = track.decisions[track.decisions.length - 1];
      if (!last) refuse(TYPE, `${name} har inget registrerat beslut att rätta`);
      return { ...last };
    }
    case 'justering':
      if (!track.justering) refuse(TYPE, `${name} har ingen registrerad justering att rätta`);
      return { ...track.justering };
    case 'anslag':
      if (!track.anslag) refuse(TYPE, `${name} har inget registrerat anslag att rätta`);
      return { posted: track.anslag.posted, removed: track.anslag.removed };
    case 'appeal':
      if (!track.appeal) refuse(TYPE, `${name} har inget registrerat överklagande att rätta`);
      return { ...track.appeal };
  }
}

/** Refuses a correction of a huvudman's fact that does not fit its other facts, or changes nothing. */
export function checkTrackCorrection(track: TrackState, c: CorrectionRecorded, today: IsoDate): void {
  if (track.state === 'withdrawn') refuse(TYPE, `beslutsspåret för ${track.party.name} är återkallat med ärendet`);
  const current = trackCurrent(track, c.target);
  changedFields(c, current);
  const next = { ...current, ...withoutUndefined(c.changes) } as unknown as Next;
  const decision = track.decisions[track.decisions.length - 1];
  switch (c.target) {
    case 'decision': {
      notFuture('meetingDate', next.meetingDate, today);
      if (compareDates(next.meetingDate, track.rsrMeetingDate) < 0) refuse(TYPE, `sammanträdet (${next.meetingDate}) kan inte ligga före rekommendationsbeslutet ${track.rsrMeetingDate}`);
      const previous = track.decisions[track.decisions.length - 2];
      if (previous && compareDates(next.meetingDate, previous.meetingDate) <= 0) refuse(TYPE, `sammanträdet (${next.meetingDate}) måste ligga efter det förra beslutets ${previous.meetingDate}`);
      if (track.justering && compareDates(track.justering.date, next.meetingDate) < 0) refuse(TYPE, `justeringen ${track.justering.date} kan inte ske före sammanträdet ${next.meetingDate}`);
      if (isOpenOutcome(decision!.outcome) !== isOpenOutcome(next.outcome)) {
        refuse(TYPE, `återremiss och bordläggning lämnar ärendet öppet: rätta inte mellan dem och ett slutligt beslut; registrera det nya beslutet i stället`);
      }
      return;
    }
    case 'justering':
      notFuture('date', next.date, today);
      if (decision && compareDates(next.date, decision.meetingDate) < 0) refuse(TYPE, `justeringen (${next.date}) kan inte ske före sammanträdet ${decision.meetingDate}`);
      if (track.anslag && compareDates(track.anslag.posted, next.date) < 0) refuse(TYPE, `justeringen (${next.date}) kan inte ske efter anslaget ${track.anslag.posted}`);
      return;
    case 'anslag':
      checkAnslag(next.posted, next.removed, track.justering?.date, today);
      if (track.appeal) checkAppealWithin(track.appeal.filedOn, next.posted);
      return;
    case 'appeal':
      notFuture('filedOn', next.filedOn, today);
      checkAppealDate(track, { ...(track.appeal as AppealFiled), filedOn: next.filedOn });
      return;
  }
}

function checkAnslag(posted: IsoDate, removed: IsoDate | undefined, justerad: IsoDate | undefined, today: IsoDate): void {
  notFuture('posted', posted, today);
  notFuture('removed', removed, today);
  if (justerad && compareDates(posted, justerad) < 0) refuse(TYPE, `anslaget (${posted}) kan inte sättas upp före justeringen ${justerad}`);
  if (removed && compareDates(removed, earliestRemovalDate(posted)) < 0) {
    refuse(TYPE, `anslaget får inte tas ned före ${earliestRemovalDate(posted)}, första vardagen efter överklagandetidens slut (kommunallagen 8 kap. 12 § och 13 kap. 5 §)`);
  }
}

function checkAppealWithin(filedOn: IsoDate, posted: IsoDate): void {
  const { lastAppealDay } = appealCalendar({ posted });
  if (compareDates(filedOn, posted) < 0 || compareDates(filedOn, lastAppealDay) > 0) {
    refuse(TYPE, `det registrerade överklagandet (inkom ${filedOn}) skulle då ligga utanför överklagandetiden ${posted}–${lastAppealDay} (kommunallagen 13 kap. 5 §)`);
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Folds a checked correction into the track: the fact changes, the appeal calendar follows a
 * corrected justering or anslag, and the state follows the facts. A laga kraft whose date has moved
 * past `today` is withdrawn: the track is anslagen again and its clock waits for the new date.
 */
export function applyTrackCorrection(track: TrackState, c: CorrectionRecorded, today: IsoDate): CorrectionOutcome {
  const current = trackCurrent(track, c.target);
  const fields = changedFields(c, current);
  const changes = describeChanges(c, current, fields);
  const set = withoutUndefined(c.changes);
  switch (c.target) {
    case 'decision': {
      const last = track.decisions[track.decisions.length - 1]!;
      Object.assign(last, pick(set, ['meetingDate', 'paragraf', 'outcome', 'organ']));
      break;
    }
    case 'justering':
      Object.assign(track.justering!, pick(set, ['date', 'justerare']));
      break;
    case 'anslag':
      Object.assign(track.anslag!, pick(set, ['posted', 'removed']));
      break;
    case 'appeal':
      track.appeal = { ...track.appeal!, ...pick(set, ['filedOn', 'appellant', 'court']) };
      break;
  }
  if (track.anslag) track.anslag.calendar = appealCalendar({ posted: track.anslag.posted, justerad: track.justering?.date });
  const before = track.state;
  track.state = trackStateFromFacts(track, today);
  const withdrawn = before === 'laga-kraft' && track.state === 'anslag' ? track.anslag!.calendar.lagaKraft : undefined;
  const text =
    `${track.party.name}: rättelse av ${CORRECTION_TARGET_WORDS[c.target]}: ${changes.join('; ')}; skäl: ${c.reason}` +
    (withdrawn ? `; laga kraft gäller inte, beslutet vinner laga kraft ${withdrawn} om det inte överklagas` : '') +
    (before !== track.state && !withdrawn ? `; läget är nu ${TRACK_STATE_WORDS[track.state]}` : '');
  return { text, changes, ...(withdrawn ? { lagaKraftWithdrawn: withdrawn } : {}) };
}

function pick<T extends object>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as Partial<T>;
}

/** The state a track's facts give (after a correction): an open decision keeps the clock's own state. */
export function trackStateFromFacts(track: TrackState, today: IsoDate): TrackStateName {
  const { state } = track;
  if (state === 'closed' || state === 'withdrawn') return state;
  if (track.appeal) return 'appealed';
  const last = track.decisions[track.decisions.length - 1];
  if (!last || isOpenOutcome(last.outcome)) return state;
  if (last.outcome === 'avslag') return 'rejected';
  if (track.anslag) return state === 'laga-kraft' && compareDates(today, track.anslag.calendar.lagaKraft) >= 0 ? 'laga-kraft' : 'anslag';
  return track.justering ? 'justerat' : 'decided';
}

/**
 * What an ended track (its final status, held by its case) may still take: a timely appeal after
 * laga kraft (kommunallagen 13 kap. 5 §: the appeal counts from when it came in, not from when the
 * municipality learns of it), or a correction. Everything else is refused as before.
 */
export function checkLateTrackEvent(track: TrackState, event: HumanEvent, today: IsoDate): void {
  const word = TRACK_STATE_WORDS[track.state];
  if (event.type === 'correction-recorded') return checkTrackCorrection(track, event, today);
  if (event.type === 'appeal-filed') {
    if (track.state !== 'laga-kraft') refuse(event.type, `beslutsspåret för ${track.party.name} är avslutat (${word}); ett överklagande tas emot efter laga kraft men inte nu`);
    notFuture('filedOn', event.filedOn, today, event.type);
    checkAppealDate(track, event);
    return;
  }
  // As the case refuses it for a track that has ended (checkPartyEventAtCase), word for word.
  refuse(event.type, `beslutsspåret för ${track.party.name} är avslutat (${word})`);
}

/**
 * Applies a late event an ended track accepted (checked with `checkLateTrackEvent`); returns the log
 * text. The case applies it to a copy for its receipt, the track's new run to its state: same text.
 */
export function applyLateTrackEvent(track: TrackState, event: HumanEvent, at: string, today: IsoDate): string {
  if (event.type === 'correction-recorded') return applyTrackCorrection(track, event, today).text;
  return `${applyTrackEvent(track, event, at)}; registrerat efter laga kraft, inom tiden för överklagande`;
}

/** An ended track's state, rebuilt from its final status and what its case knows of it. */
export function trackStateFromStatus(status: TrackStatus, facts: { dnr: TrackState['dnr']; party: PartySnapshot; rsrMeetingDate: IsoDate }): TrackState {
  const copy = structuredCopy(status);
  return {
    dnr: facts.dnr,
    party: facts.party,
    senast: copy.senast,
    rsrMeetingDate: facts.rsrMeetingDate,
    requestedOn: copy.requestedOn,
    state: copy.state,
    reminders: copy.reminders,
    ...(copy.overdueSince ? { overdueSince: copy.overdueSince } : {}),
    ...(copy.escalatedAt ? { escalatedAt: copy.escalatedAt } : {}),
    decisions: copy.decisions,
    ...(copy.justering ? { justering: copy.justering } : {}),
    ...(copy.anslag ? { anslag: copy.anslag } : {}),
    ...(copy.appeal ? { appeal: copy.appeal } : {}),
    ...(copy.closed ? { closed: copy.closed } : {}),
  };
}

/** A deep copy of plain data (workflow code has no structuredClone guarantee across SDKs). */
export function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ------------------------------------------------------------------ the case (RSR's own protocol)

function caseCurrent(state: CaseState, target: CorrectionRecorded['target']): Record<string, unknown> {
  switch (target) {
    case 'decision':
      if (!state.rsr) refuse(TYPE, `rekommendationsbeslutet är inte registrerat än`);
      return { meetingDate: state.rsr.meetingDate, paragraf: state.rsr.paragraf };
    case 'justering':
      if (!state.justering) refuse(TYPE, `protokollet är inte justerat än`);
      return { ...state.justering };
    case 'anslag':
      if (!state.anslag) refuse(TYPE, `inget anslag är registrerat än`);
      return { posted: state.anslag.posted, removed: state.anslag.removed };
    case 'appeal': {
      const last = state.appeals[state.appeals.length - 1];
      if (!last) refuse(TYPE, `inget överklagande är registrerat`);
      return { ...last };
    }
  }
}

/** Refuses a correction of the case's own (RSR's) facts that does not fit, or changes nothing. */
export function checkCaseCorrection(state: CaseState, c: CorrectionRecorded, today: IsoDate): void {
  if (state.withdrawn) refuse(TYPE, `${state.dnr} är återkallat (${state.withdrawn.date})`);
  const current = caseCurrent(state, c.target);
  changedFields(c, current);
  const next = { ...current, ...withoutUndefined(c.changes) } as unknown as Next;
  switch (c.target) {
    case 'decision': {
      notFuture('meetingDate', next.meetingDate, today);
      const earliest = [state.registration.tjansteskrivelse.date, ...state.beredning.map((b) => b.meetingDate)].sort().pop()!;
      if (compareDates(next.meetingDate, earliest) < 0) refuse(TYPE, `sammanträdet (${next.meetingDate}) kan inte ligga före tjänsteskrivelsen och beredningen (${earliest})`);
      if (state.justering && compareDates(state.justering.date, next.meetingDate) < 0) refuse(TYPE, `justeringen ${state.justering.date} kan inte ske före sammanträdet ${next.meetingDate}`);
      return;
    }
    case 'justering':
      notFuture('date', next.date, today);
      if (compareDates(next.date, state.rsr!.meetingDate) < 0) refuse(TYPE, `justeringen (${next.date}) kan inte ske före sammanträdet ${state.rsr!.meetingDate}`);
      if (state.anslag && compareDates(state.anslag.posted, next.date) < 0) refuse(TYPE, `justeringen (${next.date}) kan inte ske efter anslaget ${state.anslag.posted}`);
      return;
    case 'anslag':
      checkAnslag(next.posted, next.removed, state.justering?.date, today);
      for (const appeal of state.appeals) checkAppealWithin(appeal.filedOn, next.posted);
      return;
    case 'appeal': {
      notFuture('filedOn', next.filedOn, today);
      const { posted, calendar } = state.anslag!;
      if (compareDates(next.filedOn, posted) < 0) refuse(TYPE, `överklagandet (${next.filedOn}) kan inte komma in före anslaget ${posted}`);
      if (compareDates(next.filedOn, calendar.lastAppealDay) > 0) refuse(TYPE, `överklagandet kom in ${next.filedOn}, efter sista dag ${calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
      return;
    }
  }
}

/** Folds a checked correction into the case's state; the appeal calendar follows. */
export function applyCaseCorrection(state: CaseState, c: CorrectionRecorded): CorrectionOutcome {
  const current = caseCurrent(state, c.target);
  const fields = changedFields(c, current);
  const changes = describeChanges(c, current, fields);
  const set = withoutUndefined(c.changes);
  switch (c.target) {
    case 'decision':
      state.rsr = { ...state.rsr!, ...pick(set, ['meetingDate', 'paragraf']) };
      break;
    case 'justering':
      state.justering = { ...state.justering!, ...pick(set, ['date', 'justerare']) };
      break;
    case 'anslag':
      Object.assign(state.anslag!, pick(set, ['posted', 'removed']));
      break;
    case 'appeal':
      state.appeals[state.appeals.length - 1] = { ...state.appeals[state.appeals.length - 1]!, ...pick(set, ['filedOn', 'appellant', 'court']) };
      break;
  }
  if (state.anslag) state.anslag.calendar = appealCalendar({ posted: state.anslag.posted, justerad: state.justering?.date });
  return { text: `Rättelse av ${c.target === 'decision' ? 'rekommendationsbeslutet' : CORRECTION_TARGET_WORDS[c.target]}: ${changes.join('; ')}; skäl: ${c.reason}`, changes };
}

/** What an ended (completed) case may still take of its own: a timely appeal of RSR's decision, or a correction. */
export function checkLateCaseEvent(state: CaseState, event: HumanEvent, today: IsoDate): void {
  if (event.type === 'correction-recorded') return checkCaseCorrection(state, event, today);
  if (event.type === 'appeal-filed' && state.anslag) {
    notFuture('filedOn', event.filedOn, today, event.type);
    const { posted, calendar } = state.anslag;
    if (compareDates(event.filedOn, posted) < 0) refuse(event.type, `överklagandet (${event.filedOn}) kan inte komma in före anslaget ${posted}`);
    if (compareDates(event.filedOn, calendar.lastAppealDay) > 0) {
      refuseField(event.type, { path: 'filedOn', label: fieldLabel('filedOn') }, `överklagandet kom in ${event.filedOn}, efter sista dag ${calendar.lastAppealDay} (kommunallagen 13 kap. 5 §)`);
    }
    return;
  }
  refuse(event.type, `${state.dnr} är avslutat och tar inte emot fler händelser`);
}

// ------------------------------------------------------------------ the log

/** The log entry types that record each target's fact, most specific first. */
const FACT_ENTRY_TYPES: Record<CorrectionRecorded['target'], { party: string[]; case: string[] }> = {
  decision: { party: ['huvudman-decided'], case: ['rsr-decided'] },
  justering: { party: ['justering-recorded', 'huvudman-decided'], case: ['justering-recorded'] },
  anslag: { party: ['anslag-posted', 'huvudman-decided'], case: ['anslag-posted'] },
  appeal: { party: ['appeal-filed'], case: ['appeal-filed'] },
};

/**
 * Marks the entry that recorded the corrected fact (its latest one) as corrected by `seq`, the
 * correction's own entry; returns the corrected entry's seq, if the log has one.
 */
export function markCorrected(log: LogEntry[], c: CorrectionRecorded, seq: number): number | undefined {
  for (const type of FACT_ENTRY_TYPES[c.target][c.party ? 'party' : 'case']) {
    for (let i = log.length - 1; i >= 0; i -= 1) {
      const entry = log[i]!;
      if (entry.type !== type || entry.seq === seq) continue;
      entry.correctedBy = [...(entry.correctedBy ?? []), seq];
      return entry.seq;
    }
  }
  return undefined;
}
