// A delivery being retried: what a case shows of a message Temporal has not given up on yet, while
// SMTP fails temporarily (docs/delivery.md, "Medan SMTP är nere"). The workflow learns of a delivery
// only when the activity has returned (sent, failed, undeliverable) or given up; until then each
// failed attempt is reported by the activity itself into the read model (delivery_attempt), and the
// case's status merges the latest one per message. Pure: the row, the words, the next attempt.
import { z } from 'zod';
import { NotificationKind, NotificationRecipient } from './notifications';
import { PartyId } from './parties';
import { Dnr, IsoInstant } from './values';

/** What the API, the case page and the CLI show of one message being retried. */
export const RetryingDelivery = z
  .object({
    key: z.string().min(1).meta({ description: 'Leveransens nyckel (samma som i deliveries när den är klar)' }),
    kind: NotificationKind,
    recipient: NotificationRecipient,
    track: PartyId.optional().meta({ description: 'Huvudmannen vars beslutsspår skickar meddelandet; saknas när det är ärendets eget (t.ex. protokollsutdraget)' }),
    attempt: z.int().min(1).meta({ description: 'Numret på det senaste försöket, som misslyckades (1 = det första)' }),
    failedAt: IsoInstant.meta({ description: 'När det senaste försöket misslyckades' }),
    errorCode: z.string().min(1).meta({ description: 'Felkoden, t.ex. ECONNREFUSED eller 451' }),
    error: z.string().min(1).meta({ description: 'Felet i ord, t.ex. "anslutningen nekades (ECONNREFUSED)"' }),
    detail: z.string().optional().meta({ description: 'Felet som e-postservern eller nätverket angav det' }),
    nextAttemptAt: IsoInstant.optional().meta({ description: 'Ungefär när nästa försök görs; saknas när det inte är känt' }),
    givesUpAt: IsoInstant.optional().meta({ description: 'När försöken ges upp (leveransen registreras då som misslyckad)' }),
  })
  .meta({ id: 'RetryingDelivery', description: 'Ett utskick som ännu inte gått fram: e-postservern svarade med ett tillfälligt fel och utskicket försöker igen' });
export type RetryingDelivery = z.infer<typeof RetryingDelivery>;

/** The read model's row: a RetryingDelivery of one workflow's message, and what clears it. */
export const DeliveryAttemptRow = z.strictObject({
  /** The workflow that records the delivery when it is done (the case for its expediering's messages). */
  workflowId: z.string().min(1),
  key: z.string().min(1),
  dnr: Dnr,
  track: PartyId.optional(),
  kind: NotificationKind,
  recipientLabel: z.string().min(1),
  recipientEmail: z.string().optional(),
  attempt: z.int().min(1),
  failedAt: IsoInstant,
  errorCode: z.string().min(1),
  error: z.string().min(1),
  detail: z.string().optional(),
  nextAttemptAt: IsoInstant.optional(),
  givesUpAt: IsoInstant.optional(),
  /**
   * How many attempts the workflow's record of this message counted when the failure was written
   * (0: no record yet). A projection whose record counts more has the outcome of this very send:
   * the row is cleared then (an administrator's retry of a failed message starts from its count).
   */
  recordAttempts: z.int().min(0),
});
export type DeliveryAttemptRow = z.infer<typeof DeliveryAttemptRow>;

export function retryingDelivery(row: DeliveryAttemptRow): RetryingDelivery {
  return {
    key: row.key,
    kind: row.kind,
    recipient: { label: row.recipientLabel, ...(row.recipientEmail ? { email: row.recipientEmail as never } : {}) },
    ...(row.track ? { track: row.track } : {}),
    attempt: row.attempt,
    failedAt: row.failedAt,
    errorCode: row.errorCode,
    error: row.error,
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.nextAttemptAt ? { nextAttemptAt: row.nextAttemptAt } : {}),
    ...(row.givesUpAt ? { givesUpAt: row.givesUpAt } : {}),
  };
}

/** The workflow that records a delivery: an expediering child's messages are its case's. */
export function recordingWorkflowId(workflowId: string): string {
  return workflowId.endsWith(':_expediering') ? workflowId.slice(0, -':_expediering'.length) : workflowId;
}

// The system's and nodemailer's codes, in words. nodemailer reports a refused connection as
// ESOCKET (a failed name lookup as EDNS) with the system's code in the message ("connect ECONNREFUSED 127.0.0.1:2525"): the more
// specific code wins.
const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'anslutningen nekades',
  ECONNRESET: 'anslutningen bröts',
  EPIPE: 'anslutningen bröts',
  ETIMEDOUT: 'e-postservern svarade inte i tid',
  ESOCKET: 'fel i anslutningen till e-postservern',
  ECONNECTION: 'ingen anslutning till e-postservern',
  EHOSTUNREACH: 'e-postservern går inte att nå',
  ENETUNREACH: 'nätverket går inte att nå',
  ENOTFOUND: 'e-postserverns namn finns inte',
  EAI_AGAIN: 'namnuppslagningen misslyckades tillfälligt',
  EDNS: 'namnuppslagningen misslyckades',
  EAUTH: 'inloggningen till e-postservern nekades',
  ENOAUTH: 'e-postservern kräver inloggning',
  ETLS: 'krypteringen (TLS) till e-postservern misslyckades',
  EREQUIRETLS: 'e-postservern erbjuder inte kryptering (TLS)',
  ECONFIG: 'fel i SMTP-inställningarna',
  EPROTOCOL: 'e-postservern svarade oväntat',
  ABORT_ERR: 'försöket avbröts',
};
/** nodemailer's codes that say only where it failed, not why. */
const GENERIC_CODES = new Set(['ESOCKET', 'ECONNECTION', 'EDNS', 'ERROR', 'Error']);
const SYSTEM_CODE = /\b(E[A-Z]{3,}(?:_[A-Z]+)?)\b/;

/** The code to show: the system's (in the message) when nodemailer's is only ESOCKET, ECONNECTION or EDNS. */
export function specificCode(code: string, detail = ''): string {
  const inDetail = SYSTEM_CODE.exec(detail)?.[1];
  return GENERIC_CODES.has(code) && inDetail && CODE_WORDS[inDetail] ? inDetail : code;
}

/** "anslutningen nekades (ECONNREFUSED)", "e-postservern avvisade tillfälligt (451)"; the code alone when it is unknown. */
export function sendErrorWords(code: string, detail = ''): string {
  const shown = specificCode(code, detail);
  if (/^4\d\d$/.test(shown)) return `e-postservern avvisade tillfälligt (${shown})`;
  if (shown === '503') return 'e-postservern bröt sessionen (503)';
  const words = CODE_WORDS[shown];
  return words ? `${words} (${shown})` : `tillfälligt fel (${shown})`;
}

/** The activity's retry policy as the SDK reports it to an attempt (durations in ms). */
export interface RetryTiming {
  initialIntervalMs?: number;
  backoffCoefficient?: number;
  maximumIntervalMs?: number;
  maximumAttempts?: number;
}

/**
 * When Temporal schedules the attempt after attempt `attempt` failed at `failedAtMs`: the initial
 * interval × coefficient^(attempt − 1), at most the maximum interval; none after the last attempt
 * or past `givesUpAtMs` (schedule-to-close). Approximate: Temporal counts from its own record of the
 * failure, a moment later.
 */
export function nextAttemptAtMs(failedAtMs: number, attempt: number, policy: RetryTiming | undefined, givesUpAtMs?: number): number | undefined {
  if (!policy?.initialIntervalMs) return undefined;
  if (policy.maximumAttempts && attempt >= policy.maximumAttempts) return undefined;
  const coefficient = policy.backoffCoefficient ?? 2;
  const maximum = policy.maximumIntervalMs ?? policy.initialIntervalMs * 100;
  const delay = Math.min(policy.initialIntervalMs * coefficient ** (attempt - 1), maximum);
  const at = failedAtMs + delay;
  return givesUpAtMs !== undefined && at >= givesUpAtMs ? undefined : at;
}

/** The rows a projection settles: its record of the message counts more attempts than the row saw. */
export function settledAttempts(rows: readonly Pick<DeliveryAttemptRow, 'key' | 'recordAttempts'>[], deliveries: readonly { key: string; attempts: number }[]): string[] {
  const counted = new Map<string, number>();
  for (const d of deliveries) counted.set(d.key, Math.max(d.attempts, counted.get(d.key) ?? 0));
  return rows.filter((r) => (counted.get(r.key) ?? 0) > r.recordAttempts).map((r) => r.key);
}
