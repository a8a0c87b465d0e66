// Statutory rules applied to what happened: facts that are recorded (they happened) but break a
// rule, flagged with the rule. Derived from the recorded facts alone, never kept as state, so a case
// recorded before these flags existed shows them too. Client side: client/cases.ts adds them to a
// case's status (the timeline's words for the same facts are in late-facts.ts, for the workflows).
import { compareDates, type IsoDate } from './dates';
import type { AppealCalendar } from './calendar';
import type { DecisionOutcome } from './events';
import { KL_8_12, isAnslagLate } from './late-facts';

export { decisionTiming, type DecisionTiming } from './late-facts';

export const RULE_FLAG_CODES = ['anslag-late', 'decision-late'] as const;
export type RuleFlagCode = (typeof RULE_FLAG_CODES)[number];

/** One broken rule: what, the rule it breaks, and a sentence a person reads. */
export interface RuleFlag {
  code: RuleFlagCode;
  rule: string;
  text: string;
}

type Posted = { posted: IsoDate; calendar: Pick<AppealCalendar, 'anslagSenast'> };

/**
 * KL 8 kap. 12 §: the justering is announced on the notice board no later than the second day after
 * it (moved by lag 1930:173: the calendar's `anslagSenast`). A later posting still starts the appeal
 * period from the day it was really posted.
 */
export function lateAnslagFlag(anslag: Posted | undefined): RuleFlag | undefined {
  if (!anslag || !isAnslagLate(anslag)) return undefined;
  return {
    code: 'anslag-late',
    rule: KL_8_12,
    text: `Anslaget sattes upp ${anslag.posted}, efter sista dagen ${anslag.calendar.anslagSenast} för att tillkännage justeringen (${KL_8_12}); överklagandetiden räknas ändå från den dag anslaget sattes upp.`,
  };
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
export function caseRuleFlags(status: { anslag?: Posted }): RuleFlag[] {
  return [lateAnslagFlag(status.anslag)].filter((f): f is RuleFlag => f !== undefined);
}

/** The flags of one huvudman's track: its decision after senast, its anslag after KL 8:12's last day. */
export function trackRuleFlags(track: { senast: IsoDate; decisions: readonly { meetingDate: IsoDate; outcome: DecisionOutcome }[]; anslag?: Posted }): RuleFlag[] {
  return [lateDecisionFlag(track.decisions, track.senast), lateAnslagFlag(track.anslag)].filter((f): f is RuleFlag => f !== undefined);
}
