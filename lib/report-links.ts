// In lib/, not client/: the worker signs the links it puts in e-mail, the HTTP server verifies them.
// Signed report links: the e-mail asking a huvudman to decide carries a link with which its
// registrator reports the decision, without an account. The token names the case and the party and
// when it stops working; HMAC-SHA256 with a server secret (ARENDE_LINK_SECRET) makes it unforgeable,
// so the party in a token is the only party its holder can report for.
//
// Token: `<payload>.<signature>`, both base64url; payload = JSON {v, d: dnr, p: party, e: expiresAt}.
// The same inputs always give the same token, so a re-sent e-mail carries the same link.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { addDays, compareDates, stockholmDate } from '../domain/dates';
import { PartyId } from '../domain/parties';
import { Dnr, IsoDate } from '../domain/values';

export interface ReportLinkClaims {
  dnr: Dnr;
  party: PartyId;
  /** Last calendar day (Europe/Stockholm) on which the link works. */
  expiresAt: IsoDate;
}

export type ReportTokenProblem = 'malformed' | 'tampered' | 'expired';

const MESSAGES: Record<ReportTokenProblem, string> = {
  malformed: 'länken är ofullständig eller felaktig; kopiera hela länken från e-postmeddelandet',
  tampered: 'länken är inte giltig (den har ändrats eller hör till en annan installation)',
  expired: 'länken har gått ut; be samordningskansliet om en ny eller registrera beslutet via handläggaren',
};

export class ReportTokenError extends Error {
  constructor(readonly problem: ReportTokenProblem, detail?: string) {
    super(detail ? `${MESSAGES[problem]} (${detail})` : MESSAGES[problem]);
    this.name = 'ReportTokenError';
  }
}

/** How long a report link works: the deadline plus this many days (late decisions are still reported). */
export const REPORT_LINK_GRACE_DAYS = 60;
/** …and at least this many days after the message that carries it was sent (a late reminder, a retry). */
export const REPORT_LINK_MIN_DAYS_AFTER_SENDING = 30;
/** Temporal retries a message for up to a day after the workflow sent it (workflows/deliveries.ts). */
const DELIVERY_RETRY_DAYS = 1;

/**
 * The last day a report link works: `senast` + 60 days, and never sooner than 30 days after the
 * message carrying it goes out (`sentOn`, the day the workflow sent it; the activity may deliver it
 * up to a day later). A message sent long after senast thus never carries an expired link.
 */
export function reportLinkExpiry(senast: IsoDate, sentOn?: IsoDate): IsoDate {
  const byDeadline = addDays(senast, REPORT_LINK_GRACE_DAYS);
  if (sentOn === undefined) return byDeadline;
  const bySending = addDays(sentOn, DELIVERY_RETRY_DAYS + REPORT_LINK_MIN_DAYS_AFTER_SENDING);
  return compareDates(bySending, byDeadline) > 0 ? bySending : byDeadline;
}

const Payload = z.strictObject({ v: z.literal(1), d: Dnr, p: PartyId, e: IsoDate });

const MIN_SECRET_LENGTH = 32;

function checkSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the report-link secret must be at least ${MIN_SECRET_LENGTH} characters (ARENDE_LINK_SECRET)`);
  }
}

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`arendeflode-report-link.${payload}`).digest();
}

export function createReportToken(claims: ReportLinkClaims, secret: string): string {
  checkSecret(secret);
  const payload = Buffer.from(JSON.stringify({ v: 1, d: claims.dnr, p: claims.party, e: claims.expiresAt })).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

/** `${baseUrl}/rapportera/<token>` */
export function createReportLink(claims: ReportLinkClaims, secret: string, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/rapportera/${createReportToken(claims, secret)}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The claims of a genuine, unexpired token; otherwise throws `ReportTokenError` with `problem`
 * malformed (not a token), tampered (signature does not match: changed, or another secret) or
 * expired (`now` is after `expiresAt` in Europe/Stockholm). The signature is checked before the
 * payload is read, in constant time. `secrets`: the current secret first, then earlier ones still
 * honoured while links signed with them are out in mail (ARENDE_LINK_SECRET_PREVIOUS, a rotation).
 */
export function verifyReportToken(token: string, secrets: string | readonly string[], now: Date | number = Date.now()): ReportLinkClaims {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0) throw new RangeError('no report-link secret (ARENDE_LINK_SECRET)');
  keys.forEach(checkSecret);
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((p) => BASE64URL.test(p))) throw new ReportTokenError('malformed');
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const matches = (secret: string) => {
    const expected = sign(payload, secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!keys.some(matches)) throw new ReportTokenError('tampered');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new ReportTokenError('malformed');
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) throw new ReportTokenError('malformed');
  const claims: ReportLinkClaims = { dnr: parsed.data.d, party: parsed.data.p, expiresAt: parsed.data.e };
  const today = stockholmDate(typeof now === 'number' ? now : now.getTime());
  if (compareDates(today, claims.expiresAt) > 0) throw new ReportTokenError('expired', `gällde till och med ${claims.expiresAt}`);
  return claims;
}
