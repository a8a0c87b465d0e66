// The timeline's words for a late fact: an anslag after KL 8:12's last day, a decision whose meeting
// was after senast. Zod-free, for the workflows; a status's flags are in rule-flags.ts.
import { compareDates, type IsoDate } from './dates';

export const KL_8_12 = 'kommunallagen (2017:725) 8 kap. 12 §';

/** Posted after the calendar's `anslagSenast`. */
export function isAnslagLate(anslag: { posted: IsoDate; calendar: { anslagSenast?: IsoDate | undefined } }): boolean {
  const senast = anslag.calendar.anslagSenast;
  return senast !== undefined && compareDates(anslag.posted, senast) > 0;
}

export function lateAnslagNote(anslag: { posted: IsoDate; calendar: { anslagSenast?: IsoDate | undefined } }): string | undefined {
  return isAnslagLate(anslag) ? `uppsatt efter sista dagen ${anslag.calendar.anslagSenast} för tillkännagivandet (${KL_8_12})` : undefined;
}

/** `on-time`; `reported-late`: met on or before senast, entered after it; `late`: met after senast. */
export type DecisionTiming = 'on-time' | 'reported-late' | 'late';

export function decisionTiming(meetingDate: IsoDate, senast: IsoDate, recordedOn: IsoDate): DecisionTiming {
  if (compareDates(meetingDate, senast) > 0) return 'late';
  return compareDates(recordedOn, senast) > 0 ? 'reported-late' : 'on-time';
}

export function decisionTimingText(timing: DecisionTiming, senast: IsoDate): string | undefined {
  if (timing === 'late') return `beslutat efter sista dagen ${senast}`;
  if (timing === 'reported-late') return `beslutat i tid (sista dag ${senast}), rapporterat efter sista dagen`;
  return undefined;
}
