// The identity of a message, shared by the workflows (which record deliveries by it) and the e-mail
// activity (which derives the Message-ID from it). Free of zod: workflow code imports it.
import type { Notification } from './notifications';

/** The identity of a message: case × recipient × kind × occurrence. Stable across retries and replays. */
export function notificationKey(n: Pick<Notification, 'dnr' | 'recipient' | 'kind' | 'occurrence'>): string {
  const who = n.recipient.email?.toLowerCase() ?? `part:${n.recipient.party ?? n.recipient.label}`;
  return `${n.dnr}|${who}|${n.kind}|${n.occurrence}`;
}
