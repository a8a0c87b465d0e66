// The SMTP transport, configured by environment (MailEnvironment in config/environment.ts). The
// defaults reach the SMTP catcher that `npm start` runs, so the embedded default needs nothing set.
import nodemailer, { type Mail } from 'nodemailer';
import { MailEnvironment, parseMailbox, readEnvironment } from '../../config/environment';

export interface Mailbox {
  name?: string;
  address: string;
}

/** Everything the delivery activity needs to know about mail, resolved once at start-up. */
export interface MailSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  auth?: { user: string; pass: string };
  pool: boolean;
  from: Mailbox;
  replyTo?: Mailbox;
  /** Right-hand side of Message-IDs and calendar UIDs. */
  domain: string;
  publicUrl: string;
  linkSecret: string;
}

/** Reads and checks the mail variables; throws one message naming every bad variable. */
export function mailSettingsFromEnvironment(source: NodeJS.ProcessEnv = process.env): MailSettings {
  const env = readEnvironment(MailEnvironment, source);
  const from = parseMailbox(env.ARENDE_MAIL_FROM)!; // the schema has checked it
  const replyTo = env.ARENDE_MAIL_REPLY_TO ? parseMailbox(env.ARENDE_MAIL_REPLY_TO) : undefined;
  return {
    host: env.ARENDE_SMTP_HOST,
    port: env.ARENDE_SMTP_PORT,
    secure: env.ARENDE_SMTP_SECURE,
    requireTls: env.ARENDE_SMTP_REQUIRE_TLS,
    ...(env.ARENDE_SMTP_USER && env.ARENDE_SMTP_PASSWORD ? { auth: { user: env.ARENDE_SMTP_USER, pass: env.ARENDE_SMTP_PASSWORD } } : {}),
    pool: env.ARENDE_SMTP_POOL,
    from,
    ...(replyTo ? { replyTo } : {}),
    domain: (env.ARENDE_MAIL_DOMAIN ?? from.address.split('@')[1]!).toLowerCase(),
    publicUrl: env.ARENDE_PUBLIC_URL.replace(/\/+$/, ''),
    linkSecret: env.ARENDE_LINK_SECRET,
  };
}

// Shorter than the activity's start-to-close timeout (1 minute, workflows/deliveries.ts), so a
// hanging server ends as a retryable error from us rather than as an activity timeout.
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SMTP or pooled SMTP: both send the same way
export type MailTransporter = Mail<any, any>;

export function createMailTransport(settings: MailSettings): MailTransporter {
  const common = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    ...(settings.auth ? { auth: settings.auth } : {}),
    ...SMTP_TIMEOUTS,
    // The HELO name: the Message-ID domain is ours; the machine's host name may say nothing.
    name: `arendeflode.${settings.domain}`,
  };
  return settings.pool
    ? nodemailer.createTransport({ ...common, pool: true, maxConnections: 5, maxMessages: 100 })
    : nodemailer.createTransport(common);
}

/** What start-up learned about the SMTP server. */
export type TransportCheck = { ok: true } | { ok: false; fatal: boolean; message: string };

// Errors that no retry will fix: the configuration is wrong (credentials, TLS mode).
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

/**
 * Connects (and logs in) once. A wrong configuration (authentication, TLS) is fatal: the message
 * names the variables to fix. An unreachable server is not: mail waits in Temporal's retries until
 * the server is back, so the worker keeps running.
 */
export async function verifyTransport(transporter: MailTransporter, settings: MailSettings): Promise<TransportCheck> {
  const where = `${settings.host}:${settings.port}`;
  try {
    await transporter.verify();
    return { ok: true };
  } catch (err) {
    const e = err as Error & { code?: string; response?: string };
    const detail = e.response ?? e.message;
    if (e.code && CONFIGURATION_CODES.has(e.code)) {
      const variables =
        e.code === 'EAUTH' || e.code === 'ENOAUTH'
          ? 'ARENDE_SMTP_USER and ARENDE_SMTP_PASSWORD'
          : 'ARENDE_SMTP_SECURE (implicit TLS, usually port 465), ARENDE_SMTP_REQUIRE_TLS (STARTTLS) and ARENDE_SMTP_PORT';
      return { ok: false, fatal: true, message: `SMTP server ${where} refused the configuration (${e.code}: ${detail}). Check ${variables}.` };
    }
    return {
      ok: false,
      fatal: false,
      message: `SMTP server ${where} is not reachable now (${e.code ?? 'error'}: ${detail}); e-mail will be retried until it is. If the address is wrong, set ARENDE_SMTP_HOST and ARENDE_SMTP_PORT.`,
    };
  }
}
