// The web pages (Swedish, server-rendered, no build step), registered by client/http/server.ts in a
// scope of their own so the API keeps its own rules: security headers with a strict CSP (helmet),
// signed cookies, CSRF protection for every POST form, urlencoded forms, the session (sign-in with
// an API token, or with the organisation's account: oidc.ts), /assets, and the pages: overview, per party, CSV, case, mail, status.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import { mailPages } from '../http/mail-pages';
import { handleApiError, sendApiNotFound } from '../api/plugin';
import { frameworkProblem } from '../http/framework-errors';
import { CaseNotFound, CaseUnavailable } from '../api/gateway';
import { AccessRefused } from '../http/access-hook';
import { allows } from '../api/permissions';
import { html, raw } from './html';
import { messagePage, page } from './layout';
import { MemorySessionStore, ReadModelSessionStore, loadPrincipal, registerSessionRoutes, type SessionOptions } from './session';
import { OidcProvider, registerOidcRoutes } from './oidc';
import { caseNotFoundPage, notFoundPage, type SendPageOptions, type WebDependencies } from './context';
import { registerOverviewRoutes } from './overview-routes';
import { registerCaseRoutes } from './case-routes';
import { registerReportPages } from './report-pages';
import { registerAdminForms } from './admin-forms';
import { registerDecisionImport } from './decision-import-admin';
import { registerDocumentImport } from './document-import';
import { logServerError } from '../http/logging';

/** The strict policy of every page: nothing inline, nothing from elsewhere, never framed. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  frameSrc: ["'self'"],
};

// The mail pages show a message's HTML in a sandboxed frame (no scripts, opaque origin), which
// inherits this policy: mail HTML is styled inline, so only these pages allow inline styles.
const MAIL_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ASSET_DIR = join(__dirname, 'assets');
const ASSET_TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

export async function webPlugin(app: FastifyInstance, deps: WebDependencies): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    hsts: (deps.publicUrl ?? '').startsWith('https:') ? { maxAge: 31536000 } : false,
  });
  await app.register(fastifyCookie, { secret: deps.sessionSecret });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  const secure = (deps.publicUrl ?? '').startsWith('https:');
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure } });

  const oidc = deps.oidc ? new OidcProvider(deps.oidc) : undefined;
  const sessions = deps.sessions ?? (deps.readModel ? new ReadModelSessionStore(deps.readModel) : new MemorySessionStore());
  const sessionOptions: SessionOptions = { access: deps.access, sessions, publicUrl: deps.publicUrl, personal: oidc, now: deps.now };
  app.addHook('onRequest', loadPrincipal(sessionOptions));
  // Pages carry a signed-in user's data: never cached by a shared cache or kept after sign-out.
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/assets/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // The header names a signed-in registrator's party by name.
  const partyNames = (id: string) => deps.registry?.get(id)?.name ?? deps.parties.find((p) => p.id === id)?.name;
  app.decorateReply('sendPage', function (this: FastifyReply, options: SendPageOptions) {
    const principal = this.request.principal && this.request.webAuth === 'session' ? this.request.principal : undefined;
    return this.code(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(page({ title: options.title, body: options.body, principal, partyNames, csrfToken: this.generateCsrf(), nav: { active: options.active, mail: Boolean(deps.mailDir) && allows(principal?.role, 'mail.read') } }));
  });

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    // An unknown /api/ address (its not-found route is this scope's) answers as the API does: JSON.
    if (req.url === '/api' || req.url.startsWith('/api/')) return handleApiError(err, req, reply);
    // Refused by the permission table (client/http/access-hook.ts).
    if ((err as Error) instanceof AccessRefused) {
      if ((err as unknown as AccessRefused).kind === 'unauthenticated') {
        if (req.headers.authorization) {
          return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain; charset=utf-8').send('Okänd eller saknad nyckel (Authorization: Bearer <token>).\n');
        }
        return reply.redirect(`/logga-in?next=${encodeURIComponent(req.method === 'GET' ? req.url : '/')}`, 303);
      }
      const principal = req.principal && req.webAuth === 'session' ? req.principal : undefined;
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(messagePage({ title: 'Ingen behörighet', principal, csrfToken: reply.generateCsrf(), nav: { mail: Boolean(deps.mailDir) && allows(principal?.role, 'mail.read') }, message: `Du får inte göra detta: ${err.message}.`, link: { href: '/', label: 'Till startsidan' } }));
    }
    // A case that does not exist, or (to a registrator) does not ask its party: the same page.
    if ((err as Error) instanceof CaseNotFound) return caseNotFoundPage(reply, (err as unknown as CaseNotFound).dnr);
    if (err.code?.startsWith('FST_CSRF')) {
      return reply.sendPage({
        status: 403,
        title: 'Formuläret kunde inte skickas',
        body: html`<h1>Formuläret kunde inte skickas</h1><p>Sidan var för gammal, eller formuläret kom från en annan webbplats. Gå tillbaka, ladda om sidan och försök igen.</p><p><a href="/">Till översikten</a></p>`,
      });
    }
    if ((err as Error) instanceof CaseUnavailable) {
      return reply.sendPage({
        status: 503,
        title: 'Försök igen om en stund',
        body: html`<h1>Försök igen om en stund</h1><p>${err.message}</p><p><a href="/">Till översikten</a></p>`,
      });
    }
    // Fastify's own refusals (too large, wrong media type, bad JSON) in Swedish, as the API says them.
    const framework = frameworkProblem(err, req);
    const status = framework?.status ?? (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500);
    if (status === 500) logServerError(req, err);
    return reply.sendPage({
      status,
      title: status === 500 ? 'Något gick fel' : 'Felaktig begäran',
      body: html`<h1>${status === 500 ? 'Något gick fel' : 'Felaktig begäran'}</h1><p>${status === 500 ? 'Sidan kunde inte visas just nu. Försök igen om en stund.' : (framework?.body.error ?? err.message)}</p><p><a href="/">Till översikten</a></p>`,
    });
  });

  // One not-found handler for the whole server (Fastify allows one per prefix): the API's JSON under
  // /api/, a page a person can act on everywhere else.
  app.setNotFoundHandler((req, reply) => {
    if (req.url === '/api' || req.url.startsWith('/api/')) return sendApiNotFound(req, reply);
    return notFoundPage(reply, html`Det finns ingen sida på adressen <code>${req.url}</code>. Kontrollera adressen.`);
  });

  // Static assets from client/web/assets: the listed files only, read once.
  const assets = new Map<string, Buffer>();
  for (const file of readdirSync(ASSET_DIR)) if (ASSET_TYPES[file.split('.').pop() ?? '']) assets.set(file, readFileSync(join(ASSET_DIR, file)));
  app.get<{ Params: { file: string } }>('/assets/:file', { config: { action: 'public' } }, async (req, reply) => {
    const body = assets.get(req.params.file);
    if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Finns inte.\n');
    return reply.type(ASSET_TYPES[req.params.file.split('.').pop()!]!).header('cache-control', 'public, max-age=86400').send(body);
  });

  registerSessionRoutes(app, sessionOptions);
  if (oidc) registerOidcRoutes(app, oidc, sessionOptions);
  registerOverviewRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerReportPages(app, deps);
  registerAdminForms(app, deps);
  registerDecisionImport(app, deps);
  registerDocumentImport(app, deps);

  if (deps.status) {
    const status = deps.status;
    app.get('/status', { config: { action: 'public' } }, async (_req, reply) => reply.sendPage({ title: 'Status', active: 'status', body: await status() }));
  }

  if (deps.mailDir) {
    const mailDir = deps.mailDir;
    // Caught mail holds every party's report links: its routes are `mail.read` (administrators).
    await app.register(mailPages, {
      mailDir,
      csp: MAIL_CSP,
      layout: (req, reply, title, body) =>
        page({ title, body: raw(body), principal: req.principal, partyNames, csrfToken: reply.generateCsrf(), nav: { active: 'mail', mail: true } }),
    });
  }
}

export { messagePage };
export type { WebDependencies } from './context';
