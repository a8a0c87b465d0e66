// Patch ids shared by the workflows (docs/versioning.md lists every patch and when it can go).

/**
 * Cases from this patch on: search attributes upserted once per workflow task, only the values that
 * changed; each track's first values set when the case starts it; async update handlers serialised
 * by a mutex. Their tracks do the same, and know it from those first values (no marker of their
 * own). Older executions replay their own commands unchanged.
 */
export const LEAN_WORKFLOWS_PATCH = 'lean-workflows';

/**
 * Notifications built from this patch on carry `keyVersion: 2`: their key (and so their Message-ID)
 * names everything that makes the message distinct (domain/notification-key.ts). Cases started
 * with this code know it from their input (`messageKeys`), and pass it on to their tracks, without
 * a marker; older executions take it from the point they reach a new message, and the messages
 * they built before keep their keys.
 */
export const DISTINCT_MESSAGE_KEYS_PATCH = 'distinct-message-keys';

/** A huvudman's decision with its own "Expedieras till" is dispatched when its protocol is justerat. */
export const HUVUDMAN_EXPEDIERING_PATCH = 'huvudman-expediering';

/**
 * A timely appeal of the case's own (RSR's) decision recorded after its laga kraft (a case that
 * has completed, started again for it) tells the samordningskansli and the handläggare
 * (`overklagat`), as an appeal of a huvudman's decision after laga kraft does. Older histories of
 * such an appeal sent nothing.
 */
export const RSR_LATE_APPEAL_NOTICE_PATCH = 'rsr-late-appeal-notice';

/**
 * The workflow projects its rows into the read model (workflows/read-model-sync.ts) with a local
 * activity. Executions started with `readModel: 1` do from the start, without this marker; older
 * ones from their first change on this code.
 */
export const READ_MODEL_PATCH = 'read-model';

/**
 * An update that sends e-mail (a decision's confirmation, its protocol's dispatch, a rättelse, an
 * appeal notice) answers once the event is recorded; the messages go on after the reply
 * (workflows/mail-after-reply.ts). Before, the reply waited for the mail, so with the SMTP server
 * down a decision registered over the API or the CLI hung for as long as the delivery retried (up to
 * a day). Executions started with `mailAfterReply: 1` do so from the start, without this marker.
 */
export const MAIL_AFTER_REPLY_PATCH = 'mail-after-reply';
