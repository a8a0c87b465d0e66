// Signing in to the web pages with an API token (the roles of ARENDE_API_TOKENS, checked by the
// API's AccessControl), and the session cookie that remembers it.
//
// The cookie `arende_session` holds {k, exp} as base64url JSON, signed with HMAC-SHA256 by
// @fastify/cookie (a changed byte fails the signature): k is a fingerprint of the token signed in
// with (AccessControl.sessionKeyFor; never the token), exp is 8 hours after sign-in. Both are checked
// on every request, and the principal (role, party, name) is looked up afresh from k: a token
// removed from or changed in ARENDE_API_TOKENS ends its sessions at once. HttpOnly (no script reads
// it), SameSite=Strict (no other site's page sends it), Path=/, Secure when the request came over
// https or ARENDE_PUBLIC_URL is https.
//
// The signing secret (`sessionSecret`): ARENDE_SESSION_SECRET when set (at least 32 characters);
// otherwise derived from ARENDE_LINK_SECRET with HKDF-SHA256 and the fixed label
// "arendeflode/session-cookie/v1", so a deployment needs no second secret and the two keys differ;
// with neither, a random secret per process (every session ends when the server restarts).
import { hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import { AccessControl, bearerToken, type Role } from '../api/access';
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

const SessionPayload = z.object({ k: z.string().regex(/^[\w-]{16,64}$/), exp: z.number().int() });
export type SessionPayload = z.infer<typeof SessionPayload>;

/** The cookie value before signing, for the session key of the token signed in with. */
export function encodeSession(sessionKey: string, now = Date.now()): string {
  const payload: SessionPayload = { k: sessionKey, exp: now + SESSION_HOURS * 3_600_000 };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The session key of an unsigned cookie value, or undefined when it is malformed or expired. */
export function decodeSession(value: string, now = Date.now()): string | undefined {
  try {
    const parsed = SessionPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.exp > now ? parsed.data.k : undefined;
  } catch {
    return undefined;
  }
}

export interface SessionOptions {
  access: AccessControl;
  /** ARENDE_PUBLIC_URL: https there makes the cookie Secure even behind a TLS-terminating proxy. */
  publicUrl?: string;
  now?: () => number;
}

/** Only paths on this site: `/x?y`, never `//host` or `https://…`. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/logga-') ? next : '/';
}

function secure(req: FastifyRequest, options: SessionOptions): boolean {
  return req.protocol === 'https' || (options.publicUrl ?? '').startsWith('https:');
}

/** Sets `req.principal` from the session cookie (or, flagged as such, from a bearer token). */
export function loadPrincipal(options: SessionOptions) {
  return async (req: FastifyRequest) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) {
      const unsigned = req.unsignCookie(cookie);
      const key = unsigned.valid && unsigned.value ? decodeSession(unsigned.value, options.now?.()) : undefined;
      const principal = key ? options.access.principalForSessionKey(key) : undefined;
      if (principal) {
        req.principal = principal;
        req.webAuth = 'session';
        return;
      }
    }
    const token = bearerToken(req.headers.authorization);
    const principal = token ? options.access.principalFor(token) : undefined;
    if (principal) {
      req.principal = principal;
      req.webAuth = 'bearer';
    }
  };
}

/**
 * A preHandler: the signed-in principal must have one of `roles`. Not signed in: a page request is
 * sent to /logga-in?next=<this page>; a wrong role gets a 403 page naming the roles. A bearer
 * token counts only where `bearer` is set (the CSV export, for scripts).
 */
export function requirePrincipal(roles: readonly Role[], options: { bearer?: boolean } = {}): preHandlerHookHandler {
  return function (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    const principal = req.principal && (req.webAuth === 'session' || options.bearer) ? req.principal : undefined;
    if (!principal) {
      if (req.headers.authorization) {
        reply.code(401).header('www-authenticate', 'Bearer').type('text/plain; charset=utf-8').send('Okänd eller saknad nyckel (Authorization: Bearer <token>).\n');
        return;
      }
      const next = req.method === 'GET' ? req.url : '/';
      reply.redirect(`/logga-in?next=${encodeURIComponent(next)}`, 303);
      return;
    }
    if (!roles.includes(principal.role)) {
      reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(messagePage({ title: 'Ingen behörighet', principal, csrfToken: reply.generateCsrf(), message: `Sidan är för ${roles.join(' eller ')}; du är inloggad som ${principal.name}.`, link: { href: '/', label: 'Till startsidan' } }));
      return;
    }
    done();
  };
}

function signInPage(options: { csrfToken: string; next: string; error?: string; mail?: boolean }): string {
  const error = options.error;
  return page({
    title: 'Logga in',
    nav: { active: 'logga-in', mail: options.mail },
    body: html`<h1>Logga in</h1>
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
  app.get<{ Querystring: { next?: string } }>('/logga-in', async (req, reply) => {
    if (req.principal && req.webAuth === 'session') return reply.redirect(safeNext(req.query.next), 303);
    return reply.type('text/html; charset=utf-8').send(signInPage({ csrfToken: reply.generateCsrf(), next: safeNext(req.query.next) }));
  });

  app.post<{ Body: { token?: string; next?: string } }>('/logga-in', { preHandler: app.csrfProtection }, async (req, reply) => {
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    const principal = token ? options.access.principalFor(token) : undefined;
    const key = token ? options.access.sessionKeyFor(token) : undefined;
    const next = safeNext(req.body?.next);
    if (!principal || !key) {
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(signInPage({ csrfToken: reply.generateCsrf(), next, error: token ? 'Nyckeln känns inte igen. Kontrollera att du har klistrat in hela nyckeln.' : 'Ange din nyckel.' }));
    }
    reply.setCookie(SESSION_COOKIE, encodeSession(key, options.now?.()), {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: secure(req, options),
      maxAge: SESSION_HOURS * 3600,
    });
    const home = principal.role === 'registrator' && principal.party ? `/part/${encodeURIComponent(principal.party)}` : '/';
    return reply.redirect(next === '/' ? home : next, 303);
  });

  app.post('/logga-ut', { preHandler: app.csrfProtection }, async (req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req, options) });
    return reply.redirect('/logga-in', 303);
  });
}
