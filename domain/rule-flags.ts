// Statutory rules applied to what happened: facts that are recorded (they happened) but break a
// rule, flagged with the rule. Derived from the recorded facts alone, never kept as state, so a case
// recorded before these flags existed shows them too. Pure and free of zod: workflow code imports it
// for the timeline's texts; the client side adds the flags to a case's status (client/cases.ts).
import { compareDates, type IsoDate } from './dates';
import type { AppealCalendar } from './calendar';
import type { DecisionOutcome } from './events';

export const RULE_FLAG_CODES = ['anslag-late', 'decision-late'] as const;
export type RuleFlagCode = (typeof RULE_FLAG_CODES)[number];

/** One broken rule: what, the rule it breaks, and a sentence a person reads. */
export interface RuleFlag {
  code: RuleFlagCode;
  rule: string;
  text: string;
}

const KL_8_12 = 'kommunallagen (2017:725) 8 kap. 12 §';

/**
 * KL 8 kap. 12 §: the justering is announced on the notice board no later than the second day after
 * it (moved by lag 1930:173: the calendar's `anslagSenast`). A later posting still starts the appeal
 * period from the day it was really posted.
 */
export function lateAnslagFlag(anslag: { posted: IsoDate; calendar: Pick<AppealCalendar, 'anslagSenast'> } | undefined): RuleFlag | undefined {
  const senast = anslag?.calendar.anslagSenast;
  if (!anslag || !senast || compareDates(anslag.posted, senast) <= 0) return undefined;
  return {
    code: 'anslag-late',
    rule: KL_8_12,
    text: `Anslaget sattes upp ${anslag.posted}, efter sista dagen ${senast} för att tillkännage justeringen (${KL_8_12}); överklagandetiden räknas ändå från den dag anslaget sattes upp.`,
  };
}

/** The timeline's words for a late anslag, appended to its entry (nothing when it was on time). */
export function lateAnslagNote(anslag: { posted: IsoDate; calendar: Pick<AppealCalendar, 'anslagSenast'> }): string | undefined {
  const flag = lateAnslagFlag(anslag);
  return flag ? `uppsatt efter sista dagen ${anslag.calendar.anslagSenast} för tillkännagivandet (${KL_8_12})` : undefined;
}

/**
 * When a huvudman's decision came, judged by its meeting, not by when it was entered: `on-time`
 * (met on or before senast, reported by then), `reported-late` (met in time, reported after senast)
 * or `late` (met after senast).
 */
export type DecisionTiming = 'on-time' | 'reported-late' | 'late';

export function decisionTiming(meetingDate: IsoDate, senast: IsoDate, recordedOn: IsoDate): DecisionTiming {
  if (compareDates(meetingDate, senast) > 0) return 'late';
  return compareDates(recordedOn, senast) > 0 ? 'reported-late' : 'on-time';
}

/** The timeline's words for a decision's timing (nothing when it was on time). */
export function decisionTimingText(timing: DecisionTiming, senast: IsoDate): string | undefined {
  if (timing === 'late') return `beslutat efter sista dagen ${senast}`;
  if (timing === 'reported-late') return `beslutat i tid (sista dag ${senast}), rapporterat efter sista dagen`;
  return undefined;
}

const REDECIDES: readonly DecisionOutcome[] = ['aterremiss', 'bordlaggning'];

/** The huvudman's decision on the recommendation (not one that sends it back or tables it), if it met after senast. */
export function lateDecisionFlag(decisions: readonly { meetingDate: IsoDate; outcome: DecisionOutcome }[], senast: IsoDate): RuleFlag | undefined {
  const decisive = [...decisions].reverse().find((d) => !REDECIDES.includes(d.outcome));
  if (!decisive || compareDates(decisive.meetingDate, senast) <= 0) return undefined;
  return {
    code: 'decision-late',
    rule: 'rekommendationens sista dag för beslut',
    text: `Beslutet fattades ${decisive.meetingDate}, efter sista dagen ${senast} för huvudmännens beslut.`,
  };
}

/** The flags of the recommending body's own protocol (the case). */
export function caseRuleFlags(status: { anslag?: { posted: IsoDate; calendar: Pick<AppealCalendar, 'anslagSenast'> } }): RuleFlag[] {
  return [lateAnslagFlag(status.anslag)].filter((f): f is RuleFlag => f !== undefined);
}

/** The flags of one huvudman's track: its decision after senast, its anslag after KL 8:12's last day. */
export function trackRuleFlags(track: {
  senast: IsoDate;
  decisions: readonly { meetingDate: IsoDate; outcome: DecisionOutcome }[];
  anslag?: { posted: IsoDate; calendar: Pick<AppealCalendar, 'anslagSenast'> };
}): RuleFlag[] {
  return [lateDecisionFlag(track.decisions, track.senast), lateAnslagFlag(track.anslag)].filter((f): f is RuleFlag => f !== undefined);
}
