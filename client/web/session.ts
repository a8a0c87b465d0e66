// Signing in to the web pages, with an API token (the roles of ARENDE_API_TOKENS, checked by the
// API's AccessControl) or with the organisation's account (OIDC: oidc.ts), and the session cookie
// that remembers it.
//
// The cookie `arende_session` holds {s, k, exp} as base64url JSON, signed with HMAC-SHA256 by
// @fastify/cookie (a changed byte fails the signature): s is the session's random id, k a
// fingerprint of the token signed in with (AccessControl.sessionKeyFor; never the token) or, for a
// person, a random value the store keeps with the session, exp is 8 hours after sign-in. On every
// request the signature, exp, s and k are checked against the store. A token session's principal
// (role, party, name) is looked up afresh from k: a token removed from or changed in
// ARENDE_API_TOKENS ends its sessions at once. A person's session holds the principal their
// claims mapped to at sign-in, valid while that role is still in ARENDE_OIDC_ROLE_MAP. HttpOnly
// (no script reads it), SameSite=Strict (no other site's page sends it), Path=/, Secure when the
// request came over https or ARENDE_PUBLIC_URL is https.
//
// Signing out ends the session on the server, not only in the browser: a session is valid only
// while its id is in the SessionStore, and POST /logga-ut removes it, so a cookie saved before
// signing out opens nothing afterwards. We chose an allow-list over a list of revoked ids: a
// revoked list lost would let a saved cookie back in, while an allow-list lost ends every session
// (people sign in again), so no cookie outlives the store that vouches for it. The store is the
// read model's `web_session` table (ReadModelSessionStore), so every HTTP server on one read model
// (the cluster profile runs two behind one address) honours a session another opened and a
// sign-out on any of them; bounded (MAX_SESSIONS, the oldest session ends first), each entry ends
// with its cookie (8 hours). A server without a read model keeps them in memory (MemorySessionStore).
//
// The signing secret (`sessionSecret`): ARENDE_SESSION_SECRET when set (at least 32 characters);
// otherwise derived from ARENDE_LINK_SECRET with HKDF-SHA256 and the fixed label
// "arendeflode/session-cookie/v1", so a deployment needs no second secret and the two keys differ;
// with neither, a random secret per process.
import { hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AccessControl, Principal, bearerToken } from '../api/access';
import type { ReadModel } from '../../readmodel/open';
import { html } from './html';
import { csrfField, messagePage, page } from './layout';

export const SESSION_COOKIE = 'arende_session';
export const SESSION_HOURS = 8;
export const SESSION_SECRET_LABEL = 'arendeflode/session-cookie/v1';

declare module 'fastify' {
  interface FastifyRequest {
    /** How `principal` was established on a web page: the session cookie or an Authorization header. */
    webAuth?: 'session' | 'bearer';
  }
}

/** The key @fastify/cookie signs the session cookie (and the CSRF secret cookie) with. */
export function sessionSecret(options: { sessionSecret?: string; linkSecret?: string }): string {
  if (options.sessionSecret) {
    if (options.sessionSecret.length < 32) throw new RangeError('ARENDE_SESSION_SECRET must be at least 32 characters');
    return options.sessionSecret;
  }
  if (options.linkSecret) return Buffer.from(hkdfSync('sha256', options.linkSecret, '', SESSION_SECRET_LABEL, 32)).toString('base64url');
  return randomBytes(32).toString('base64url');
}

/** Open sessions at most; beyond it the oldest ends (a bound on the store). */
export const MAX_SESSIONS = 10_000;

/**
 * What a session stands for. A token session: the token's session key (its principal is looked up
 * afresh from it on every request). A person's session (OIDC, oidc.ts): the principal the
 * provider's claims gave at sign-in, and a random key the cookie must also carry.
 */
export type SessionHolder = { key: string; person?: Principal };

/** The open sessions: id → holder and when the session ends. Several HTTP servers share one (ReadModelSessionStore). */
export interface SessionStore {
  /** A new session; its id goes in the cookie. */
  open(holder: SessionHolder, now?: number): Promise<{ id: string; exp: number }>;
  /** The holder of an open session, or undefined when it was closed, has ended or is unknown. */
  find(id: string, now?: number): Promise<SessionHolder | undefined>;
  close(id: string): Promise<void>;
}

const newSessionId = () => randomBytes(18).toString('base64url');
const expiryFrom = (now: number) => now + SESSION_HOURS * 3_600_000;

/** The sessions of one process (unit tests; a server without a read model). */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionHolder & { exp: number }>();
  constructor(private readonly max = MAX_SESSIONS) {}

  async open(holder: SessionHolder, now = Date.now()): Promise<{ id: string; exp: number }> {
    // Every session lasts as long, so insertion order is expiry order: the oldest are in front.
    for (const [id, session] of this.sessions) {
      if (session.exp > now && this.sessions.size < this.max) break;
      this.sessions.delete(id);
    }
    const id = newSessionId();
    const exp = expiryFrom(now);
    this.sessions.set(id, { ...holder, exp });
    return { id, exp };
  }

  async find(id: string, now = Date.now()): Promise<SessionHolder | undefined> {
    const session = this.sessions.get(id);
    return session && session.exp > now ? { key: session.key, ...(session.person ? { person: session.person } : {}) } : undefined;
  }

  async close(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}

/**
 * The sessions in the read model's `web_session` table (SQLite or PostgreSQL): every HTTP server on
 * the same read model sees a session another opened, and a sign-out on one ends it on all. One
 * indexed lookup per request.
 */
export class ReadModelSessionStore implements SessionStore {
  constructor(
    private readonly db: ReadModel,
    private readonly max = MAX_SESSIONS,
  ) {}

  async open(holder: SessionHolder, now = Date.now()): Promise<{ id: string; exp: number }> {
    await this.db.deleteFrom('web_session').where('expiresAt', '<=', now).execute();
    const { count } = await this.db.selectFrom('web_session').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const over = Number(count) - this.max + 1;
    if (over > 0) {
      const oldest = this.db.selectFrom('web_session').select('id').orderBy('openedAt').orderBy('id').limit(over);
      await this.db.deleteFrom('web_session').where('id', 'in', oldest).execute();
    }
    const id = newSessionId();
    const exp = expiryFrom(now);
    const person = holder.person;
    await this.db
      .insertInto('web_session')
      .values({ id, key: holder.key, role: person?.role ?? null, party: person?.party ?? null, name: person?.name ?? null, openedAt: now, expiresAt: exp })
      .execute();
    return { id, exp };
  }

  async find(id: string, now = Date.now()): Promise<SessionHolder | undefined> {
    const row = await this.db.selectFrom('web_session').selectAll().where('id', '=', id).where('expiresAt', '>', now).executeTakeFirst();
    if (!row) return undefined;
    if (row.role === null || row.name === null) return { key: row.key };
    const person = Principal.safeParse({ role: row.role, party: row.party ?? undefined, name: row.name });
    return person.success ? { key: row.key, person: person.data } : undefined;
  }

  async close(id: string): Promise<void> {
    await this.db.deleteFrom('web_session').where('id', '=', id).execute();
  }
}

const SessionPayload = z.object({ s: z.string().regex(/^[\w-]{16,64}$/), k: z.string().regex(/^[\w-]{16,64}$/), exp: z.number().int() });
export type SessionPayload = z.infer<typeof SessionPayload>;

/** The cookie value before signing, for an opened session. */
export function encodeSession(session: { id: string; exp: number }, sessionKey: string): string {
  const payload: SessionPayload = { s: session.id, k: sessionKey, exp: session.exp };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The session id and key of an unsigned cookie value, or undefined when it is malformed or expired. */
export function decodeSession(value: string, now = Date.now()): { id: string; key: string } | undefined {
  try {
    const parsed = SessionPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.exp > now ? { id: parsed.data.s, key: parsed.data.k } : undefined;
  } catch {
    return undefined;
  }
}

/** What session.ts needs of personal sign-in (oidc.ts), when it is configured. */
export interface PersonalSignIn {
  /** Whether a role name is still in ARENDE_OIDC_ROLE_MAP: a role taken out of it ends its people's sessions. */
  stillMapped(roleName: string): boolean;
  /** The provider's end-session (sign-out) address, when it has one. */
  endSessionUrl(): Promise<URL | undefined>;
}

export interface SessionOptions {
  access: AccessControl;
  sessions: SessionStore;
  /** ARENDE_PUBLIC_URL: https there makes the cookie Secure even behind a TLS-terminating proxy. */
  publicUrl?: string;
  /** Personal sign-in (OIDC), when configured: the sign-in page offers it. */
  personal?: PersonalSignIn;
  now?: () => number;
}

/** Only paths on this site: `/x?y`, never `//host` or `https://…`. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/logga-') ? next : '/';
}

export function secure(req: FastifyRequest, options: Pick<SessionOptions, 'publicUrl'>): boolean {
  return req.protocol === 'https' || (options.publicUrl ?? '').startsWith('https:');
}

/** The open session a request's cookie names, if any, with its holder. */
async function sessionOf(req: FastifyRequest, options: SessionOptions): Promise<{ id: string; holder: SessionHolder } | undefined> {
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const unsigned = req.unsignCookie(cookie);
  const session = unsigned.valid && unsigned.value ? decodeSession(unsigned.value, options.now?.()) : undefined;
  if (!session) return undefined;
  const holder = await options.sessions.find(session.id, options.now?.());
  return holder && holder.key === session.key ? { id: session.id, holder } : undefined;
}

/** The principal a session stands for now: a token's from its key, a person's while their role is still mapped. */
function principalOfSession(holder: SessionHolder, options: SessionOptions): Principal | undefined {
  if (!holder.person) return options.access.principalForSessionKey(holder.key);
  const roleName = holder.person.party ? `${holder.person.role}/${holder.person.party}` : holder.person.role;
  return options.personal?.stillMapped(roleName) ? holder.person : undefined;
}

/**
 * Sets `req.principal` from the session cookie, or from a bearer token on the routes that take one
 * (`config.bearer`: the CSV, for scripts). The access check (client/http/access-hook.ts) decides.
 */
export function loadPrincipal(options: SessionOptions) {
  return async (req: FastifyRequest) => {
    const session = await sessionOf(req, options);
    const principal = session ? principalOfSession(session.holder, options) : undefined;
    if (principal) {
      req.principal = principal;
      req.webAuth = 'session';
      return;
    }
    if (!req.routeOptions.config?.bearer) return;
    const token = bearerToken(req.headers.authorization);
    const byToken = token ? options.access.principalFor(token) : undefined;
    if (byToken) {
      req.principal = byToken;
      req.webAuth = 'bearer';
    }
  };
}

/** Where a principal lands after signing in: a registrator on its party's page, others on the overview. */
export function homeOf(principal: Principal): string {
  return principal.role === 'registrator' && principal.party ? `/part/${encodeURIComponent(principal.party)}` : '/';
}

/**
 * Opens a session for `holder` and sets its cookie; a session open in this browser already (signing
 * in again) ends first.
 */
export async function startSession(req: FastifyRequest, reply: FastifyReply, options: SessionOptions, holder: SessionHolder): Promise<void> {
  const previous = await sessionOf(req, options);
  if (previous) await options.sessions.close(previous.id);
  reply.setCookie(SESSION_COOKIE, encodeSession(await options.sessions.open(holder, options.now?.()), holder.key), {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: secure(req, options),
    maxAge: SESSION_HOURS * 3600,
  });
}

function signInPage(options: { csrfToken: string; next: string; error?: string; mail?: boolean; personal?: boolean }): string {
  const error = options.error;
  return page({
    title: 'Logga in',
    nav: { active: 'logga-in', mail: options.mail },
    body: html`<h1>Logga in</h1>
${
  options.personal
    ? html`<p>Logga in med ditt konto i organisationen. Din roll kommer från organisationens konto, och det du registrerar visas med ditt namn.</p>
<p><a class="button" id="logga-in-oidc" href="/logga-in/oidc?next=${encodeURIComponent(options.next)}">Logga in med organisationens konto</a></p>
<h2>Logga in med nyckel</h2>`
    : ''
}
<p>Logga in med den nyckel (API-token) du har fått av administratören. Förvaltare ser allt men ändrar inget; administratörer kan också registrera och rätta.</p>
${error ? html`<div class="error-summary" role="alert" id="fel"><h2>Inloggningen misslyckades</h2><p>${error}</p></div>` : ''}
<form method="post" action="/logga-in" class="form">
${csrfField(options.csrfToken)}
<input type="hidden" name="next" value="${options.next}">
<div class="field">
<label for="token">Nyckel</label>
<span class="hint" id="token-hint">Minst 16 tecken. Sparas inte: inloggningen gäller i ${SESSION_HOURS} timmar.</span>
<input id="token" name="token" type="password" autocomplete="current-password" required minlength="16" aria-describedby="token-hint${error ? ' fel' : ''}"${error ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Logga in</button>
</form>`,
  });
}

/** GET/POST /logga-in and POST /logga-ut. The web scope must have @fastify/cookie, formbody and csrf registered. */
export function registerSessionRoutes(app: FastifyInstance, options: SessionOptions): void {
  const personal = Boolean(options.personal);
  app.get<{ Querystring: { next?: string } }>('/logga-in', { config: { action: 'public' } }, async (req, reply) => {
    if (req.principal && req.webAuth === 'session') return reply.redirect(safeNext(req.query.next), 303);
    return reply.type('text/html; charset=utf-8').send(signInPage({ csrfToken: reply.generateCsrf(), next: safeNext(req.query.next), personal }));
  });

  app.post<{ Body: { token?: string; next?: string } }>('/logga-in', { config: { action: 'public' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    const principal = token ? options.access.principalFor(token) : undefined;
    const key = token ? options.access.sessionKeyFor(token) : undefined;
    const next = safeNext(req.body?.next);
    if (!principal || !key) {
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(signInPage({ csrfToken: reply.generateCsrf(), next, personal, error: token ? 'Nyckeln känns inte igen. Kontrollera att du har klistrat in hela nyckeln.' : 'Ange din nyckel.' }));
    }
    await startSession(req, reply, options, { key });
    return reply.redirect(next === '/' ? homeOf(principal) : next, 303);
  });

  app.post('/logga-ut', { config: { action: 'public' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const session = await sessionOf(req, options);
    if (session) await options.sessions.close(session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req, options) });
    // A person signed out here may still be signed in at the provider: offer its sign-out too.
    const endSession = session?.holder.person ? await options.personal?.endSessionUrl() : undefined;
    if (!endSession) return reply.redirect('/logga-in', 303);
    return reply.type('text/html; charset=utf-8').send(
      messagePage({
        title: 'Du är utloggad',
        csrfToken: reply.generateCsrf(),
        message: 'Du är utloggad från Ärendeflöde. Du är fortfarande inloggad med organisationens konto i webbläsaren; logga ut även där om du lämnar datorn.',
        link: { href: endSession.href, label: 'Logga ut från organisationens konto' },
      }),
    );
  });
}
