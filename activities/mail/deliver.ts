// `deps.deliver` for createActivities (activities/index.ts): one notification → one e-mail.
//
// Outcomes, per the contract in domain/notifications.ts:
//   - no address                                → RETURN undeliverable (recorded on the case, shown);
//   - temporary failure: SMTP 4xx (and 503), refused connection, timeout, dropped connection, DNS
//                                               → THROW (retryable): Temporal retries with backoff;
//   - permanent failure: SMTP 5xx, an address the client or server rejects
//                                               → RETURN failed, with the server's reply as detail;
//   - a configuration problem (login refused, TLS mode wrong) also THROWS: it is the operator's to
//     fix, and the deliveries go out once it is fixed, instead of every case recording failures;
//   - otherwise                                 → RETURN sent.
//
// Exactly once as the recipient sees it: the Message-ID is derived from notificationKey (everything
// that makes the message distinct), so every retry sends the same Message-ID and the same content.
// A retry after a refused connection or a 4xx cannot duplicate (nothing was accepted). The one
// ambiguous case — the server has the whole message but its 250 never reached a completed activity
// (the connection dropped, or the worker died between the 250 and Temporal recording the
// completion) — makes Temporal send it again; that copy carries the same Message-ID, which the
// recipient's mail system and client recognise as the same message. A worker crash thus re-sends
// at most the messages it had on the wire, each once (docs/delivery.md).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryOutcome, Notification } from '../../domain/notifications';
import { notificationKey } from '../../domain/notification-key';
import { Email, type PartyRegistry } from '../../domain/parties';
import { messageIdFor } from './message-id';
import { renderNotification } from './templates';
import type { MailSettings, MailTransporter } from './transport';

export interface DeliverOptions {
  transporter: MailTransporter;
  settings: MailSettings;
  /** For short names in subjects ("RSR" rather than "Regionens samverkansråd"). */
  registry?: PartyRegistry;
  now?: () => Date;
  /** Where outcomes are logged outside an activity (tests); inside one, the activity's logger. */
  fallbackLog?: DeliveryLog;
}

export interface DeliveryLog {
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
}

const consoleLog: DeliveryLog = {
  info: (message, attrs) => console.log(message, attrs ?? ''),
  warn: (message, attrs) => console.warn(message, attrs ?? ''),
};

/** What an SMTP error means for the delivery. */
export type SendErrorClass = { kind: 'permanent'; detail: string } | { kind: 'temporary'; detail: string; code: string };

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

/** Classifies an error from nodemailer's SMTP transport. Anything not known to be permanent is temporary. */
export function classifySendError(err: unknown): SendErrorClass {
  const e = (err ?? {}) as SmtpError;
  const code = e.code ?? (e instanceof Error ? e.name : 'ERROR');
  const reply = (e.response ?? e.message ?? String(err)).trim();
  if (CONFIGURATION_CODES.has(code)) return { kind: 'temporary', code, detail: `SMTP-konfigurationen: ${reply}` };
  if (typeof e.responseCode === 'number') {
    // RFC 5321: 5yz is a permanent rejection, 4yz transient. 503 (bad sequence) is a session
    // problem: a new connection may succeed.
    const permanent = e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503;
    return permanent ? { kind: 'permanent', detail: reply } : { kind: 'temporary', code: String(e.responseCode), detail: reply };
  }
  // Refused by the client before any reply: an address or message it will never send.
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { kind: 'permanent', detail: e.message };
  return { kind: 'temporary', code, detail: e.message || String(err) };
}

function logger(fallback: DeliveryLog): DeliveryLog {
  try {
    return Context.current().log;
  } catch {
    return fallback; // not running as an activity
  }
}

export function createDeliver(options: DeliverOptions): (n: Notification) => Promise<DeliveryOutcome> {
  const { transporter, settings, registry } = options;
  const now = options.now ?? (() => new Date());
  const shortName = (id: string) => registry?.get(id)?.shortName;

  return async function deliver(n: Notification, { signal }: { signal?: AbortSignal } = {}): Promise<DeliveryOutcome> {
    const key = notificationKey(n);
    const messageId = messageIdFor(key, settings.domain);
    const at = now();
    const attemptedAt = at.toISOString();
    const log = logger(options.fallbackLog ?? consoleLog);

    const address = n.recipient.email;
    if (!address) {
      log.warn('notification undeliverable: no address', { key });
      return { status: 'undeliverable', messageId, attemptedAt, detail: `ingen e-postadress känd för ${n.recipient.label}` };
    }
    if (!Email.safeParse(address).success) {
      log.warn('notification failed: invalid address', { key });
      return { status: 'failed', messageId, attemptedAt, detail: `ogiltig e-postadress "${address}" för ${n.recipient.label}` };
    }

    const message = renderNotification(n, {
      publicUrl: settings.publicUrl,
      linkSecret: settings.linkSecret,
      domain: settings.domain,
      shortName,
      now: at,
    });
    try {
      const info = await transporter.sendMail({
        // Temporal cancelled or timed out this attempt: nodemailer closes the connection. Before the
        // end of DATA the server discards the message; after it, the server may still deliver it,
        // and the retry's copy carries the same Message-ID.
        ...(signal ? { signal } : {}),
        messageId,
        from: settings.from,
        ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
        to: { name: n.recipient.label, address },
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments,
        headers: {
          // RFC 3834: automatic mail; out-of-office replies should not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Arendeflode-Dnr': n.dnr,
          'X-Arendeflode-Kind': n.kind,
        },
      });
      const rejected = (info.rejected ?? []).map(String);
      if (rejected.length > 0) {
        const detail = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors?.map((e) => e.response ?? e.message).join('; ') ?? `avvisad: ${rejected.join(', ')}`;
        log.warn('notification rejected by the SMTP server', { key, detail });
        return { status: 'failed', messageId, attemptedAt, detail };
      }
      log.info('notification sent', { key, messageId });
      return { status: 'sent', messageId, attemptedAt, ...(info.response ? { detail: String(info.response) } : {}) };
    } catch (err) {
      if (signal?.aborted) {
        // Not a delivery failure: the attempt is over (Temporal retries it, or the workflow
        // cancelled it). Rethrown as the SDK's cancellation, so it is reported as one.
        log.info('notification send aborted: the activity was cancelled or timed out', { key, reason: String(signal.reason) });
        throw signal.reason ?? err;
      }
      const verdict = classifySendError(err);
      if (verdict.kind === 'permanent') {
        log.warn('notification failed permanently', { key, detail: verdict.detail });
        return { status: 'failed', messageId, attemptedAt, detail: verdict.detail };
      }
      log.warn('notification not sent yet (temporary failure, will retry)', { key, code: verdict.code, detail: verdict.detail });
      // The code and the reply as details: the failed attempt's report shows them in words (activities/failed-attempt.ts).
      throw ApplicationFailure.retryable(`tillfälligt fel vid sändning till ${address}: ${verdict.detail}`, `SmtpTemporary:${verdict.code}`, { code: verdict.code, detail: verdict.detail });
    }
  };
}
