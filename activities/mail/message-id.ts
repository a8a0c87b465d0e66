// The Message-ID of a notification is a pure function of its identity (notificationKey,
// domain/notification-key.ts). A retried activity therefore sends the same Message-ID, and so
// does an administrator's retry of a failed delivery.
//
// Why this matters for "exactly once as the recipient sees it": SMTP cannot make a send atomic. If
// the server accepted the message but the connection dropped before its 250 reached us, or the
// worker died before Temporal recorded the completed activity, Temporal retries and a second copy
// goes out. That copy has the same Message-ID, so the recipient's mail system and client recognise
// it as the same message (many deduplicate it; a thread view shows one). Every other path — a retry
// after a refused connection, a 4xx, a worker crash before the end of DATA — sends the message
// exactly once.
import { createHash } from 'node:crypto';

/** `<hash>@arendeflode.<domain>`: 32 hex characters of sha256(key); also used as an iCalendar UID. */
export function stableUid(key: string, domain: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `${hash}@arendeflode.${domain.toLowerCase()}`;
}

/** `<32 hex chars of sha256(key)@arendeflode.<domain>>` */
export function messageIdFor(key: string, domain: string): string {
  return `<${stableUid(key, domain)}>`;
}
