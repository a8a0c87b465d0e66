// The identity of a message, shared by the workflows (which record deliveries by it) and the e-mail
// activity (which derives the Message-ID from it). Free of zod: workflow code imports it.
import type { Notification } from './notifications';

/**
 * The key a workflow gives the notifications it builds from the `distinct-message-keys` patch on
 * (`keyVersion: 2`): each kind names everything that makes one of its messages distinct. A
 * notification without `keyVersion` keeps the key it was built with before (case × recipient ×
 * kind × occurrence), so a retried message of an older case keeps its Message-ID; that key left out
 * the huvudman, so the manager's escalations of one day shared one Message-ID.
 */
export const MESSAGE_KEY_VERSION = 2;

/** The identity of a message. Stable across retries and replays. */
export function notificationKey(n: Notification): string {
  if (n.keyVersion !== MESSAGE_KEY_VERSION) {
    const who = n.recipient.email?.toLowerCase() ?? `part:${n.recipient.party ?? n.recipient.label}`;
    return `${n.dnr}|${who}|${n.kind}|${n.occurrence}`;
  }
  // The recipient: the address, and the party it is reached as (two parties may share a registrator).
  const who = `${n.recipient.email?.toLowerCase() ?? `namn:${n.recipient.label}`}${n.recipient.party ? `#${n.recipient.party}` : ''}`;
  return [`v${MESSAGE_KEY_VERSION}`, n.dnr, who, n.kind, ...distinguishing(n), n.occurrence].join('|');
}

/** Per kind, what else tells two of its messages apart besides case and recipient. */
function distinguishing(n: Notification): string[] {
  switch (n.kind) {
    // Which body's decision the extract is from.
    case 'protokollsutdrag':
      return [`beslut:${n.case.recommendedBy.id}:${n.rsr.meetingDate}:§${n.rsr.paragraf}`];
    case 'protokollsutdrag-huvudman':
      return [`beslut:${n.track.party}:${n.decision.meetingDate}:§${n.decision.paragraf}`];
    // Which huvudman is asked (the manager hears of every huvudman), and which reminder.
    case 'begaran':
      return [`part:${n.track.party}`];
    case 'paminnelse':
      return [`part:${n.track.party}`, `kvar:${n.workingDaysLeft}`];
    case 'forsenad':
      return [`part:${n.track.party}`, `sedan:${n.overdueSince}`];
    // Which huvudman's decision.
    case 'beslut-registrerat':
    case 'laga-kraft':
      return [`part:${n.track.party}`, `beslut:${n.decision.meetingDate}:§${n.decision.paragraf}`];
    // The case's own notice (to the manager, the handläggare) or a track's (to its registrator).
    case 'aterkallelse':
      return [n.recipient.party ? `part:${n.recipient.party}` : 'arende'];
    // Whose protocol was corrected (the manager hears of every huvudman's); the occurrence names the correction.
    case 'rattelse':
      return [n.track ? `part:${n.track.party}` : 'arende'];
    // Whose decision was appealed after laga kraft: a huvudman's, or the case's own (RSR's); the
    // occurrence names the appeal.
    case 'overklagat':
      if (n.track && n.decision) return [`part:${n.track.party}`, `beslut:${n.decision.meetingDate}:§${n.decision.paragraf}`];
      return ['arende', ...(n.rsr ? [`beslut:${n.case.recommendedBy.id}:${n.rsr.meetingDate}:§${n.rsr.paragraf}`] : [])];
    default:
      return n satisfies never;
  }
}
