// The Swedish words a person reads for the case's states and outcomes: the overview's cells, the
// ärendebalanslista, the CLI's tables, the timeline, the mail. Never colour alone; never a raw id.
// Pure and free of zod (workflow code writes the timeline with them).
// Type-only imports: the zod modules they name are not loaded.
import type { BeredningOutcome } from './case';
import type { CaseStage } from './case-rules';
import type { DecisionOutcome, HumanEventType } from './events';
import type { DeliveryStatus, NotificationKind } from './notifications';
import type { ReminderPlan, TrackDetail, TrackStateName, TrackTimer } from './track-rules';

export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  bifall: 'bifall',
  avslag: 'avslag',
  'delvis-bifall': 'delvis bifall',
  aterremiss: 'återremiss',
  bordlaggning: 'bordläggning',
};

/** What a beredning body did with the matter (the timeline, the case page, the form's choices). */
export const BEREDNING_OUTCOME_LABELS: Record<BeredningOutcome, string> = {
  forslag: 'lämnat förslag',
  tillstyrkt: 'tillstyrkt',
  avstyrkt: 'avstyrkt',
  aterremiss: 'återremitterat',
  bordlagd: 'bordlagt',
  information: 'för kännedom',
};

/** The case's stage as the overview, the case page and `arende case show` say it. */
export const CASE_STAGE_WORDS: Record<CaseStage, string> = {
  registered: 'registrerat',
  beredning: 'under beredning',
  'rsr-scheduled': 'inför sammanträdet',
  'rsr-decided': 'beslutat, ej justerat',
  justerat: 'justerat',
  anslag: 'anslaget',
  completed: 'avslutat',
  withdrawn: 'återkallat',
};

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  protokollsutdrag: 'protokollsutdrag',
  'protokollsutdrag-huvudman': 'protokollsutdrag',
  begaran: 'begäran om beslut',
  paminnelse: 'påminnelse',
  forsenad: 'försenat beslut',
  'beslut-registrerat': 'beslut registrerat',
  'laga-kraft': 'laga kraft',
  aterkallelse: 'återkallelse',
  rattelse: 'rättelse',
  overklagat: 'överklagat efter laga kraft',
};

export const DELIVERY_STATUS_WORDS: Record<DeliveryStatus, string> = {
  sent: 'skickat',
  failed: 'misslyckades',
  undeliverable: 'kan inte levereras',
};

export const REMINDER_STATUS_WORDS: Record<ReminderPlan['status'], string> = {
  sent: 'skickad',
  planned: 'planerad',
  skipped: 'hoppades över',
  'not-needed': 'behövdes inte',
};

/** What each human event is, as the CLI's import summary and refusals name it. */
export const EVENT_TYPE_WORDS: Record<HumanEventType | 'close-track' | 'retry-delivery', string> = {
  'beredning-recorded': 'beredning',
  'rsr-decided': 'rekommendationsbeslut',
  'justering-recorded': 'justering',
  'anslag-posted': 'anslag',
  'huvudman-decided': 'huvudmans beslut',
  'appeal-filed': 'överklagande',
  withdrawn: 'återkallelse',
  'correction-recorded': 'rättelse',
  'close-track': 'stängning av beslutsspår',
  'retry-delivery': 'nytt försök med utskick',
};

/** An event type's word; a type this code does not know as it is. */
export function eventTypeWord(type: string): string {
  return Object.hasOwn(EVENT_TYPE_WORDS, type) ? EVENT_TYPE_WORDS[type as keyof typeof EVENT_TYPE_WORDS] : type;
}

/** A refusal ("huvudman-decided: Krokom har redan beslutat …") with its event named in words ("huvudmans beslut avvisades: …"). */
export function refusalInWords(message: string): string {
  const m = /^([a-z]+(?:-[a-z]+)*): /.exec(message);
  if (!m || !Object.hasOwn(EVENT_TYPE_WORDS, m[1]!)) return message;
  return `${EVENT_TYPE_WORDS[m[1] as keyof typeof EVENT_TYPE_WORDS]} avvisades: ${message.slice(m[0].length)}`;
}

/** "1 ärende", "3 ärenden": a count with the word in its number. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 huvudman", "9 huvudmän". */
/** A body's name in the genitive: "RSR:s", "Regionens samverkansråds", "Krokoms kommuns". */
export function genitive(name: string): string {
  if (/^[A-ZÅÄÖ0-9-]+$/.test(name)) return `${name}:s`;
  return /[sxz]$/.test(name) ? name : `${name}s`;
}

export function huvudmanCount(n: number): string {
  return counted(n, 'huvudman', 'huvudmän');
}

export const TRACK_TIMER_LABELS: Record<TrackTimer['what'], string> = {
  reminder: 'påminnelse',
  overdue: 'sista dagen passeras',
  'laga-kraft': 'laga kraft',
};

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

/**
 * The word for a track as visibility lists it (ArendeStage, ArendeDetalj): the detailed state when
 * the track records it (tracks from the `track-detail-attribute` patch on), else the state; a value
 * this code does not know is shown as it is.
 */
export function trackStateWord(state: string, detail?: string): string {
  if (detail !== undefined && Object.hasOwn(TRACK_DETAIL_WORDS, detail)) return TRACK_DETAIL_WORDS[detail as TrackDetail];
  return Object.hasOwn(TRACK_STATE_WORDS, state) ? TRACK_STATE_WORDS[state as TrackStateName] : state;
}

/** A receipt's stage (a case stage or a track state) in words; an unknown value as it is. */
export function stageWord(stage: string): string {
  if (Object.hasOwn(CASE_STAGE_WORDS, stage)) return CASE_STAGE_WORDS[stage as CaseStage];
  return trackStateWord(stage);
}
