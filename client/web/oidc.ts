// Personal sign-in: OpenID Connect, authorization code flow with PKCE, against the organisation's
// provider (Entra ID at the region) as a confidential client (openid-client). The person's role
// comes from the ID token's role claim through ARENDE_OIDC_ROLE_MAP (oidc-person.ts); the session
// holds that principal, whose name (the actor of every event they record) carries their id and name.
//
// GET /logga-in/oidc starts the flow: state, nonce and PKCE verifier go in a short-lived (10 min)
// signed HttpOnly cookie scoped to /logga-in/oidc, not in this process's memory, because the
// provider's redirect back (GET /logga-in/oidc/svar) may reach another HTTP server behind the same
// address. SameSite=Lax: that redirect is a top-level navigation from the provider's site, which a
// Strict cookie would not follow. The callback checks state, nonce and the ID token (openid-client),
// then opens a session in the shared store, or refuses a person whose claims map to no role.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcSettings } from '../../config/environment';
import { html } from './html';
import { messagePage, page } from './layout';
import { personPrincipal } from './oidc-person';
import { homeOf, safeNext, secure, startSession, type PersonalSignIn, type SessionOptions } from './session';

export const OIDC_PATH = '/logga-in/oidc';
export const OIDC_CALLBACK_PATH = `${OIDC_PATH}/svar`;
const FLOW_COOKIE = 'arende_oidc';
const FLOW_MINUTES = 10;

/** The redirect URI registered at the provider: ARENDE_PUBLIC_URL + /logga-in/oidc/svar. */
export function redirectUri(settings: Pick<OidcSettings, 'publicUrl'>): string {
  return `${settings.publicUrl.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`;
}

const Flow = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), next: z.string(), exp: z.number().int() });
type Flow = z.infer<typeof Flow>;

/** The provider, discovered once (and again after a failed attempt). */
export class OidcProvider implements PersonalSignIn {
  private config?: Promise<client.Configuration>;

  constructor(readonly settings: OidcSettings) {}

  configuration(): Promise<client.Configuration> {
    const insecure = new URL(this.settings.issuer).protocol === 'http:';
    this.config ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, client.ClientSecretPost(this.settings.clientSecret), insecure ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.config = undefined;
        throw err;
      });
    return this.config;
  }

  stillMapped(roleName: string): boolean {
    return this.settings.roleMap.some((entry) => entry.roleName === roleName);
  }

  async endSessionUrl(): Promise<URL | undefined> {
    // This server may not have discovered the provider yet (another one ran the person's sign-in);
    // a provider that does not answer soon only costs the link, never the sign-out.
    const config = await Promise.race([this.configuration().catch(() => undefined), new Promise<undefined>((done) => setTimeout(() => done(undefined), 3_000).unref())]);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, { client_id: this.settings.clientId, post_logout_redirect_uri: `${this.settings.publicUrl.replace(/\/+$/, '')}/logga-in` });
  }
}

function refusal(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(messagePage({ title, csrfToken: reply.generateCsrf(), message, link: { href: '/logga-in', label: 'Till inloggningen' } }));
}

export function registerOidcRoutes(app: FastifyInstance, provider: OidcProvider, options: SessionOptions): void {
  const flowCookie = (req: FastifyRequest) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, path: OIDC_PATH, secure: secure(req, options) });
  const now = () => options.now?.() ?? Date.now();

  app.get<{ Querystring: { next?: string } }>(OIDC_PATH, { config: { action: 'public' } }, async (req, reply) => {
    let config: client.Configuration;
    try {
      config = await provider.configuration();
    } catch (err) {
      req.log.warn({ err }, 'OIDC discovery failed');
      return refusal(reply, 503, 'Inloggningen svarar inte', 'Organisationens inloggning svarar inte just nu. Försök igen om en stund, eller logga in med nyckel.');
    }
    const flow: Flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next: safeNext(req.query.next), exp: now() + FLOW_MINUTES * 60_000 };
    reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), { ...flowCookie(req), maxAge: FLOW_MINUTES * 60 });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(provider.settings),
      scope: 'openid profile email',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return reply.redirect(url.href, 303);
  });

  app.get(OIDC_CALLBACK_PATH, { config: { action: 'public' } }, async (req, reply) => {
    const flow = readFlow(req, now());
    reply.clearCookie(FLOW_COOKIE, flowCookie(req));
    if (!flow) return refusal(reply, 400, 'Inloggningen gick inte att slutföra', `Inloggningen hade gått ut (den gäller i ${FLOW_MINUTES} minuter) eller startades i en annan webbläsare. Försök igen.`);
    const query = new URL(req.url, 'http://x').searchParams;
    if (query.has('error')) {
      req.log.info({ error: query.get('error') }, 'OIDC provider refused the sign-in');
      return refusal(reply, 401, 'Inloggningen avbröts', 'Organisationens inloggning slutfördes inte. Försök igen, eller logga in med nyckel.');
    }
    let claims: Record<string, unknown> | undefined;
    try {
      const config = await provider.configuration();
      const current = new URL(redirectUri(provider.settings));
      current.search = query.toString();
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (err) {
      req.log.warn({ err }, 'OIDC code exchange or ID token check failed');
      return refusal(reply, 401, 'Inloggningen gick inte att slutföra', 'Svaret från organisationens inloggning kunde inte godtas. Försök igen.');
    }
    const principal = claims ? personPrincipal(claims, provider.settings) : undefined;
    if (!principal) {
      req.log.info({ claim: provider.settings.roleClaim }, 'OIDC sign-in refused: no mapped role');
      return refusal(
        reply,
        403,
        'Ingen roll i Ärendeflöde',
        'Ditt konto i organisationen har ingen roll i Ärendeflöde, så du kan inte logga in här. Be administratören ge ditt konto en roll (administratör, förvaltare eller registrator för en part).',
      );
    }
    await startSession(req, reply, options, { key: randomBytes(18).toString('base64url'), person: principal });
    // A page, not a redirect: the session cookie is SameSite=Strict, and a browser does not send it
    // on a redirect chain that began at the provider's site; a refresh from this page is same-site.
    const target = flow.next === '/' ? homeOf(principal) : flow.next;
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Inloggad',
        head: html`<meta http-equiv="refresh" content="0;url=${target}">`,
        body: html`<h1>Du är inloggad</h1><p><a id="fortsatt" href="${target}">Fortsätt</a></p>`,
      }),
    );
  });
}

function readFlow(req: FastifyRequest, now: number): Flow | undefined {
  const cookie = req.cookies[FLOW_COOKIE];
  const unsigned = cookie ? req.unsignCookie(cookie) : undefined;
  if (!unsigned?.valid || !unsigned.value) return undefined;
  try {
    const flow = Flow.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return flow.success && flow.data.exp > now ? flow.data : undefined;
  } catch {
    return undefined;
  }
}
