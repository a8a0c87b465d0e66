// Every environment variable the project reads, validated once with zod. A bad value stops the
// process at start-up with a message naming the variable and the rule.
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const flag = z
  .enum(['1', '0', 'true', 'false', ''], { error: 'must be 1/true or 0/false' })
  .default('')
  .transform((v) => v === '1' || v === 'true');

/** Unset and empty are the same: a variable left empty in a .env file or compose file means "not set". */
const optionalText = (rule: z.ZodType<string> = z.string()) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), rule.optional());

/** `host:port` as Temporal's frontend is reached; also applied to an envconfig profile's `address`. */
export const temporalAddress = z
  .string()
  .trim()
  .regex(/^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(?:[1-9]\d{0,4})$/i, 'must be host:port, e.g. 127.0.0.1:7233 or arendeflode.a1b2c.tmprl.cloud:7233')
  .refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535, 'must be host:port with a port between 1 and 65535');

export const temporalNamespace = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be a Temporal namespace name (lower case, digits, . _ -)');

/** 1/true on, 0/false off, unset: decided by the rest (TLS files or an API key turn it on). */
const tristate = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .enum(['1', '0', 'true', 'false'], { error: 'must be 1/true or 0/false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true')),
);

/**
 * Where the worker, API and CLI find Temporal; the same code runs against the dev server, a cluster
 * or Cloud. The names are those of Temporal's environment configuration (`@temporalio/envconfig`),
 * which config/temporal-connection.ts uses to merge them over a TOML profile; that module also
 * checks the combination (files exist, key with cert, API key with TLS). Address and namespace
 * have no default here: a profile may set them, and the project's defaults apply after it.
 */
export const TemporalEnvironment = z.object({
  TEMPORAL_ADDRESS: optionalText(temporalAddress),
  TEMPORAL_NAMESPACE: optionalText(temporalNamespace),
  /** Temporal Cloud API key (or any server's bearer token); turns TLS on. */
  TEMPORAL_API_KEY: optionalText(),
  TEMPORAL_TLS: tristate,
  /** mTLS: the client certificate (PEM) and its private key; both or neither. */
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText(),
  /** A private CA that signed the server's certificate (default: the system's roots). */
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText(),
  /** The same three as PEM text instead of a file (a secret store's variable); one of path or data each. */
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalText(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalText(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalText(),
  /** The name the server's certificate must carry, when it differs from the address's host. */
  TEMPORAL_TLS_SERVER_NAME: optionalText(),
  /** An envconfig TOML file (`temporal config` writes one) and the profile in it (default: `default`). */
  TEMPORAL_CONFIG_FILE: optionalText(),
  TEMPORAL_PROFILE: optionalText(),
  /** Where envconfig finds its default file (…/temporalio/temporal.toml) when only TEMPORAL_PROFILE is set. */
  XDG_CONFIG_HOME: optionalText(),
  HOME: optionalText(),
  APPDATA: optionalText(),
  ARENDE_TASK_QUEUE: z.string().min(1).default('arendeflode'),
});
export type TemporalEnvironment = z.infer<typeof TemporalEnvironment>;

/**
 * `host:port` a process listens on for Prometheus (`/metrics`): a host name, an IPv4 address or a
 * bracketed IPv6 one (`0.0.0.0:9464`, `[::]:9464`, `127.0.0.1:9464`). Kept apart from the public
 * address, so metrics never go out through a load balancer.
 */
export const listenAddress = z
  .string()
  .trim()
  .regex(/^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(?:\d{1,5})$/i, 'must be host:port, e.g. 127.0.0.1:9464 or 0.0.0.0:9464')
  .refine((v) => {
    const p = Number(v.slice(v.lastIndexOf(':') + 1));
    return p >= 1 && p <= 65535;
  }, 'must be host:port with a port between 1 and 65535');

/** A listen address split for net.Server#listen (IPv6 without its brackets). */
export function splitListenAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}

/**
 * Metrics, for the worker and the HTTP server (docs/operations.md "Metrics and health"): where this
 * process serves Prometheus `/metrics`. Unset or empty: no metrics endpoint. Each process needs its
 * own address (two on one host: two ports).
 */
export const MetricsEnvironment = z.object({
  ARENDE_METRICS_ADDRESS: optionalText(listenAddress),
});
export type MetricsEnvironment = z.infer<typeof MetricsEnvironment>;

/** The API + dashboard server. */
export const HttpEnvironment = z.object({
  ARENDE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  ARENDE_HTTP_PORT: port(8080),
  /** Shown as the Web UI link on pages; the embedded default sets it. */
  ARENDE_TEMPORAL_UI_URL: z.url({ error: 'must be a URL' }).optional(),
  /** API tokens: `administrator=<token>`, `manager=<token>`, `registrator/<party>=<token>`, comma-separated. */
  ARENDE_API_TOKENS: z.string().optional(),
  /**
   * On SIGTERM: seconds the server goes on accepting requests with /readyz answering 503, so a load
   * balancer takes it out before it stops listening; then it finishes the requests in flight and exits.
   */
  ARENDE_HTTP_DRAIN_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be 0 or more seconds')
    .max(300, 'must be at most 300 seconds')
    .default(0),
});
export type HttpEnvironment = z.infer<typeof HttpEnvironment>;

/** One ARENDE_OIDC_ROLE_MAP entry: a role name as in ARENDE_API_TOKENS and the claim value that grants it. */
const RoleMapEntry = z
  .string()
  .regex(/^(administrator|manager|registrator\/[a-z0-9][a-z0-9-]*)=[^\s,]+$/, {
    error: 'each entry must be `administrator=<value>`, `manager=<value>` or `registrator/<party-id>=<value>`, where <value> is an app role value or a group id the provider puts in the role claim',
  });

/** Parses ARENDE_OIDC_ROLE_MAP: entries separated by commas or whitespace, in order. */
export function parseRoleMap(value: string): { roleName: string; value: string }[] {
  return value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry, index) => {
      const parsed = RoleMapEntry.safeParse(entry);
      if (!parsed.success) throw new Error(`entry ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const separator = entry.indexOf('=');
      return { roleName: entry.slice(0, separator), value: entry.slice(separator + 1) };
    });
}

/**
 * Personal sign-in to the web pages with the organisation's account (OpenID Connect, authorization
 * code + PKCE; client/web/oidc.ts). All of issuer, client id, secret and role map, or none of them
 * (then only API tokens sign in). The redirect URI is ARENDE_PUBLIC_URL + /logga-in/oidc/svar.
 */
export const OidcEnvironment = z
  .object({
    /** The provider's issuer (discovery at <issuer>/.well-known/openid-configuration), e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
    ARENDE_OIDC_ISSUER: optionalText(z.url({ protocol: /^https?$/, error: 'must be the issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0' })),
    ARENDE_OIDC_CLIENT_ID: optionalText(),
    ARENDE_OIDC_CLIENT_SECRET: optionalText(),
    /** The ID token claim that names the person's roles: `roles` (Entra app roles; the default) or `groups` (group ids). */
    ARENDE_OIDC_ROLE_CLAIM: optionalText(z.string().regex(/^[A-Za-z_][\w.:-]*$/, 'must be a claim name, e.g. roles or groups')),
    /** `administrator=<value>,manager=<value>,registrator/<party>=<value>`: which claim value grants which role. */
    ARENDE_OIDC_ROLE_MAP: optionalText(),
    ARENDE_PUBLIC_URL: optionalText(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://arenden.regionjh.se' })),
  })
  .superRefine((env, ctx) => {
    const required = ['ARENDE_OIDC_ISSUER', 'ARENDE_OIDC_CLIENT_ID', 'ARENDE_OIDC_CLIENT_SECRET', 'ARENDE_OIDC_ROLE_MAP'] as const;
    const set = required.filter((name) => env[name] !== undefined);
    if (set.length === 0) return;
    for (const name of required) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${set[0]} is set (personal sign-in needs issuer, client id, client secret and role map)` });
    }
    if (!env.ARENDE_PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['ARENDE_PUBLIC_URL'], message: 'is required with personal sign-in (ARENDE_OIDC_ISSUER): the redirect URI is ARENDE_PUBLIC_URL + /logga-in/oidc/svar' });
    const issuer = URL.canParse(env.ARENDE_OIDC_ISSUER ?? '') ? new URL(env.ARENDE_OIDC_ISSUER!) : undefined;
    if (issuer && issuer.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['ARENDE_OIDC_ISSUER'], message: 'must be https (http only for a provider on this machine, 127.0.0.1 or localhost)' });
    }
    if (env.ARENDE_OIDC_ROLE_MAP !== undefined) {
      try {
        if (parseRoleMap(env.ARENDE_OIDC_ROLE_MAP).length === 0) ctx.addIssue({ code: 'custom', path: ['ARENDE_OIDC_ROLE_MAP'], message: 'must map at least one role' });
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['ARENDE_OIDC_ROLE_MAP'], message: (err as Error).message });
      }
    }
  });
export type OidcEnvironment = z.infer<typeof OidcEnvironment>;

/** What client/web/oidc.ts needs, or undefined when personal sign-in is not configured. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string;
  roleMap: { roleName: string; value: string }[];
  /** ARENDE_PUBLIC_URL: the redirect URI is built from it. */
  publicUrl: string;
}

export function oidcSettings(env: OidcEnvironment): OidcSettings | undefined {
  if (!env.ARENDE_OIDC_ISSUER || !env.ARENDE_OIDC_CLIENT_ID || !env.ARENDE_OIDC_CLIENT_SECRET || !env.ARENDE_OIDC_ROLE_MAP || !env.ARENDE_PUBLIC_URL) return undefined;
  return {
    issuer: env.ARENDE_OIDC_ISSUER,
    clientId: env.ARENDE_OIDC_CLIENT_ID,
    clientSecret: env.ARENDE_OIDC_CLIENT_SECRET,
    roleClaim: env.ARENDE_OIDC_ROLE_CLAIM ?? 'roles',
    roleMap: parseRoleMap(env.ARENDE_OIDC_ROLE_MAP),
    publicUrl: env.ARENDE_PUBLIC_URL,
  };
}

/**
 * How the HTTP server and the CLI route a huvudman's event to its decision track (client/cases.ts
 * `recordEvent`): how long an event waits for a track the case is still starting before it is
 * answered "try again later" (API 503, CLI exit 1).
 */
export const RoutingEnvironment = z.object({
  ARENDE_TRACK_START_WAIT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number')
    .min(1, 'must be at least 1 second')
    .max(3600, 'must be at most 3600 seconds')
    .default(300),
  /**
   * How long a worker has to accept an update or answer a query before the request is answered
   * "ingen worker svarar" (API 503; client/temporal/worker-answer.ts). The API promises an answer
   * within 5 s with the worker down, so keep it below that.
   */
  ARENDE_WORKER_ANSWER_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0.5, 'must be at least 0.5 seconds')
    .max(60, 'must be at most 60 seconds')
    .default(3),
});
export type RoutingEnvironment = z.infer<typeof RoutingEnvironment>;

/** The routing options of client/cases.ts from the environment. */
export function routingOptions(env: RoutingEnvironment): { trackStartWaitMs: number; workerAnswerMs: number } {
  return { trackStartWaitMs: env.ARENDE_TRACK_START_WAIT_SECONDS * 1000, workerAnswerMs: env.ARENDE_WORKER_ANSWER_SECONDS * 1000 };
}

/** The worker process. */
export const WorkerEnvironment = z.object({
  /** Workflows kept in memory between their tasks; default from the heap limit (worker/workflow-cache.ts). */
  ARENDE_WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .refine((n) => n === 0 || n >= 2, 'must be 0 (no cache) or at least 2')
    .optional(),
  /**
   * Activities (each one e-mail) a worker runs at once: what one crash of it can re-send (docs/delivery.md).
   * The SDK's default is 100.
   */
  ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(10),
  /** A prebuilt workflow bundle (`npm run build`) to run instead of the default (worker/workflow-source.ts). */
  ARENDE_WORKFLOW_BUNDLE: z.string().trim().min(1).optional(),
});
export type WorkerEnvironment = z.infer<typeof WorkerEnvironment>;

/**
 * Where the read model is (readmodel/open.ts), for the worker (which projects into it), the HTTP
 * servers and the CLI (which read it): PostgreSQL in production, else the embedded SQLite file.
 */
export const ReadModelEnvironment = z.object({
  /** PostgreSQL, e.g. postgres://arende:…@db.regionjh.se/arendeflode_lasmodell. */
  ARENDE_READ_MODEL_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL, e.g. postgres://arende@127.0.0.1:5432/arendeflode' }).optional(),
  /** The embedded store's file, when no URL is set (`npm start` puts it in its data folder). */
  ARENDE_READ_MODEL_FILE: z.string().trim().min(1).default('data/readmodel.sqlite'),
});
export type ReadModelEnvironment = z.infer<typeof ReadModelEnvironment>;

export function readModelStore(env: ReadModelEnvironment): { kind: 'postgres'; url: string } | { kind: 'embedded'; file: string } {
  return env.ARENDE_READ_MODEL_URL ? { kind: 'postgres', url: env.ARENDE_READ_MODEL_URL } : { kind: 'embedded', file: env.ARENDE_READ_MODEL_FILE };
}

/** The embedded default started by `npm start`: dev server, SMTP catcher, data folder. */
export const StackEnvironment = z.object({
  ARENDE_DATA_DIR: z.string().min(1).default('data'),
  ARENDE_TEMPORAL_PORT: port(7233),
  ARENDE_TEMPORAL_UI_PORT: port(8233),
  ARENDE_SMTP_PORT: port(2525),
  /** How long Temporal keeps a closed case; the dev server's default (24 h) would lose finished cases. */
  ARENDE_RETENTION_DAYS: z.coerce.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').default(3650),
  ARENDE_VERBOSE: flag,
});
export type StackEnvironment = z.infer<typeof StackEnvironment>;


/**
 * Logging, for every process (lib/logger.ts). The format: `json` (one JSON object a line, for a log
 * collector) or `pretty` (one readable line each, for a terminal). Without ARENDE_LOG_FORMAT: JSON
 * when NODE_ENV=production or the output is not a terminal, else pretty; `npm start` sets pretty for
 * its children (their logs go to files a person reads).
 */
export const LogEnvironment = z.object({
  ARENDE_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], { error: 'must be one of trace, debug, info, warn, error, fatal, silent' })
    .default('info'),
  ARENDE_LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  NODE_ENV: z.string().optional(),
});
export type LogEnvironment = z.infer<typeof LogEnvironment>;

/** The `arende` CLI's own switches (client/cli): ARENDE_DEBUG=1 is `--debug` (debug log lines on stderr). */
export const CliEnvironment = z.object({ ARENDE_DEBUG: flag });
export type CliEnvironment = z.infer<typeof CliEnvironment>;

/** "Namn <adress>" or a bare address, as in a From or Reply-To header. */
const MAILBOX = /^\s*(?:(?<name>[^<>]*?)\s*<(?<angle>[^<>\s]+)>|(?<bare>[^<>\s]+))\s*$/;

export function parseMailbox(text: string): { name?: string; address: string } | undefined {
  const match = MAILBOX.exec(text);
  const address = match?.groups?.angle ?? match?.groups?.bare;
  if (!address || !z.email().safeParse(address).success) return undefined;
  const name = match?.groups?.name?.trim().replace(/^"(.*)"$/, '$1');
  return name ? { name, address } : { address };
}

const mailbox = z
  .string()
  .refine((v) => parseMailbox(v) !== undefined, 'must be an e-mail address, optionally with a name: "Ärendeflöde <arendeflode@example.org>"');

/**
 * Outgoing e-mail (the worker's delivery activity). The defaults reach the SMTP catcher that
 * `npm start` runs (same ARENDE_SMTP_PORT), so the embedded default needs no configuration.
 */
export const MailEnvironment = z
  .object({
    ARENDE_SMTP_HOST: z.string().min(1, 'must be a host name or address').default('127.0.0.1'),
    ARENDE_SMTP_PORT: port(2525),
    /** Implicit TLS from the first byte (usually port 465). Without it STARTTLS is used when the server offers it. */
    ARENDE_SMTP_SECURE: flag,
    /** Refuse to send unless the server upgrades the connection with STARTTLS. */
    ARENDE_SMTP_REQUIRE_TLS: flag,
    ARENDE_SMTP_USER: z.string().min(1).optional(),
    ARENDE_SMTP_PASSWORD: z.string().min(1).optional(),
    /** Keep a few SMTP connections open and reuse them (large dispatches). */
    ARENDE_SMTP_POOL: flag,
    ARENDE_MAIL_FROM: mailbox.default('Ärendeflöde <arendeflode@regionjh.example>'),
    ARENDE_MAIL_REPLY_TO: mailbox.optional(),
    /** Right-hand side of Message-IDs; default: the From address's domain. */
    ARENDE_MAIL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i, 'must be a domain name, e.g. regionjh.se')
      .optional(),
    /** Base of the links in e-mail (report form, dashboard), as recipients reach the HTTP server. */
    ARENDE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://arenden.regionjh.se' }).default('http://127.0.0.1:8080'),
    /** Signs the report links sent to registrators; the worker and the HTTP server must share it. */
    ARENDE_LINK_SECRET: z
      .string({ error: 'is required: a random secret of at least 32 characters (e.g. `openssl rand -base64 32`), the same for the worker and the HTTP server' })
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)'),
  })
  .superRefine((env, ctx) => {
    if (env.ARENDE_SMTP_USER && !env.ARENDE_SMTP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ARENDE_SMTP_PASSWORD'], message: 'is required when ARENDE_SMTP_USER is set' });
    }
    if (env.ARENDE_SMTP_PASSWORD && !env.ARENDE_SMTP_USER) {
      ctx.addIssue({ code: 'custom', path: ['ARENDE_SMTP_USER'], message: 'is required when ARENDE_SMTP_PASSWORD is set' });
    }
    if (env.ARENDE_SMTP_SECURE && env.ARENDE_SMTP_REQUIRE_TLS) {
      ctx.addIssue({ code: 'custom', path: ['ARENDE_SMTP_REQUIRE_TLS'], message: 'is for STARTTLS; with ARENDE_SMTP_SECURE=1 the connection is already TLS, set only one of them' });
    }
  });
export type MailEnvironment = z.infer<typeof MailEnvironment>;

// PEM text (TEMPORAL_TLS_*_DATA) too: a private key, and no use in a one-line message anyway.
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|_DATA$/;

/** One bad variable, as readEnvironment and config/temporal-connection.ts report it. */
export interface EnvironmentIssue {
  name: string;
  message: string;
  /** What to show instead of the variable's value (e.g. the profile a value came from). */
  shown?: string;
}

/** The error a bad configuration stops a process with: one line per variable, secrets hidden. */
export function environmentError(issues: EnvironmentIssue[], source: NodeJS.ProcessEnv = process.env): Error {
  const lines = issues.map(({ name, message, shown }) => {
    // A password or secret is never echoed into a log.
    const value = shown ?? (SECRET_NAME.test(name) && source[name] ? '(hidden)' : JSON.stringify(source[name] ?? ''));
    return `  ${name}=${value}: ${message}`;
  });
  return new Error(`Invalid environment:\n${lines.join('\n')}`);
}

/** Parses `source` (default process.env) with `schema`; throws one readable error listing every bad variable. */
export function readEnvironment<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw environmentError(
    parsed.error.issues.map((issue) => ({ name: String(issue.path[0] ?? '?'), message: issue.message })),
    source,
  );
}
